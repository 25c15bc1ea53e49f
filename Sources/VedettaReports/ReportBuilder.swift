import Logging
import VedettaCore
import VedettaStore

/// Builds a `ReportData` from the store for a period: one streaming pass over the period's events, light SQL
/// for the previous period's trends, and per-incident look-ups for timelines, lead times and deliveries.
public struct ReportBuilder: Sendable {
    /// The store read.
    public let store: EventStore
    /// Rules, for service and office names and the notices (known problems, workarounds).
    public let rules: RuleSet
    /// How many FAQ candidates and growing clusters to list.
    public var topClusters = 10
    /// A cluster needs at least this many tickets in the period to become an FAQ candidate.
    public var minimumFAQTickets = 3

    /// A builder reading `store` with `rules` (use `.empty` when no rules are at hand).
    public init(store: EventStore, rules: RuleSet = .empty) {
        self.store = store
        self.rules = rules
    }

    /// The report of `period`.
    public func build(_ period: ReportPeriod) throws(StoreError) -> ReportData {
        var aggregator = EventAggregator(period: period)
        try store.forEachEvent(from: period.from, to: period.to) { aggregator.add($0) }
        let previous = period.previous
        let previousByService = try store.openedByService(from: previous.from, to: previous.to)
        let previousTypes = try store.eventTypeCounts(from: previous.from, to: previous.to)

        let incidents = try incidentSummaries(period: period, aggregator: aggregator)
        let clusterNow = try store.clusterTicketCounts(from: period.from, to: period.to)
        let clusterBefore = try store.clusterTicketCounts(from: previous.from, to: previous.to)

        var series: [ReportData.Series.Point] = []
        var incidentsPerBucket = Array(repeating: 0, count: aggregator.bucketCount)
        for incident in incidents where incident.openedAt >= period.from && incident.openedAt < period.to {
            incidentsPerBucket[aggregator.bucket(incident.openedAt.milliseconds)] += 1
        }
        let zone = period.zoneRule
        for index in 0..<aggregator.bucketCount {
            let start: Timestamp
            let label: String
            if aggregator.hourly {
                start = period.from.adding(.hours(Int64(index)))
                let p = zone.localParts(of: start)
                label = CivilDate.pad(p.hour, 2) + ":00"
            } else {
                start = zone.instant(day: aggregator.firstDay + index, at: LocalTime(hour: 0, minute: 0))
                label = LocalClock.date(localDay: aggregator.firstDay + index)
            }
            series.append(.init(label: label, start: start, tickets: aggregator.seriesTickets[index],
                                events: aggregator.seriesEvents[index], incidents: incidentsPerBucket[index]))
        }

        let leads = incidents.compactMap(\.lead.minutes).sorted()
        let median: Int? = leads.isEmpty ? nil
            : leads.count % 2 == 1 ? leads[leads.count / 2] : (leads[leads.count / 2 - 1] + leads[leads.count / 2]) / 2
        let totals = ReportData.Totals(
            tickets: aggregator.tickets, ticketsPrevious: previousByService.values.reduce(0, +),
            events: aggregator.events, eventsPrevious: previousTypes.values.reduce(0, +),
            requesters: aggregator.requesterCount,
            eventsByType: aggregator.byType.map { ReportData.Count(key: $0.key, count: $0.value) }.sorted { $0.key < $1.key },
            incidentsOpened: incidents.filter { $0.openedAt >= period.from && $0.openedAt < period.to }.count,
            incidentsOpenedPrevious: try store.incidentsOpened(from: previous.from, to: previous.to),
            incidentsActive: incidents.count, falsePositives: incidents.filter(\.falsePositive).count,
            medianLeadMinutes: median, mailsDelivered: incidents.map(\.mailsDelivered).reduce(0, +),
            mailsDead: incidents.map(\.mailsDead).reduce(0, +), pending: incidents.map(\.pending).reduce(0, +),
            filesDelivered: incidents.map(\.filesDelivered).reduce(0, +))

        return ReportData(
            period: period, previousPeriod: previous, totals: totals,
            byQueue: volumeRows(aggregator.byQueue, names: { $0 }, previous: nil),
            byChannel: volumeRows(aggregator.byChannel, names: { $0 }, previous: nil),
            byService: volumeRows(aggregator.byService, names: { rules.service(id: $0)?.name ?? $0 },
                                  previous: previousByService),
            byRequesterKind: volumeRows(aggregator.byKind, names: { $0 }, previous: nil),
            heatMap: (0..<7).map { Array(aggregator.heat[($0 * 24)..<($0 * 24 + 24)]) },
            series: .init(granularity: aggregator.hourly ? "hour" : "day", points: series),
            incidents: incidents, offices: try officeRows(incidents: incidents),
            falseAlerts: falseAlertRows(incidents), faq: try faqCandidates(now: clusterNow, before: clusterBefore),
            growingClusters: try growingClusters(now: clusterNow, before: clusterBefore),
            notices: noticeItems(period))
    }

