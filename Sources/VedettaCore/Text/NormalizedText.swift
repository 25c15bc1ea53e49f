/// A report after normalisation: its guessed language and its tokens in order.
public struct NormalizedText: Hashable, Sendable {
    /// Guessed language of the report.
    public var language: Language
    /// Tokens in reading order, stop words removed.
    public var tokens: [Token]

    /// Creates a normalised text.
    public init(language: Language, tokens: [Token]) {
        self.language = language
        self.tokens = tokens
    }
}

/// A language the normaliser knows.
public enum Language: String, Hashable, Sendable, Codable {
    case italian = "it"
    case english = "en"
}

/// One token of a normalised report.
public struct Token: Hashable, Sendable {
    /// What a token is.
    public enum Kind: Hashable, Sendable {
        /// An ordinary word; `term` is its stem.
        case word
        /// An error code kept as a strong feature (`503`, `E-1021`); `term` is `#` + the canonical code.
        case errorCode
        /// A masked variable part; `term` is `PlaceholderKind.term`, e.g. `<number>`, `<date>`, `<email>`.
        case placeholder(PlaceholderKind)
    }

    /// The feature: a stem, `#CODE` for error codes, `<kind>` for placeholders.
    public var term: String
    /// The surface form as written (case-folded), for readable cluster labels.
    public var surface: String
    /// What the token is.
    public var kind: Kind

    /// Creates a token.
    public init(term: String, surface: String, kind: Kind) {
        self.term = term
        self.surface = surface
        self.kind = kind
    }
}

/// The variable parts that the normaliser masks.
public enum PlaceholderKind: String, Hashable, Sendable, CaseIterable {
    case number, date, time, protocolNumber, ticket, email, url, codiceFiscale, partitaIVA, iban, phone
}
