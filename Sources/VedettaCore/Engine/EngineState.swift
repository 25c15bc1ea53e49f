/// The engine's learned and working state: all of it `Codable`, so a checkpoint restores it exactly.
struct EngineState: Sendable, Codable {
    var configuration: EngineConfiguration
    var clusterer: LexicalClusterer
    var detector: EmergenceDetector
    var book: IncidentBook
    /// Service of every ticket seen recently (so updates and resolutions stay with their service).
    var serviceOfTicket: [TicketKey: String] = [:]
    /// Tickets whose service entry may have lost its clusterer ticket since the last prune: those the clusterer
    /// reported forgotten (retired cluster, silent past its horizon) and those never clustered. `pruneRecent` checks only these instead of every entry.
    var pendingTickets: [TicketKey] = []
    /// Recent observations per service (the last detection window), to give a new incident its earlier tickets.
    var recent: [String: RecentReports] = [:]
    /// Open heartbeat incident per silent source.
    var heartbeats: [String: String] = [:]
    var lastStep = Timestamp.distantPast
    var lastPrune = Timestamp.distantPast
    /// Event time of the first report seen (start of the warm-up).
    var firstEvent = Timestamp.distantPast

    init(configuration: EngineConfiguration) {
        self.configuration = configuration
        self.clusterer = LexicalClusterer(featurizer: LexicalFeaturizer(), configuration: configuration.clustering)
        self.detector = EmergenceDetector(configuration: configuration.detection)
        self.book = IncidentBook(configuration: configuration.detection)
    }

    mutating func remember(_ o: Observation, young: Bool) {
        let horizon = configuration.detection.windows.last ?? .hours(4)
        recent[o.service, default: RecentReports()].append(o, young: young, horizon: horizon)
    }

    /// Follows the clusterer's updates to know which tickets a retirement makes it forget.
    mutating func trackTickets(_ update: ClusterUpdate) {
        if case .forgotten(let tickets) = update { pendingTickets.append(contentsOf: tickets.lazy.map(TicketKey.init)) }
    }

    mutating func pruneRecent(at t: Timestamp) {
        let horizon = configuration.detection.windows.last ?? .hours(4)
        for service in recent.keys.sorted() {
            guard let last = recent[service]?.observations.last, t.since(last.at) > horizon else { continue }
            recent.removeValue(forKey: service)
        }
        // Only a ticket the clusterer forgot (its cluster retired) or never had can lose its entry: checking
        // those candidates removes exactly what a walk over every entry would, at a cost that does not grow with
        // the tickets held.
        let clusterer = self.clusterer
        for ticket in pendingTickets where !clusterer.remembers(ticket: ticket) {
            serviceOfTicket.removeValue(forKey: ticket)
        }
        pendingTickets.removeAll(keepingCapacity: true)
    }

    /// The earlier reports of the unit that fired, within `window`, resolved to current clusters.
    func recentObservations(for unit: String, service: String, at t: Timestamp, window: Timestamp.Duration) -> [Observation] {
        // A cluster's reports may carry different services (given on some events, inferred or unknown on
        // others): look through every service's list for them.
        let services = unit.first == "c" || unit.first == "t" ? recent.keys.sorted() : [service]
        var result: [Observation] = []
        for name in services {
            guard let reports = recent[name] else { continue }
            result += recentObservations(in: reports.observations, from: reports.head, flags: reports.young, unit: unit,
                                         at: t, window: window)
        }
        return result.sorted { $0.at != $1.at ? $0.at < $1.at : $0.ticket < $1.ticket }
    }

    func recentObservations(in list: [Observation], from head: Int, flags: [Bool], unit: String, at t: Timestamp,
                            window: Timestamp.Duration) -> [Observation] {
        var result: [Observation] = []
        for index in head..<list.count where t.since(list[index].at) <= window {
            let o = list[index]
            var current = o
            current.cluster = clusterer.resolve(id: o.cluster)
            switch unit.first {
            case "c":
                if "c:" + current.cluster == unit { result.append(current) }
            case "n":
                if index < flags.count, flags[index] { result.append(current) }
            case "t":
                let term = unit.dropFirst(2)
                let carries = term.first == "#" ? o.errorCodes.contains { $0 == term.dropFirst() } : o.terms.contains { $0 == term }
                if carries { result.append(current) }
            default:
                if index < flags.count, flags[index] || t.since(o.at) <= .hours(1) { result.append(current) }
            }
        }
        return result
    }

