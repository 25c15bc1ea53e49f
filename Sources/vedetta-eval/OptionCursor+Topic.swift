import VedettaCore

extension OptionCursor {
    /// The topic-space options every command that runs the clusterer takes.
    static let topicUsage = "[--topic-dims N] [--topic-weight F] [--topic-join F] [--topic-merge F] [--topic-refit N]"
        + " [--topic-min-reports N] [--topic-share-full F] [--topic-refit-tolerance F] [--topic-window N]"
        + " [--topic-lexical-warmup]"

    /// Applies `option` to `configuration` if it is one of the topic-space options (reading its value); false if
    /// it is not one of them.
    mutating func topicOption(_ option: String, into configuration: inout ClusteringConfiguration) throws -> Bool {
        switch option {
        case "--topic-dims": configuration.topicDimensions = try int(atLeast: 0)
        case "--topic-weight": configuration.topicLexicalWeight = try float()
        case "--topic-join": configuration.topicJoinThreshold = try float()
        case "--topic-merge": configuration.topicMergeThreshold = try float()
        case "--topic-refit": configuration.topicRefitInterval = try int(atLeast: 1)
        case "--topic-min-reports": configuration.topicMinReports = try int(atLeast: 1)
        case "--topic-share-full": configuration.topicShareFull = try float()
        case "--topic-refit-tolerance": configuration.topicRefitTolerance = try float()
        case "--topic-window": configuration.topicWindow = try int(atLeast: 1)
        case "--topic-lexical-warmup": configuration.topicThresholdsBeforeFit = false
        default: return false
        }
        return true
    }
}
