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
        if let ascii = asciiWords(text) { return ascii }
        var words: [String] = []
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
        return words
    }

    /// `words(_:)` for a text that is all ASCII (nearly every token surface), without `Character` work; nil
    /// when the text holds anything else. Same result as the general path.
    private static func asciiWords(_ text: String) -> [String]? {
        var words: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(24)
        func flush() {
            guard !current.isEmpty else { return }
            let word = String(decoding: current, as: UTF8.self)
            if !connectives.contains(word) { words.append(word) }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x80...: return nil
            case 0x41...0x5A: current.append(byte + 0x20)
            case 0x61...0x7A, 0x30...0x39: current.append(byte)
            default: flush()
            }
        }
        flush()
        return words
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
