/// Removes personal data from texts quoted in alerts and reports.
///
/// Codice fiscale, IBAN, e-mail addresses, phone numbers and partite IVA become `[CF]`, `[IBAN]`, `[EMAIL]`,
/// `[TEL]`, `[P.IVA]`; everything else, error codes and dates included, is left exactly as written. The
/// recognisers are the normaliser's (`PatternScanner`), run on a position-preserving fold of the text.
public enum Redactor {
    /// `text` with its personal data replaced by markers.
    ///
    /// Runs passes until one changes nothing: a marker changes its neighbourhood (an e-mail's domain that
    /// swallowed a codice fiscale becomes a plain domain once the code is a marker), so one pass can leave
    /// data that a second would find. Every change only replaces data with a marker, so this converges in a
    /// couple of passes; redacting a redacted text changes nothing (checked by the `text` fuzz target).
    public static func redact(_ text: String) -> String {
        var current = text
        for _ in 0..<8 {
            let next = redactOnce(current)
            if next == current { return current }
            current = next
        }
        return current
    }

    /// One scan of `text`, replacing every match of a personal-data recogniser.
    static func redactOnce(_ text: String) -> String {
        let original = Array(text.unicodeScalars)
        let folded = TextFolding.foldKeepingPositions(text)
        var scanner = PatternScanner(folded)
        var out = String.UnicodeScalarView()
        var copied = 0
        var changed = false
        while let item = scanner.next() {
            guard case .placeholder(let kind) = item.kind, let marker = kind.redactionMarker else { continue }
            out.append(contentsOf: original[copied..<item.start])
            out.append(contentsOf: marker.unicodeScalars)
            copied = item.end
            changed = true
        }
        guard changed else { return text }
        out.append(contentsOf: original[copied...])
        return String(out)
    }
}
