extension OnlineClusterer: Codable {
    private enum CodingKeys: String, CodingKey {
        case configuration, featurizer, clusters, tickets, aliases, index, nextSeq, retirementQueue,
             retirementHead, dirty, reportsSinceConsolidation, now, reports,
             revisitQueues, ticketQueue, topics, codeNovelty
    }

    /// Restores a checkpoint; the clusterer continues exactly as the one that was encoded.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try c.decode(ClusteringConfiguration.self, forKey: .configuration)
        blendedConfiguration = configuration.blended
        featurizer = try c.decode(F.self, forKey: .featurizer)
        clusters = try c.decode(ClusterTable.self, forKey: .clusters)
        tickets = try c.decode([TicketKey: TicketState].self, forKey: .tickets)
        aliases = try c.decode([Int32: Int32].self, forKey: .aliases)
        index = try c.decode(CandidateIndex.self, forKey: .index)
        nextSeq = try c.decode(Int32.self, forKey: .nextSeq)
        let queue = try c.decode([RetirementEntry].self, forKey: .retirementQueue)
        let head = try c.decode(Int.self, forKey: .retirementHead)
        retirementQueue = Array(queue.dropFirst(head))
        retirementHead = 0
        dirty = try c.decode([Int32].self, forKey: .dirty)
        dirtySet = Set(dirty)
        reportsSinceConsolidation = try c.decode(Int.self, forKey: .reportsSinceConsolidation)
        now = try c.decode(Timestamp.self, forKey: .now)
        reports = try c.decode(Int.self, forKey: .reports)
        revisitQueues = try c.decode([[Revisit]].self, forKey: .revisitQueues)
        revisitHeads = revisitQueues.map { _ in 0 }
        ticketQueue = try c.decode([TicketEntry].self, forKey: .ticketQueue)
        ticketHead = 0
        topics = try c.decodeIfPresent(TopicSpace.self, forKey: .topics) ?? TopicSpace(configuration)
        // Which codes are new is checkpointed; the cluster table's marks and code masses are derived from it.
        // A checkpoint from before the code-share rule has no record: its codes, as those a stream starts
        // with, are everyday ones, and the warm-up starts again from the restored time.
        if let novelty = try c.decodeIfPresent(CodeNovelty.self, forKey: .codeNovelty) {
            codeNovelty = novelty
        } else {
            codeNovelty.begin(at: now)
            for seq in clusters.sortedKeys {
                for id in clusters.read(seq, { $0.pointee.centroid.ids }) ?? [] where featurizer.kind(id) == .errorCode {
                    _ = codeNovelty.observe(id, at: now, configuration)
                }
            }
        }
        guard !codeNovelty.current.isEmpty else { return }
        for id in codeNovelty.current { clusters.markNewCode(id) }
        clusters.refreshAll()
    }

    /// Encodes the state (the consumed part of the retirement queue is left out).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration, forKey: .configuration)
        try c.encode(featurizer, forKey: .featurizer)
        try c.encode(clusters, forKey: .clusters)
        try c.encode(tickets, forKey: .tickets)
        try c.encode(aliases, forKey: .aliases)
        try c.encode(index, forKey: .index)
        try c.encode(nextSeq, forKey: .nextSeq)
        try c.encode(Array(retirementQueue[retirementHead...]), forKey: .retirementQueue)
        try c.encode(0, forKey: .retirementHead)
        try c.encode(dirty, forKey: .dirty)
        try c.encode(reportsSinceConsolidation, forKey: .reportsSinceConsolidation)
        try c.encode(now, forKey: .now)
        try c.encode(reports, forKey: .reports)
        try c.encode(zip(revisitQueues, revisitHeads).map { Array($0[$1...]) }, forKey: .revisitQueues)
        try c.encode(Array(ticketQueue[ticketHead...]), forKey: .ticketQueue)
        try c.encode(topics, forKey: .topics)
        try c.encode(codeNovelty, forKey: .codeNovelty)
    }
}

/// The clusterer with lexical features, as the engine uses it.
public typealias LexicalClusterer = OnlineClusterer<LexicalFeaturizer>

extension OnlineClusterer where F == LexicalFeaturizer {
    /// A lexical clusterer with the given tunings.
    public init(
        configuration: ClusteringConfiguration = ClusteringConfiguration(),
        features: LexicalFeaturizer.Configuration = LexicalFeaturizer.Configuration()
    ) {
        self.init(featurizer: LexicalFeaturizer(configuration: features), configuration: configuration)
    }
}
