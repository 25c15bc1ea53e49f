/// What an interned feature stands for; the clusterer uses it for labels and explanations.
public enum FeatureKind: UInt8, Hashable, Sendable, Codable {
    /// A word stem.
    case word
    /// An error code (`#503`).
    case errorCode
    /// A masked variable part (`<num>`).
    case placeholder
    /// The service id of the report.
    case service
    /// A feature a non-lexical featurizer made up (a dense dimension, say).
    case other
}

/// A readable account of one feature.
public struct FeatureDescription: Hashable, Sendable, Codable {
    /// The feature as interned: a stem, `#CODE`, `<kind>` or `@service`.
    public var term: String
    /// Its most frequent surface form (for words), the code without `#`, or the service id.
    public var display: String
    /// What it is.
    public var kind: FeatureKind

    /// Creates a description.
    public init(term: String, display: String, kind: FeatureKind) {
        self.term = term
        self.display = display
        self.kind = kind
    }
}
