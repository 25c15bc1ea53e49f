/// Turns a report into tokens: Unicode folding, elision splitting, stop words, stemming, masking.
///
/// Pure and deterministic; one instance is shared by the engine and by every evaluation.
public struct TextNormalizer: Sendable {
    /// Creates a normaliser with the built-in Italian and English resources.
    public init() {}

    /// Normalises `text`.
    public func normalize(_ text: String) -> NormalizedText {
        // Provisional implementation: lowercase words of letters and digits. Replaced by the full pipeline.
        var tokens: [Token] = []
        var current = ""
        func flush() {
            if current.count > 1 { tokens.append(Token(term: current, surface: current, kind: .word)) }
            current = ""
        }
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else { flush() }
        }
        flush()
        return NormalizedText(language: .italian, tokens: tokens)
    }
}
