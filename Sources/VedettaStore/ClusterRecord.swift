import VedettaCore

/// What the engine knows about one cluster of similar reports, as stored in `clusters.body`: the engine writes
/// it (upsert by id) whenever a cluster changes; reports and the web view read it.
///
/// Texts are stored as written; redact them before showing them to people (`Redactor.redact`).
public struct ClusterRecord: Hashable, Sendable, Codable {
    /// Cluster id (as in `assignments.cluster`).
    public var id: String
    /// Readable label: top terms in their surface form.
    public var label: String
    /// The dominant service id, if any.
    public var service: String?
    /// Tickets by service id (count descending, then id).
    public var services: [Tally]
    /// Error codes seen in its reports (e.g. `503`, `E-1021`), sorted.
    public var errorCodes: [String]
    /// Tickets grouped into the cluster.
    public var tickets: Int
    /// Distinct requesters.
    public var requesters: Int
    /// Event time of its first report.
    public var firstSeen: Timestamp
    /// Event time of its latest report.
    public var lastSeen: Timestamp
    /// A few representative reports (raw text).
    public var samples: [ClusterText]
    /// Known solutions: resolution texts of `resolved`/`closed` events of its tickets (raw text).
    public var resolutions: [ClusterText]
    /// Most weighted terms (surface forms), best first.
    public var topTerms: [String]

    /// Creates a record.
    public init(
        id: String, label: String, service: String?, services: [Tally] = [], errorCodes: [String] = [],
        tickets: Int, requesters: Int, firstSeen: Timestamp, lastSeen: Timestamp, samples: [ClusterText] = [],
        resolutions: [ClusterText] = [], topTerms: [String] = []
    ) {
        self.id = id
        self.label = label
        self.service = service
        self.services = services
        self.errorCodes = errorCodes
        self.tickets = tickets
        self.requesters = requesters
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.samples = samples
        self.resolutions = resolutions
        self.topTerms = topTerms
    }
}

/// A text attached to a cluster: a representative report or a resolution.
public struct ClusterText: Hashable, Sendable, Codable {
    /// Ticket id.
    public var ticket: String
    /// Event time.
    public var at: Timestamp
    /// The text as written.
    public var text: String

    /// Creates a text.
    public init(ticket: String, at: Timestamp, text: String) {
        self.ticket = ticket
        self.at = at
        self.text = text
    }
}