    func volumeRows(_ volumes: [String: EventAggregator.Volume], names: (String) -> String,
                    previous: [String: Int]?) -> [ReportData.VolumeRow] {
        var keys = Set(volumes.keys)
        if let previous { keys.formUnion(previous.keys.map { $0.isEmpty ? EventAggregator.unknown : $0 }) }
        return keys.map { key in
            let volume = volumes[key] ?? EventAggregator.Volume()
            let before = previous.map { $0[key == EventAggregator.unknown ? "" : key] ?? 0 }
            return ReportData.VolumeRow(key: key, name: key == EventAggregator.unknown ? key : names(key),
                                        tickets: volume.tickets, events: volume.events, ticketsPrevious: before)
        }.sorted { ($0.tickets, $1.key) > ($1.tickets, $0.key) }
    }

    func incidentSummaries(period: ReportPeriod, aggregator: EventAggregator) throws(StoreError)
        -> [ReportData.IncidentSummary]
    {
        let incidents = try store.incidents(activeFrom: period.from, to: period.to)
        let marks = try store.marks(incidents: incidents.map(\.id))
        var result: [ReportData.IncidentSummary] = []
        for incident in incidents {
            result.append(try summary(of: incident, mark: marks.first { $0.incident == incident.id && $0.kind == .falsePositive }))
        }
        return result.sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
    }

    /// The report view of incident `id` (timeline, lead time, deliveries), or nil when unknown.
    public func incidentSummary(id: String) throws(StoreError) -> ReportData.IncidentSummary? {
        guard let incident = try store.incident(id: id) else { return nil }
        return try summary(of: incident, mark: try store.marks(incidents: [id]).first { $0.kind == .falsePositive })
    }

    func summary(of incident: Incident, mark: IncidentMark?) throws(StoreError) -> ReportData.IncidentSummary {
        let revisions = try store.revisions(ofIncident: incident.id)
        var timeline = [ReportData.TimelineEntry(kind: "first-report", at: incident.firstSeen, revision: nil,
                                                 severity: nil, tickets: nil, requesters: nil, changes: [])]
        for revision in revisions {
            let kind = revision.revision == 1 ? "first-alert" : revision.state == .resolved ? "resolution" : "update"
            timeline.append(.init(kind: kind, at: revision.updatedAt, revision: revision.revision,
                                  severity: revision.severity, tickets: revision.counts.tickets,
                                  requesters: revision.counts.requesters, changes: revision.changes.sorted()))
        }
        let lead: ReportData.LeadTime
        if let escalated = try store.earliestEvent(.escalated, ofIncident: incident.id) {
            lead = .init(basis: "escalation", reference: escalated,
                         minutes: Int(escalated.since(incident.openedAt).milliseconds / 60_000))
        } else if let resolved = try store.earliestEvent(.resolved, ofIncident: incident.id) {
            lead = .init(basis: "resolution", reference: resolved,
                         minutes: Int(resolved.since(incident.openedAt).milliseconds / 60_000))
        } else {
            lead = .init(basis: "none", reference: nil, minutes: nil)
        }
        let deliveries = try store.deliveries(ofIncident: incident.id)
        func sum(_ channel: String?, _ state: String) -> Int {
            deliveries.filter { (channel == nil || $0.channel == channel) && $0.state == state }.map(\.count).reduce(0, +)
        }
        let noticeIDs = Set(revisions.flatMap { $0.notices.map(\.id) })
        return .init(
            id: incident.id, title: Redactor.redact(incident.title), service: incident.service,
            serviceName: incident.serviceName, owner: incident.owner,
            severity: revisions.map(\.severity).max() ?? incident.severity, state: incident.state,
            firstSeen: incident.firstSeen, openedAt: incident.openedAt, resolvedAt: incident.resolvedAt,
            tickets: incident.counts.tickets, requesters: incident.counts.requesters, timeline: timeline, lead: lead,
            officesAlerted: Set(deliveries.filter { $0.state != "dead" }.map(\.office)).sorted(),
            filesDelivered: sum("file", "delivered"), mailsDelivered: sum("mail", "delivered"),
            mailsDead: sum("mail", "dead"), pending: sum(nil, "pending"),
            routes: Set(deliveries.map(\.route).filter { !$0.isEmpty }).sorted(),
            falsePositive: mark != nil, markNote: mark?.note.map(Redactor.redact),
            samples: incident.samples.map { Redactor.redact($0.text) }, errorCodes: incident.errorCodes.sorted(),
            notices: noticeIDs.sorted(), silenced: revisions.contains(where: \.silenced))
    }

