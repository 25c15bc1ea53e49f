/// A short text in Italian and/or English, e.g. a workaround; offices read it in their own locale.
public struct LocalizedText: Hashable, Sendable {
    /// Italian text.
    public var italian: String?
    /// English text.
    public var english: String?

    /// Creates a text.
    public init(italian: String? = nil, english: String? = nil) {
        self.italian = italian
        self.english = english
    }

    /// True when neither language has text.
    public var isEmpty: Bool { (italian ?? "").isEmpty && (english ?? "").isEmpty }

    /// The text in `language`, falling back to the other language rather than showing nothing.
    public func text(for language: Language) -> String? {
        switch language {
        case .italian: nonEmpty(italian) ?? nonEmpty(english)
        case .english: nonEmpty(english) ?? nonEmpty(italian)
        }
    }

    private func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}
