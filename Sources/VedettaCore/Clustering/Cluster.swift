/// A read-only view of one active cluster, for detection, alerts and reports.
public struct Cluster: Hashable, Sendable, Codable {
    /// Deterministic id (`c` + creation sequence).
    public var id: String
    /// Readable label: the strongest terms in their most frequent surface form.
    public var label: String
    /// The strongest terms (surface forms), strongest first.
    public var topTerms: [String]
    /// Tickets currently in the cluster.
    public var size: Int
    /// 3–5 reports near the centroid and different from each other.
    public var representatives: [RepresentativeReport]
    /// Error codes seen in the cluster, most frequent first.
    public var errorCodes: [LabelCount]
    /// Services of its tickets, most frequent first.
    public var services: [LabelCount]
    /// Tickets and distinct requesters per window (15 min, 1 h, 4 h, 1 day) at the cluster's last report.
    public var windows: [WindowCount]
    /// Event time of its first report.
    public var firstSeen: Timestamp
    /// Event time of its latest report.
    public var lastSeen: Timestamp
    /// Resolutions of its tickets, most recent first.
    public var solutions: [KnownSolution]
    /// Ids of the clusters merged into it.
    public var absorbed: [String]
}

/// A label (service id, error code) with a count.
public struct LabelCount: Hashable, Sendable, Codable {
    /// The label.
    public var label: String
    /// How many tickets carry it.
    public var count: Int
    /// Creates a pair.
    public init(label: String, count: Int) {
        self.label = label
        self.count = count
    }
}

/// Counts in one window.
public struct WindowCount: Hashable, Sendable, Codable {
    /// Window length.
    public var window: Timestamp.Duration
    /// Tickets that joined in the window.
    public var tickets: Int
    /// Distinct requesters who reported in the window.
    public var requesters: Int
    /// Creates a count.
    public init(window: Timestamp.Duration, tickets: Int, requesters: Int) {
        self.window = window
        self.tickets = tickets
        self.requesters = requesters
    }
}

/// One representative report.
public struct RepresentativeReport: Hashable, Sendable, Codable {
    /// Ticket id.
    public var ticket: String
    /// The report text as received (redaction is the renderer's job).
    public var text: String
    /// Cosine to the centroid when chosen.
    public var similarity: Float
}

/// A resolution attached to a cluster.
public struct KnownSolution: Hashable, Sendable, Codable {
    /// The resolution text.
    public var text: String
    /// Ticket that was resolved with it (the latest).
    public var ticket: String
    /// When (the latest).
    public var at: Timestamp
    /// Tickets resolved with this same text.
    public var count: Int
}

/// Why a ticket is in its cluster.
public struct Membership: Hashable, Sendable, Codable {
    /// Ticket id.
    public var ticket: String
    /// Current cluster id (after merges).
    public var cluster: String
    /// Cosine to the centroid when it joined (1 when it seeded the cluster).
    public var similarity: Float
    /// True when the ticket opened the cluster.
    public var seeded: Bool
    /// The terms it shared with the centroid when it joined, strongest contribution first (surface forms).
    public var sharedTerms: [String]
    /// The error codes it shared with the centroid when it joined.
    public var sharedCodes: [String]
    /// True when it shared the cluster's service.
    public var sharedService: Bool
}