    func officeRows(incidents: [ReportData.IncidentSummary]) throws(StoreError) -> [ReportData.OfficeAlerts] {
        var rows: [String: ReportData.OfficeAlerts] = [:]
        for incident in incidents {
            var seen = Set<String>()
            for delivery in try store.deliveries(ofIncident: incident.id) {
                var row = rows[delivery.office] ?? .init(
                    office: delivery.office, name: rules.office(id: delivery.office)?.name ?? delivery.office,
                    incidents: 0, filesDelivered: 0, mailsDelivered: 0, mailsDead: 0, pending: 0)
                if seen.insert(delivery.office).inserted { row.incidents += 1 }
                switch (delivery.channel, delivery.state) {
                case ("file", "delivered"): row.filesDelivered += delivery.count
                case ("mail", "delivered"): row.mailsDelivered += delivery.count
                case ("mail", "dead"): row.mailsDead += delivery.count
                case (_, "pending"): row.pending += delivery.count
                default: break
                }
                rows[delivery.office] = row
            }
        }
        return rows.values.sorted { $0.office < $1.office }
    }

    func falseAlertRows(_ incidents: [ReportData.IncidentSummary]) -> [ReportData.FalseAlertRow] {
        var rows: [String: ReportData.FalseAlertRow] = [:]
        for incident in incidents {
            for route in incident.routes.isEmpty ? ["-"] : incident.routes {
                let key = incident.service + "\u{1F}" + route
                var row = rows[key] ?? .init(service: incident.service, route: route, alerts: 0, falsePositives: 0,
                                             incidents: [])
                row.alerts += 1
                if incident.falsePositive {
                    row.falsePositives += 1
                    row.incidents.append(incident.id)
                }
                rows[key] = row
            }
        }
        return rows.values.map { row in
            var row = row
            row.incidents.sort()
            return row
        }.sorted { ($1.falsePositives, $0.service, $0.route) < ($0.falsePositives, $1.service, $1.route) }
    }

    func faqCandidates(now: [String: Int], before: [String: Int]) throws(StoreError) -> [ReportData.FAQCandidate] {
        let ranked = now.filter { $0.value >= minimumFAQTickets }
            .sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(topClusters)
        return try store.clusters(ids: ranked.map(\.key)).map { record in
            let answer = ReportBuilder.mostCommon(record.resolutions)
            return .init(cluster: record.id, label: Redactor.redact(record.label), service: record.service,
                         tickets: now[record.id] ?? 0, ticketsPrevious: before[record.id] ?? 0,
                         requesters: record.requesters,
                         question: Redactor.redact(ReportBuilder.representative(record.samples) ?? record.label),
                         answer: answer.map { Redactor.redact($0.text) }, answerCount: answer?.count ?? 0)
        }
    }

    func growingClusters(now: [String: Int], before: [String: Int]) throws(StoreError) -> [ReportData.ClusterTrend] {
        let ranked = now.filter { $0.value >= minimumFAQTickets && $0.value > (before[$0.key] ?? 0) }
            .map { (id: $0.key, growth: $0.value - (before[$0.key] ?? 0)) }
            .sorted { ($1.growth, $0.id) < ($0.growth, $1.id) }.prefix(topClusters)
        return try store.clusters(ids: ranked.map(\.id)).map { record in
            .init(cluster: record.id, label: Redactor.redact(record.label), service: record.service,
                  tickets: now[record.id] ?? 0, ticketsPrevious: before[record.id] ?? 0,
                  sample: ReportBuilder.representative(record.samples).map(Redactor.redact))
        }
    }

    func noticeItems(_ period: ReportPeriod) -> [ReportData.NoticeItem] {
        rules.notices.filter { !$0.windows(from: period.from, to: period.to).isEmpty }
            .map { notice in
                .init(id: notice.id, kind: notice.kind.rawValue, services: notice.services.sorted(),
                      summaryIT: notice.summary.italian, summaryEN: notice.summary.english,
                      workaroundIT: notice.workaround.italian, workaroundEN: notice.workaround.english)
            }
            .sorted { ($0.kind, $0.id) < ($1.kind, $1.id) }
    }

    /// The engine's first sample (it orders them by representativeness); empty texts skipped.
    static func representative(_ samples: [ClusterText]) -> String? {
        samples.first { !$0.text.trimmingWhitespace.isEmpty }?.text
    }

    /// The most frequent text (compared trimmed and case-folded), ties to the earliest, then the smallest text.
    static func mostCommon(_ texts: [ClusterText]) -> (text: String, count: Int)? {
        var groups: [String: (text: String, count: Int, first: Timestamp)] = [:]
        for item in texts {
            let trimmed = item.text.trimmingWhitespace
            guard !trimmed.isEmpty else { continue }
            let key = trimmed.lowercased()
            if var group = groups[key] {
                group.count += 1
                if item.at < group.first { group.first = item.at; group.text = trimmed }
                groups[key] = group
            } else {
                groups[key] = (trimmed, 1, item.at)
            }
        }
        return groups.values.sorted { a, b in
            a.count != b.count ? a.count > b.count : a.first != b.first ? a.first < b.first : a.text < b.text
        }.first.map { ($0.text, $0.count) }
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
