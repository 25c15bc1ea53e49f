/// Opens, grows, routes and resolves incidents; emits a revision only when something real changed.
///
/// One open incident per service covers the clusters that fired and every new cluster of that service (and of
/// services grouped under it) that appears while it is open: a failure written fifty ways scatters over
/// several young clusters, and they all belong to it. Dependents of a firing upstream join the upstream's
/// incident when the route says so (inhibition by grouping).
struct IncidentBook: Sendable, Codable {
    var configuration: DetectionConfiguration
    var open: [String: IncidentTrack] = [:]
    /// Service → open incident id.
    private(set) var byService: [String: String] = [:]
    /// Cluster → open incident id.
    private(set) var byCluster: [String: String] = [:]
    /// Detection units (`c:cluster`, `n:service`, `s:service`) that came under an open incident or left it
    /// since the engine last synced the detector's coverage, in order: the sync costs the changes, not the
    /// size of the open incidents.
    var coverageChanges: [CoverageChange] = []
    /// Ticket → open incident id.
    var byTicket: [String: String] = [:]
    /// Recently resolved, for regressions: incident id → (track, resolvedAt).
    var resolved: [String: ResolvedTrack] = [:]
    /// Incidents numbered so far (the last id's counter).
    var sequence = 0
    var heartbeats: [String: String] = [:]

    /// The id of the next incident, opened at `t`: `INC-<UTC date>-<counter>`.
    mutating func nextID(at t: Timestamp) -> String {
        sequence += 1
        let date = CivilDate.parts(of: t, offsetMinutes: 0)
        return "INC-" + CivilDate.pad(date.year, 4) + CivilDate.pad(date.month, 2) + CivilDate.pad(date.day, 2)
            + "-" + CivilDate.pad(sequence, 4)
    }

    struct ResolvedTrack: Sendable, Codable, Hashable {
        var track: IncidentTrack
        var at: Timestamp
        /// Resolved by its maximum lifetime while its reports still came (its burst outlived it): its distinct
        /// requesters in the last hour then. Such an incident reopens only on real growth beyond that.
        var outlivedHourly: Int?
    }

    init(configuration: DetectionConfiguration) {
        self.configuration = configuration
    }

    /// Descriptions of clusters the book needs for titles and explanations.
    typealias Describe = (String) -> (label: String, terms: [String], codes: [String])?

    /// The open incident a report belongs to, if any.
    func incident(for o: Observation, young: Bool) -> String? {
        if let id = byCluster[o.cluster] { return id }
        if young, let id = byService[o.service], let track = open[id],
           track.relates(o, minimumShared: configuration.sharedTermsToJoin)
        {
            return id
        }
        return nil
    }

    /// Adds a report to open incident `id` (from `incident(for:young:)`); may emit an update.
    mutating func observe(_ o: Observation, into id: String, rules: RuleSet, describe: Describe) -> [IncidentChange] {
        guard open[id] != nil else { return [] }
        // In place: a track taken out and written back would copy its tickets, sets and windows per report.
        open[id]!.add(o)
        mapCluster(o.cluster, to: id)
        byTicket[o.ticket] = id
        return emitIfChanged(id, at: o.at, rules: rules, describe: describe)
    }