    /// After an incident resolves, the units that covered it start counting afresh. When its burst outlived it
    /// (resolved by the maximum lifetime while reports still came), that demand is first taken as the units' new
    /// normal: their levels stayed clamped while covered, and the same demand would fire again as a regression
    /// the next minute, every three days for as long as it lasts.
    mutating func forgetBurst(of incident: Incident, at t: Timestamp) {
        let outlived = book.resolved[incident.id]?.outlivedHourly != nil
        let keys = incident.clusters.map { "c:" + clusterer.resolve(id: $0) }
            + ([incident.service] + incident.relatedServices).flatMap { ["n:" + $0, "s:" + $0] }
        for key in keys {
            if outlived { detector.raiseLevelToRecentDemand(key, at: t) }
            detector.resetWindows(key)
        }
    }

    /// Marks the detector units that open incidents cover (their bursts stay out of their levels): the units
    /// whose incident coverage changed since the last sync, and the units created since, which are covered when
    /// their cluster or service is.
    mutating func syncCoverage() {
        guard !book.coverageChanges.isEmpty || !detector.createdKeys.isEmpty else { return }
        for change in book.coverageChanges { detector.setCovered(change.key, change.covered) }
        book.coverageChanges.removeAll(keepingCapacity: true)
        for key in detector.createdKeys {
            let id = String(key.dropFirst(2))
            if key.first == "c" ? book.byCluster[id] != nil : book.byService[id] != nil { detector.setCovered(key, true) }
        }
        detector.createdKeys.removeAll(keepingCapacity: true)
    }

    mutating func openHeartbeat(source: String, since: Timestamp, pValue: Double, at t: Timestamp, rules: RuleSet) -> IncidentChange? {
        let id = book.nextID(at: t)
        let minutes = t.since(since).milliseconds / 60_000
        var track = IncidentTrack(
            id: id, service: "heartbeat:" + source, at: since, windows: configuration.detection.windows,
            reason: "no events from \(source) for \(minutes) min while its hour-of-week profile expects traffic "
                + "(p = \(IncidentBook.formatP(pValue)))", expectedPerHour: 0, growth: 0)
        track.openedAt = t
        track.lastSeen = t.adding(.days(3650))  // held open until the source speaks again
        book.open[id] = track
        heartbeats[source] = id
        return book.emitIfChanged(id, at: t, rules: rules, describe: { _ in
            (label: "nessun ticket da \(source) da \(minutes) minuti", terms: [], codes: [])
        }).first
    }
}

// Reads the engine makes on every event. They are `mutating` only so that the engine reaches them through its
// state's modify accessor, in place: its getter copies the state, and even a read through the box copies the
// clusterer or the book out (retaining, then releasing, every buffer they hold).
extension EngineState {
    /// The clusterer's current cluster of `ticket`, when that cluster was first seen and its dominant service.
    mutating func placement(ofTicket ticket: TicketKey) -> (cluster: String, firstSeen: Timestamp, service: String?)? {
        clusterer.placementInPlace(ofTicket: ticket)
    }

    /// Whether the clusterer remembers `ticket`.
    mutating func clustererRemembers(_ ticket: TicketKey) -> Bool { clusterer.remembers(ticket: ticket) }

    /// Active clusters.
    mutating func activeClusterCount() -> Int { clusterer.activeClusterCount }

    /// Whether any incident is open.
    mutating func hasOpenIncidents() -> Bool { !book.open.isEmpty }

    /// The open incident a report belongs to, if any.
    mutating func coveringIncident(for o: Observation, young: Bool) -> String? { book.incident(for: o, young: young) }

    /// Sources silent for the heartbeat at `t` (see `EmergenceDetector.silentSources`).
    mutating func silentSources(at t: Timestamp) -> [(source: String, since: Timestamp, pValue: Double)] {
        detector.silentSources(at: t)
    }

    /// The earliest event time at which a source may be silent for the heartbeat (its last event plus the
    /// silence) given no further events, from `t` on.
    mutating func earliestSilence(at t: Timestamp) -> Timestamp { detector.earliestSilence(at: t) }

    /// Whether an open incident holds `ticket`.
    mutating func incidentHolds(ticket: String) -> Bool { book.byTicket[ticket] != nil }
}
