/// RFC 2047 encoded-words (`=?UTF-8?Q?...?=`) for non-ASCII subjects, display names and header values.
///
/// The Q encoding keeps mostly-Latin Italian text readable in raw form. Only the characters allowed in a
/// `phrase` (RFC 2047 §5 rule 3) stay literal, so the same words are valid in a display name and a subject.
enum EncodedWord {
    /// The longest encoded-word (RFC 2047 §2).
    static let maximumWordLength = 75
    private static let prefix = "=?UTF-8?Q?"
    private static let suffix = "?="

    /// Encodes `text` as encoded-words; the first may be at most `firstWordLength` characters long (to fit after
    /// a header name), the others `maximumWordLength`. A character's UTF-8 bytes never straddle two words (RFC
    /// 2047 §5 rule 3), so each word decodes on its own.
    static func encode(_ text: String, firstWordLength: Int = maximumWordLength) -> [String] {
        let overhead = prefix.utf8.count + suffix.utf8.count
        var words: [String] = []
        var payload = ""
        var capacity = max(firstWordLength, overhead + 12) - overhead
        for character in text {
            var piece = ""
            for byte in String(character).utf8 { piece += encode(byte) }
            if !payload.isEmpty, payload.utf8.count + piece.utf8.count > capacity {
                words.append(prefix + payload + suffix)
                payload = ""
                capacity = maximumWordLength - overhead
            }
            payload += piece
        }
        if !payload.isEmpty || words.isEmpty { words.append(prefix + payload + suffix) }
        return words
    }

    private static func encode(_ byte: UInt8) -> String {
        switch byte {
        case 0x20: return "_"
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            return String(Unicode.Scalar(byte))
        default:
            return "=" + Hex.byte(byte)
        }
    }

    /// Whether `text` can go into a header as it is: printable ASCII and spaces only, and nothing that a reader
    /// would mistake for an encoded-word.
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || ($0 >= 0x21 && $0 <= 0x7E) } && !text.contains("=?")
    }
}