    /// A unit fired: open an incident (or attach to an upstream's, or reopen a regression).
    mutating func fire(_ o: Observation, test: UnitTest, unit: String, recent: [Observation], rules: RuleSet,
                       describe: Describe) -> [IncidentChange] {
        if byCluster[o.cluster] != nil { return [] }
        // The incident's service is what most of the burst's reports are about (a report whose service was
        // neither given nor recognised must not name the incident "unknown").
        var o = o
        o.service = Self.dominantService(recent + [o]) ?? o.service
        // One open incident per service: a second unit of the same service firing is the same problem seen
        // from another angle (another fragment of the burst), so it grows the open incident.
        if let openID = byService[o.service], var track = open.removeValue(forKey: openID) {
            // Taken out (not copied) so that its buffers stay uniquely owned while it grows.
            attach(recent + [o], to: &track)
            open[openID] = track
            return emitIfChanged(openID, at: o.at, rules: rules, describe: describe)
        }
        // Grouping under a firing upstream (authentication fails → every service that needs a login).
        let firing = Set(byService.keys)
        if let upstream = rules.dependencies.inhibitingUpstream(for: o.service, firing: firing),
           let upstreamID = byService[upstream],
           rules.routes.match(RouteLabels(service: o.service, severity: .major)).contains(where: \.inhibitDependents)
        {
            var track = open.removeValue(forKey: upstreamID)!
            attach(recent + [o], to: &track)
            open[upstreamID] = track
            mapService(o.service, to: upstreamID)
            return emitIfChanged(upstreamID, at: o.at, rules: rules, describe: describe)
        }
        let growth = test.expected1h > 0 ? Double(test.observed1h) / test.expected1h : Double(test.observed1h)
        let reason = "\(test.observed) distinct requesters in \(Self.windowText(test.window)) where "
            + "\(Self.format(test.expected)) were expected (p = \(Self.formatP(test.pValue)), \(unit))"
        var track: IncidentTrack
        let previous = regression(for: o, at: o.at)
        // The burst that outlived its incident, still going: the same demand is no news (`updateGrowth`).
        if let busy = previous?.outlivedHourly, Double(test.observed1h) < Double(busy) * configuration.updateGrowth {
            return []
        }
        if let previous {
            track = previous.track
            resolved.removeValue(forKey: previous.track.id)
            track.reason = reason
            track.reopened = true
            track.openedAt = o.at
        } else {
            track = IncidentTrack(id: nextID(at: o.at), service: o.service, at: o.at, windows: configuration.windows,
                                  reason: reason, expectedPerHour: test.expected1h, growth: growth)
        }
        track.expectedPerHour = test.expected1h
        track.growth = growth
        attach(recent + [o], to: &track)
        let id = track.id
        open[id] = track
        mapService(o.service, to: id)
        return emitIfChanged(id, at: o.at, rules: rules, describe: describe)
    }

