/// An emerging problem: one or more related clusters of one service (or of services sharing a failing
/// dependency), with everything an alert, a mail and a report need. The engine produces a new revision of it
/// at every lifecycle change; revisions are immutable once emitted.
public struct Incident: Hashable, Sendable, Codable {
    /// Stable id, e.g. `INC-20260302-0007` (event-time date + sequence): deterministic across replays.
    public var id: String
    /// Revision number: 1 for the first alert, +1 per emitted change.
    public var revision: Int
    /// Lifecycle state of this revision.
    public var state: IncidentState
    /// Severity of this revision.
    public var severity: Severity
    /// The failing service id (possibly unknown to the catalogue: then routed by the default route).
    public var service: String
    /// Display name of the service (from the catalogue, else the id).
    public var serviceName: String
    /// Owning office id (from the catalogue), if known.
    public var owner: String?
    /// Readable label: top terms in their surface form (e.g. "errore 503 · firma · denuncia").
    public var title: String
    /// Event time of the first report that belongs to the incident.
    public var firstSeen: Timestamp
    /// Event time of the latest report.
    public var lastSeen: Timestamp
    /// Event time of the first alert (revision 1).
    public var openedAt: Timestamp
    /// Event time of this revision.
    public var updatedAt: Timestamp
    /// Event time of resolution, when resolved.
    public var resolvedAt: Timestamp?
    /// Counts of tickets and distinct requesters.
    public var counts: IncidentCounts
    /// Growth: distinct requesters in the last hour divided by the expected count (≥ 1 means above normal).
    public var growth: Double
    /// Expected distinct requesters in the last hour for this service at this hour of week.
    public var expectedPerHour: Double
    /// Spread by dimension: counts of distinct requesters by channel, region, requester kind, territorial office.
    public var channels: [Tally]
    /// Regions.
    public var regions: [Tally]
    /// Requester kinds.
    public var requesterKinds: [Tally]
    /// Territorial offices of the requesters.
    public var offices: [Tally]
    /// Queues.
    public var queues: [Tally]
    /// Why these reports were grouped: shared terms (surface forms) and error codes.
    public var sharedTerms: [String]
    /// Error codes seen (e.g. `503`, `E-1021`).
    public var errorCodes: [String]
    /// 3–5 representative reports (raw text: redact before showing them to people).
    public var samples: [IncidentSample]
    /// Clusters grouped into the incident.
    public var clusters: [String]
    /// Other services grouped under this one (dependents of a failing upstream).
    public var relatedServices: [String]
    /// When this incident is a dependent of a firing upstream incident: that incident's id.
    public var inhibitedBy: String?
    /// Active notices (known problems, maintenance) matching the service at this revision.
    public var notices: [IncidentNotice]
    /// What changed since the previous revision (machine-readable keys such as `severity`, `growth`, `state`).
    public var changes: [String]
    /// Whether a notice silences delivery of this revision (it is still recorded and reported).
    public var silenced: Bool
    /// Whether the incident is a regression: it reopened after a resolution.
    public var reopened: Bool
    /// Why it fired, in a sentence for people (the statistical test and figures).
    public var reason: String

    /// Creates an incident revision.
    public init(
        id: String, revision: Int, state: IncidentState, severity: Severity, service: String, serviceName: String,
        owner: String?, title: String, firstSeen: Timestamp, lastSeen: Timestamp, openedAt: Timestamp,
        updatedAt: Timestamp, resolvedAt: Timestamp? = nil, counts: IncidentCounts, growth: Double,
        expectedPerHour: Double, channels: [Tally] = [], regions: [Tally] = [], requesterKinds: [Tally] = [],
        offices: [Tally] = [], queues: [Tally] = [], sharedTerms: [String] = [], errorCodes: [String] = [],
        samples: [IncidentSample] = [], clusters: [String] = [], relatedServices: [String] = [],
        inhibitedBy: String? = nil, notices: [IncidentNotice] = [], changes: [String] = [], silenced: Bool = false,
        reopened: Bool = false, reason: String = ""
    ) {
        self.id = id
        self.revision = revision
        self.state = state
        self.severity = severity
        self.service = service
        self.serviceName = serviceName
        self.owner = owner
        self.title = title
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.openedAt = openedAt
        self.updatedAt = updatedAt
        self.resolvedAt = resolvedAt
        self.counts = counts
        self.growth = growth
        self.expectedPerHour = expectedPerHour
        self.channels = channels
        self.regions = regions
        self.requesterKinds = requesterKinds
        self.offices = offices
        self.queues = queues
        self.sharedTerms = sharedTerms
        self.errorCodes = errorCodes
        self.samples = samples
        self.clusters = clusters
        self.relatedServices = relatedServices
        self.inhibitedBy = inhibitedBy
        self.notices = notices
        self.changes = changes
        self.silenced = silenced
        self.reopened = reopened
        self.reason = reason
    }

