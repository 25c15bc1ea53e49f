/// The working state of one incident between revisions: membership, counts and what was last emitted.
struct IncidentTrack: Sendable, Codable, Hashable {
    var id: String
    var service: String
    var relatedServices: [String] = []
    var clusters: [String] = []
    var tickets: [String] = []
    var ticketSet: Set<String> = []
    var resolvedTickets: Set<String> = []
    var requesters: Set<String> = []
    var windows: DistinctWindow
    var channels: [String: Int] = [:]
    var regions: [String: Int] = [:]
    var kinds: [String: Int] = [:]
    var offices: [String: Int] = [:]
    var queues: [String: Int] = [:]
    var codes: [String: Int] = [:]
    /// How many of the incident's reports contain each term (its vocabulary, for relatedness).
    var termCounts: [String: Int] = [:]
    var criticalTickets = 0
    var samples: [IncidentSample] = []
    var firstSeen: Timestamp
    var lastSeen: Timestamp
    var openedAt: Timestamp
    var escalated = false
    var lastRemindedAt: Timestamp
    /// The last emitted revision.
    var emitted: Incident?
    var reason: String
    var expectedPerHour: Double
    var growth: Double
    var reopened = false
    /// Whether any revision reached an office (not silenced).
    var delivered = false

    init(id: String, service: String, at: Timestamp, windows: [Timestamp.Duration], reason: String,
         expectedPerHour: Double, growth: Double) {
        self.id = id
        self.service = service
        self.windows = DistinctWindow(lengths: windows)
        self.firstSeen = at
        self.lastSeen = at
        self.openedAt = at
        self.lastRemindedAt = at
        self.reason = reason
        self.expectedPerHour = expectedPerHour
        self.growth = growth
    }

    mutating func add(_ o: Observation) {
        guard ticketSet.insert(o.ticket).inserted else { return }
        tickets.append(o.ticket)
        if !clusters.contains(o.cluster) { clusters.append(o.cluster) }
        if o.service != service, !relatedServices.contains(o.service) { relatedServices.append(o.service) }
        let newVoice = requesters.insert(o.requester).inserted
        windows.add(o.requesterKey, at: o.at)
        if newVoice {
            if let v = o.channel { channels[v, default: 0] += 1 }
            if let v = o.region { regions[v, default: 0] += 1 }
            if let v = o.requesterKind { kinds[v, default: 0] += 1 }
            if let v = o.office { offices[v, default: 0] += 1 }
            if let v = o.queue { queues[v, default: 0] += 1 }
        }
        for code in o.errorCodes { codes[code, default: 0] += 1 }
        if tickets.count <= 400 { for term in o.terms { termCounts[term, default: 0] += 1 } }
        if o.priority == .critical { criticalTickets += 1 }
        if o.at < firstSeen { firstSeen = o.at }
        if o.at > lastSeen { lastSeen = o.at }
        // Keep up to five samples with different texts, the earliest first: they show how it started.
        if samples.count < 5, !o.text.isEmpty, !samples.contains(where: { $0.text == o.text }) {
            samples.append(IncidentSample(ticket: o.ticket, at: o.at, channel: o.channel, text: String(o.text.prefix(600))))
        }
    }

    /// The incident's characteristic terms: the most frequent ones, seen in at least two reports.
    var signature: [String] {
        termCounts.filter { $0.value >= 2 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(10).map(\.key)
    }

    /// Whether a report of a new cluster is about this incident: a shared error code, or enough shared terms.
    func relates(_ o: Observation, minimumShared: Int) -> Bool {
        if o.errorCodes.contains(where: { codes[$0] != nil }) { return true }
        let signature = Set(self.signature)
        return o.terms.filter(signature.contains).count >= minimumShared
    }

    mutating func advance(to t: Timestamp) { windows.advance(to: t) }

    /// Severity by gravity: how many distinct people, how widely spread, how urgent, not arrival order.
    var severity: Severity {
        let n = requesters.count
        var rank = n >= 100 ? 3 : n >= 25 ? 2 : n >= 8 ? 1 : 0
        if regions.count >= 6 || channels.count >= 4 || criticalTickets >= 3 { rank += 1 }
        let businesses = (kinds["azienda"] ?? 0) + (kinds["intermediario"] ?? 0)
        if businesses >= 40 { rank += 1 }
        return Severity.allCases[min(rank, 3)]
    }

    var counts: IncidentCounts {
        IncidentCounts(tickets: tickets.count, requesters: requesters.count,
                       requesters15m: windows.lengths.count > 0 ? windows.distinct(0) : 0,
                       requesters1h: windows.lengths.count > 1 ? windows.distinct(1) : 0,
                       requesters4h: windows.lengths.count > 2 ? windows.distinct(2) : 0)
    }
}