    static func dominantService(_ observations: [Observation]) -> String? {
        var counts: [String: Int] = [:]
        for r in observations where r.service != "unknown" { counts[r.service, default: 0] += 1 }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// Adds reports to an incident and indexes their clusters and tickets under it.
    mutating func attach(_ observations: [Observation], to track: inout IncidentTrack) {
        for r in observations {
            track.add(r)
            mapCluster(r.cluster, to: track.id)
            byTicket[r.ticket] = track.id
        }
    }

    mutating func mapCluster(_ cluster: String, to id: String) {
        if byCluster.updateValue(id, forKey: cluster) == nil {
            coverageChanges.append(CoverageChange(key: "c:" + cluster, covered: true))
        }
    }

    mutating func mapService(_ service: String, to id: String) {
        if byService.updateValue(id, forKey: service) == nil {
            coverageChanges += [CoverageChange(key: "n:" + service, covered: true),
                                CoverageChange(key: "s:" + service, covered: true)]
        }
    }

    func regression(for o: Observation, at t: Timestamp) -> ResolvedTrack? {
        resolved.values
            .filter { $0.track.service == o.service && t.since($0.at) <= configuration.regressionWindow }
            .sorted { $0.at > $1.at }
            .first
    }

    mutating func ticketResolved(_ ticket: String) {
        guard let id = byTicket[ticket] else { return }
        open[id]?.resolvedTickets.insert(ticket)
    }

    /// Resolutions and escalations due at `t`.
    mutating func advance(to t: Timestamp, rules: RuleSet, describe: Describe) -> [IncidentChange] {
        var changes: [IncidentChange] = []
        for id in open.count < 2 ? Array(open.keys) : open.keys.sorted() {
            // Advanced in place: a copy taken out and written back would copy its windows on every step.
            open[id]?.advance(to: t)
            guard let track = open[id] else { continue }
            let quiet = t.since(track.lastSeen)
            let hold = rules.thresholds(for: track.service).quietHold
            let mostlyResolved = track.tickets.count > 0
                && Double(track.resolvedTickets.count) >= Double(track.tickets.count) * configuration.resolvedTicketShare
            let settled = quiet >= hold || (mostlyResolved && quiet >= configuration.resolvedQuiet)
            if settled || t.since(track.openedAt) >= configuration.maximumLifetime {
                changes += resolve(id, at: t, outlived: !settled, rules: rules, describe: describe)
                continue
            }
            changes += emitIfChanged(id, at: t, rules: rules, describe: describe)
        }
        // (Runs every minute of event time: sorted only when something expired.)
        let window = configuration.regressionWindow
        if resolved.values.contains(where: { t.since($0.at) > window }) {
            for (id, entry) in resolved.sorted(by: { $0.key < $1.key }) where t.since(entry.at) > window {
                resolved.removeValue(forKey: id)
            }
        }
        return changes
    }

    /// Resolves open incident `id` at `t`; `outlived`: by its maximum lifetime while its reports still came.
    mutating func resolve(_ id: String, at t: Timestamp, outlived: Bool = false, rules: RuleSet,
                          describe: Describe) -> [IncidentChange] {
        guard let track = open.removeValue(forKey: id) else { return [] }
        let hour = configuration.windows.firstIndex(of: .hours(1)) ?? configuration.windows.indices.last
        let busy = outlived ? hour.map { track.windows.distinct($0, at: t) } : nil
        for (service, owner) in byService.sorted(by: { $0.key < $1.key }) where owner == id {
            byService.removeValue(forKey: service)
            coverageChanges += [CoverageChange(key: "n:" + service, covered: false),
                                CoverageChange(key: "s:" + service, covered: false)]
        }
        for cluster in track.clusters where byCluster[cluster] == id {
            byCluster.removeValue(forKey: cluster)
            coverageChanges.append(CoverageChange(key: "c:" + cluster, covered: false))
        }
        for ticket in track.tickets where byTicket[ticket] == id { byTicket.removeValue(forKey: ticket) }
        guard let last = track.emitted else {
            resolved[id] = ResolvedTrack(track: track, at: t, outlivedHourly: busy)
            return []
        }
        var incident = build(track, state: .resolved, at: t, rules: rules, describe: describe)
        incident.revision = last.revision + 1
        incident.resolvedAt = t
        incident.changes = ["state"]
        var closed = track
        closed.emitted = incident
        resolved[id] = ResolvedTrack(track: closed, at: t, outlivedHourly: busy)
        // Nobody heard of an incident whose every revision was silenced (planned maintenance): its end is no news.
        let targets = track.delivered ? deliveries(for: incident, rules: rules, escalation: false) : []
        return [IncidentChange(incident: incident, deliveries: targets, tickets: track.tickets)]
    }

    /// Emits a revision when the incident is new, grew for real, changed severity or is due for escalation.
    mutating func emitIfChanged(_ id: String, at t: Timestamp, rules: RuleSet, describe: Describe) -> [IncidentChange] {
        // Read without copying; the few fields an emission changes are written in place at the end.
        guard let track = open[id] else { return [] }
        let severity = track.severity
        var changes: [String] = []
        var escalation = false
        if let last = track.emitted, !track.reopened {
            if severity != last.severity { changes.append("severity") }
            let grew = Double(track.requesters.count) >= Double(last.counts.requesters) * configuration.updateGrowth
                && track.requesters.count >= last.counts.requesters + 5
            if grew { changes.append("requesters") }
            if track.relatedServices.count > last.relatedServices.count { changes.append("relatedServices") }
            if track.regions.count > last.regions.count + 2 { changes.append("regions") }
            // (Runs per report and per minute of an open incident: the route is matched only while escalation
            // is still possible.)
            if !track.escalated,
               let after = rules.routes.match(track.routeLabels(severity: severity)).compactMap(\.escalateAfter).min(),
               t.since(track.openedAt) >= after
            {
                escalation = true
                changes.append("escalated")
            }
            if changes.isEmpty { return [] }
        }
        var incident = build(track, state: track.emitted == nil || track.reopened ? .firing : .updated, at: t,
                             rules: rules, describe: describe)
        incident.revision = (track.emitted?.revision ?? 0) + 1
        incident.changes = track.emitted == nil ? [] : (track.reopened ? ["state", "reopened"] : changes)
        incident.reopened = track.reopened
        let targets = deliveries(for: incident, rules: rules, escalation: escalation)
        if escalation { open[id]!.escalated = true }
        open[id]!.reopened = false
        open[id]!.emitted = incident
        if !targets.isEmpty { open[id]!.delivered = true }
        return [IncidentChange(incident: incident, deliveries: targets, tickets: track.tickets)]
    }

    func build(_ track: IncidentTrack, state: IncidentState, at t: Timestamp, rules: RuleSet, describe: Describe) -> Incident {
        let service = rules.service(id: track.service)
        var terms: [String] = []
        var label = ""
        for cluster in track.clusters.prefix(6) {
            guard let d = describe(cluster) else { continue }
            if label.isEmpty { label = d.label }
            for term in d.terms where !terms.contains(term) { terms.append(term) }
        }
        let codes = track.codes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5).map(\.key)
        let notices = rules.noticeMatcher.active(for: track.service, at: t).map {
            IncidentNotice(id: $0.id, kind: $0.kind.rawValue, workaroundIT: $0.workaround.italian ?? $0.summary.italian,
                           workaroundEN: $0.workaround.english ?? $0.summary.english, silences: $0.action == .silence)
        }
        let counts = track.counts
        return Incident(
            id: track.id, revision: 1, state: state, severity: track.severity, service: track.service,
            serviceName: service?.name ?? track.service, owner: service?.office,
            title: label.isEmpty ? (service?.name ?? track.service) : label, firstSeen: track.firstSeen,
            lastSeen: track.lastSeen, openedAt: track.emitted?.openedAt ?? track.openedAt, updatedAt: t,
            counts: counts,
            growth: track.expectedPerHour > 0 ? Double(counts.requesters1h) / track.expectedPerHour : track.growth,
            expectedPerHour: track.expectedPerHour, channels: Tally.sorted(track.channels),
            regions: Tally.sorted(track.regions, limit: 20), requesterKinds: Tally.sorted(track.kinds),
            offices: Tally.sorted(track.offices), queues: Tally.sorted(track.queues),
            sharedTerms: Array(terms.prefix(8)), errorCodes: codes, samples: track.samples, clusters: track.clusters,
            relatedServices: track.relatedServices.sorted(), notices: notices,
            silenced: notices.contains(where: \.silences), reopened: track.reopened, reason: track.reason)
    }

