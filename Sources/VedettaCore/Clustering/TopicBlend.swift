/// What scoring needs to blend a text's topic cosine into its lexical one (`ClusterTable.best`, `bestMerge`).
struct TopicBlend {
    /// The text's unit topic vector.
    var vector: [Float]
    /// The share of the text the space explains (`TopicSpace.project`).
    var share: Float
    /// The lexical tuning: its blend weight and share knobs, and the thresholds the neutral topic cosine
    /// reproduces (`ClusteringConfiguration.topicNeutral`).
    var lexical: ClusteringConfiguration
}
