/// Turns a report into a sparse weighted vector: the seam between text and clustering.
///
/// Lexical features come first (`LexicalFeaturizer`); dense sentence embeddings can implement the same protocol
/// later (one feature id per dimension). A featurizer may learn as it goes (document frequencies), so it is part
/// of the checkpointed state and `featurize` is mutating.
public protocol Featurizer: Sendable, Codable {
    /// The vector of one report, L2-normalised; learning from it (e.g. document frequencies) happens here.
    mutating func featurize(_ text: NormalizedText, service: String?, at: Timestamp) -> SparseVector
    /// A readable description of feature `id`.
    func describe(_ id: UInt32) -> FeatureDescription
    /// The kind of feature `id` (cheaper than `describe`, called on the hot path).
    func kind(_ id: UInt32) -> FeatureKind
}