    func deliveries(for incident: Incident, rules: RuleSet, escalation: Bool) -> [Delivery] {
        guard !incident.silenced else { return [] }
        var result: [Delivery] = []
        for match in rules.routes.match(incident.routeLabels) {
            let route = match.path.map(\.name).joined(separator: " > ")
            for office in match.receivers where !result.contains(where: { $0.office == office }) {
                result.append(Delivery(office: office, route: route))
            }
            if escalation {
                for office in match.escalateTo where !result.contains(where: { $0.office == office }) {
                    result.append(Delivery(office: office, route: route + " (escalation)", escalation: true))
                }
            }
        }
        return result
    }

    /// Open incidents by severity.
    var openBySeverity: [String: Int] {
        var counts: [String: Int] = [:]
        for track in open.values { counts[(track.emitted?.severity ?? track.severity).rawValue, default: 0] += 1 }
        return counts
    }

    static func windowText(_ d: Timestamp.Duration) -> String {
        d.milliseconds % 3_600_000 == 0 ? "\(d.milliseconds / 3_600_000) h" : "\(d.milliseconds / 60_000) min"
    }

    static func format(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// A p-value people can read and the redactor leaves alone (plain decimals look like phone numbers).
    static func formatP(_ p: Double) -> String {
        if p <= 0 { return "0" }
        if p >= 0.01 { return String((p * 100).rounded() / 100) }
        var exponent = 0
        var mantissa = p
        while mantissa < 1 {
            mantissa *= 10
            exponent += 1
        }
        return String((mantissa * 10).rounded() / 10) + "e-" + String(exponent)
    }
}

extension IncidentTrack {
    func routeLabels(severity: Severity) -> RouteLabels {
        RouteLabels(service: service, queue: Tally.sorted(queues).first?.key, channel: Tally.sorted(channels).first?.key,
                    region: Tally.sorted(regions).first?.key, severity: severity)
    }
}

/// A detection unit that came under an open incident (its burst stays out of its level) or left it.
struct CoverageChange: Sendable, Codable, Hashable {
    var key: String
    var covered: Bool
}
