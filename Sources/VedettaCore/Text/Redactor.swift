/// Removes personal data from texts quoted in alerts and reports.
///
/// Codice fiscale, IBAN, e-mail addresses, phone numbers and partite IVA become `[CF]`, `[IBAN]`, `[EMAIL]`,
/// `[TEL]`, `[P.IVA]`; everything else, error codes and dates included, is left exactly as written. The
/// recognisers are the normaliser's (`PatternScanner`), run on a position-preserving fold of the text.
public enum Redactor {
    /// `text` with its personal data replaced by markers.
    public static func redact(_ text: String) -> String {
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
