/// The folding that alias matching uses on both aliases and reports: lower case, Italian accents removed,
/// apostrophes split (`dell'infortunio` → `dell infortunio`), anything but letters and digits a separator, and
/// connective words dropped so that "certificato di malattia" and "certificato malattia" match alike.
///
/// Kept separate from `TextNormalizer` on purpose: aliases must match whatever the normaliser's stemmer does.
public enum AliasText {
    /// Words ignored when matching aliases (Italian and English articles and prepositions).
    public static let connectives: Set<String> = [
        "a", "ad", "al", "alla", "alle", "allo", "ai", "agli", "da", "dal", "dalla", "dai", "di", "del", "della",
        "delle", "dello", "dei", "degli", "d", "e", "ed", "il", "lo", "la", "le", "l", "i", "gli", "un", "uno",
        "una", "in", "nel", "nella", "nei", "per", "con", "su", "sul", "sulla", "the", "of", "for", "to", "and",
        "an", "on", "my",
    ]

    /// The folded words of `text`, connectives removed.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        appendWords(text, to: &words)
        return words
    }

    /// Appends `words(text)` to `words` (no array per text when many texts are read in a row).
    public static func appendWords(_ text: String, to words: inout [String]) {
        if appendPlainWord(text, to: &words) { return }
        if appendLatinWords(text, to: &words) { return }
        appendGeneralWords(text, to: &words)
    }

    /// The general `Character` path (any script): what every fast path must reproduce.
    static func appendGeneralWords(_ text: String, to words: inout [String]) {
        var current = ""
        func flush() {
            if !current.isEmpty, !connectives.contains(current) { words.append(current) }
            current = ""
        }
        for ch in text.lowercased() {
            if let folded = fold(ch) {
                current += folded
            } else if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else {
                flush()
            }
        }
        flush()
    }

    /// The alias words of every token's surface, in order (what service inference reads).
    public static func words(ofSurfaces tokens: [Token]) -> [String] {
        var words: [String] = []
        words.reserveCapacity(tokens.count)
        for token in tokens { appendWords(token.surface, to: &words) }
        return words
    }

    /// The commonest case: `text` is one word of ASCII lower-case letters and digits, its own alias word (the
    /// string is shared, not copied). Returns false, appending nothing, for any other text.
    @inline(__always)
    private static func appendPlainWord(_ text: String, to words: inout [String]) -> Bool {
        var utf8 = text
        let plain = utf8.withUTF8 { bytes -> Bool in
            guard !bytes.isEmpty else { return false }
            for byte in bytes where !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)) { return false }
            if bytes.count <= ConnectiveTable.longest, ConnectiveTable.contains(bytes) { return true }
            words.append(text)
            return true
        }
        return plain
    }

    /// `words(_:)` for a text of ASCII and Latin-1 letters (nearly every token surface) by bytes, without
    /// `Character` work; false, appending nothing, when the text holds anything else. Same result as the
    /// general path: Latin-1 upper case lowered, the accented vowels, `ç` and `ñ` folded, other Latin-1 letters
    /// kept, `×` and `÷` separators.
    private static func appendLatinWords(_ text: String, to words: inout [String]) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool in
            // Checked first, so that nothing is appended when the general path must run.
            var k = 0
            while k < bytes.count {
                let byte = bytes[k]
                if byte < 0x80 {
                    k += 1
                } else if byte == 0xC3, k + 1 < bytes.count, bytes[k + 1] >= 0x80, bytes[k + 1] <= 0xBF {
                    k += 2
                } else {
                    return false
                }
            }
            var current: [UInt8] = []
            current.reserveCapacity(bytes.count)
            func flush() {
                guard !current.isEmpty else { return }
                let isConnective = current.count <= ConnectiveTable.longest
                    && current.withUnsafeBufferPointer { ConnectiveTable.contains($0) }
                if !isConnective { words.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
            }
            k = 0
            while k < bytes.count {
                let byte = bytes[k]
                if byte < 0x80 {
                    switch byte {
                    case 0x41...0x5A: current.append(byte + 0x20)
                    case 0x61...0x7A, 0x30...0x39: current.append(byte)
                    default: flush()
                    }
                    k += 1
                    continue
                }
                // U+00C0...U+00FF, lowered (U+00C0...U+00DE but ×) and folded.
                var v = UInt32(bytes[k + 1] & 0x3F) | 0xC0
                k += 2
                if v <= 0xDE, v != 0xD7 { v += 0x20 }
                switch v {
                case 0xE0...0xE5: current.append(0x61)
                case 0xE7: current.append(0x63)
                case 0xE8...0xEB: current.append(0x65)
                case 0xEC...0xEF: current.append(0x69)
                case 0xF1: current.append(0x6E)
                case 0xF2...0xF6: current.append(0x6F)
                case 0xF9...0xFC: current.append(0x75)
                case 0xD7, 0xF7: flush()
                default:
                    current.append(0xC3)
                    current.append(UInt8(0x80 | (v & 0x3F)))
                }
            }
            flush()
            return true
        }
    }

    /// `connectives` by length, compared as bytes.
    private enum ConnectiveTable {
        static let longest = connectives.map(\.utf8.count).max() ?? 0
        static let byLength: [[[UInt8]]] = {
            var table = [[[UInt8]]](repeating: [], count: longest + 1)
            for word in connectives.sorted() { table[word.utf8.count].append(Array(word.utf8)) }
            return table
        }()

        @inline(__always)
        static func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            for word in byLength[bytes.count] where word.elementsEqual(bytes) { return true }
            return false
        }
    }

    /// Accented Latin letters to their base letters; nil for any other character.
    static func fold(_ ch: Character) -> String? {
        switch ch {
        case "à", "á", "â", "ä", "ã", "å": "a"
        case "è", "é", "ê", "ë": "e"
        case "ì", "í", "î", "ï": "i"
        case "ò", "ó", "ô", "ö", "õ": "o"
        case "ù", "ú", "û", "ü": "u"
        case "ç": "c"
        case "ñ": "n"
        default: nil
        }
    }
}
