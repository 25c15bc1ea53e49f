/// The mutable state of one active cluster (internal; `Cluster` is the public view).
struct ClusterState: Sendable, Codable, Hashable {
    struct Sample: Sendable, Codable, Hashable {
        var ticket: String
        var text: String
        var vector: SparseVector
    }

    var seq: Int32
    /// Sum of its tickets' unit vectors, bounded to the strongest terms.
    var centroid: SparseVector
    var centroidNorm: Float
    /// Terms under which the cluster is listed in the index.
    var indexed: [UInt32] = []
    var tickets: Set<TicketKey> = []
    /// Members forgotten after `ticketHorizon` of silence: still in the centroid and the counts, no longer
    /// remembered one by one (what keeps memory flat over months).
    var forgotten = 0
    var firstSeen: Timestamp
    var lastSeen: Timestamp
    var services: [String: Int] = [:]
    var dominantService: String?
    var codes: [UInt32: Int] = [:]
    var samples: [Sample] = []
    var solutions: [KnownSolution] = []
    var windows = WindowCounter()
    /// Size at the last consolidation check: a cluster is checked again once it has grown by `mergeCheckGrowth`.
    var checkedSize = 0
    /// Clusters merged into this one (their aliases point here).
    var absorbed: [Int32] = []

    init(seq: Int32, at: Timestamp) {
        self.seq = seq
        centroid = SparseVector()
        centroidNorm = 0
        firstSeen = at
        lastSeen = at
    }

    /// Number of members (remembered and forgotten): the mass of the centroid.
    var size: Int { tickets.count + forgotten }

    /// Similarity of a unit vector to the centroid.
    func cosine(_ v: SparseVector) -> Float {
        centroidNorm > 0 ? v.dot(centroid) / centroidNorm : 0
    }

    mutating func refreshDominantService() {
        dominantService = services.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }?.key
    }
}

/// What the clusterer remembers of one ticket.
struct TicketState: Sendable, Codable, Hashable {
    var cluster: Int32
    /// The ticket's unit vector (its texts so far, combined).
    var vector: SparseVector
    var service: String?
    var requester: String
    var joinedAt: Timestamp
    /// Time of its latest event: a ticket silent for `ticketHorizon` is forgotten.
    var lastSeen: Timestamp
    var similarity: Float
    var seeded: Bool
    /// Features it shared with the centroid when it joined, strongest contribution first.
    var shared: [UInt32]
}
