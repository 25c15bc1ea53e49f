/// One report as detection sees it: who, when, where, which service and cluster.
public struct Observation: Sendable, Hashable, Codable {
    /// Ticket id.
    public var ticket: String
    /// Pseudonymous requester (the ticket id when the event has none: one ticket, one voice).
    public var requester: String {
        didSet { requesterKey = DistinctWindow.key(requester) }
    }
    /// The requester's window key (a stable 64-bit hash), computed once per report.
    var requesterKey: UInt64
    /// Event time.
    public var at: Timestamp
    /// Service id (given, inferred, or `unknown`).
    public var service: String
    /// Root cluster id (after merges).
    public var cluster: String
    /// When the cluster was first seen.
    public var clusterFirstSeen: Timestamp
    /// Queue, channel, region, requester kind, territorial office, priority.
    public var queue: String?
    /// Channel.
    public var channel: String?
    /// Region.
    public var region: String?
    /// Requester kind.
    public var requesterKind: String?
    /// Territorial office.
    public var office: String?
    /// Priority.
    public var priority: Priority?
    /// The report text (raw; redacted at rendering).
    public var text: String
    /// Error codes in the report (canonical, without `#`).
    public var errorCodes: [String]
    /// Distinct word terms (stems) of the report: what "related" is measured on.
    public var terms: [String] = []

    /// Creates an observation.
    public init(ticket: String, requester: String, at: Timestamp, service: String, cluster: String,
                clusterFirstSeen: Timestamp, queue: String? = nil, channel: String? = nil, region: String? = nil,
                requesterKind: String? = nil, office: String? = nil, priority: Priority? = nil, text: String = "",
                errorCodes: [String] = []) {
        self.init(ticket: ticket, requester: requester, requesterKey: DistinctWindow.key(requester), at: at,
                  service: service, cluster: cluster, clusterFirstSeen: clusterFirstSeen, queue: queue,
                  channel: channel, region: region, requesterKind: requesterKind, office: office, priority: priority,
                  text: text, errorCodes: errorCodes, terms: [])
    }

    /// An observation whose requester key and terms were derived beforehand (off the engine's thread).
    init(ticket: String, requester: String, requesterKey: UInt64, at: Timestamp, service: String, cluster: String,
         clusterFirstSeen: Timestamp, queue: String?, channel: String?, region: String?, requesterKind: String?,
         office: String?, priority: Priority?, text: String, errorCodes: [String], terms: [String]) {
        self.ticket = ticket
        self.requester = requester
        self.requesterKey = requesterKey
        self.at = at
        self.service = service
        self.cluster = cluster
        self.clusterFirstSeen = clusterFirstSeen
        self.queue = queue
        self.channel = channel
        self.region = region
        self.requesterKind = requesterKind
        self.office = office
        self.priority = priority
        self.text = text
        self.errorCodes = errorCodes
        self.terms = terms
    }
}