    /// The routing labels of this revision.
    public var routeLabels: RouteLabels {
        RouteLabels(service: service, queue: queues.first?.key, channel: channels.first?.key,
                    region: regions.first?.key, severity: severity)
    }
}

/// Lifecycle state of an incident revision.
public enum IncidentState: String, Hashable, Sendable, Codable, CaseIterable {
    /// First alert.
    case firing
    /// Real growth or a severity change since the last revision.
    case updated
    /// Quiet for the hold time, or its tickets resolved.
    case resolved
}

/// Ticket and requester counts of an incident.
public struct IncidentCounts: Hashable, Sendable, Codable {
    /// Tickets grouped into the incident.
    public var tickets: Int
    /// Distinct requesters (one voice each, however many tickets they filed).
    public var requesters: Int
    /// Distinct requesters in the last 15 minutes / hour / 4 hours of event time.
    public var requesters15m: Int
    /// Last hour.
    public var requesters1h: Int
    /// Last 4 hours.
    public var requesters4h: Int

    /// Creates counts.
    public init(tickets: Int, requesters: Int, requesters15m: Int, requesters1h: Int, requesters4h: Int) {
        self.tickets = tickets
        self.requesters = requesters
        self.requesters15m = requesters15m
        self.requesters1h = requesters1h
        self.requesters4h = requesters4h
    }
}

/// A count by key (channel, region, …), sorted by count descending then key.
public struct Tally: Hashable, Sendable, Codable {
    /// The value (e.g. `web`, `Lombardia`).
    public var key: String
    /// Distinct requesters with that value.
    public var count: Int

    /// Creates a tally.
    public init(key: String, count: Int) {
        self.key = key
        self.count = count
    }

    /// Sorted tallies from a dictionary: count descending, then key (deterministic).
    public static func sorted(_ counts: [String: Int], limit: Int = 8) -> [Tally] {
        counts.map { Tally(key: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
            .prefix(limit).map { $0 }
    }
}

/// A representative report of an incident.
public struct IncidentSample: Hashable, Sendable, Codable {
    /// Ticket id.
    public var ticket: String
    /// Event time.
    public var at: Timestamp
    /// Channel, if known.
    public var channel: String?
    /// The report text as written (redact before display).
    public var text: String

    /// Creates a sample.
    public init(ticket: String, at: Timestamp, channel: String?, text: String) {
        self.ticket = ticket
        self.at = at
        self.channel = channel
        self.text = text
    }
}

/// A notice (known problem or maintenance) attached to an incident revision.
public struct IncidentNotice: Hashable, Sendable, Codable {
    /// Notice id from `notices.yaml`.
    public var id: String
    /// `known-problem` or `maintenance`.
    public var kind: String
    /// Workaround text in Italian.
    public var workaroundIT: String?
    /// Workaround text in English.
    public var workaroundEN: String?
    /// Whether it silences delivery.
    public var silences: Bool

    /// Creates a notice reference.
    public init(id: String, kind: String, workaroundIT: String?, workaroundEN: String?, silences: Bool) {
        self.id = id
        self.kind = kind
        self.workaroundIT = workaroundIT
        self.workaroundEN = workaroundEN
        self.silences = silences
    }
}
