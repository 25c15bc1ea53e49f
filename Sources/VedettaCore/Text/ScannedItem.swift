/// One item found by `PatternScanner`: a span of the folded text and what it is.
struct ScannedItem: Sendable {
    /// What a span is.
    enum Kind: Sendable, Equatable {
        /// An ordinary word (letters and digits).
        case word
        /// A masked variable part.
        case placeholder(PlaceholderKind)
        /// An error code kept as a strong feature.
        case errorCode
        /// The English "n't" of "don't", "can't": a negation.
        case negation
    }

    /// What the span is.
    var kind: Kind
    /// First scalar of the span.
    var start: Int
    /// One past the last scalar of the span.
    var end: Int
}
