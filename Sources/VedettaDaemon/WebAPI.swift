import Foundation
import Hummingbird
import VedettaCore
import VedettaReports
import VedettaStore

/// The JSON API of the web view (`/api/v1/`): sorted keys, user texts redacted.
struct WebAPI {
    let context: WebView.Context
    init(_ context: WebView.Context) { self.context = context }

    func redacted(_ incident: Incident) -> Incident {
        var incident = incident
        incident.title = Redactor.redact(incident.title)
        incident.samples = incident.samples.map { var s = $0; s.text = Redactor.redact(s.text); return s }
        return incident
    }

    func redacted(_ cluster: ClusterRecord) -> ClusterRecord {
        var cluster = cluster
        cluster.label = Redactor.redact(cluster.label)
        cluster.samples = cluster.samples.map { ClusterText(ticket: $0.ticket, at: $0.at, text: Redactor.redact($0.text)) }
        cluster.resolutions = cluster.resolutions.map { ClusterText(ticket: $0.ticket, at: $0.at, text: Redactor.redact($0.text)) }
        return cluster
    }

    func incidents() throws(StoreError) -> Response {
        WebView.jsonResponse(.ok, try context.store.recentIncidents(limit: 200).map(redacted))
    }

    func incident(id: String) throws(StoreError) -> Response {
        guard let summary = try ReportBuilder(store: context.store, rules: context.rules()).incidentSummary(id: id) else {
            return WebView.jsonResponse(.notFound, ["error": "no incident \(id)"])
        }
        return WebView.jsonResponse(.ok, summary)
    }

    func clusters() throws(StoreError) -> Response {
        let now = context.now()
        return WebView.jsonResponse(.ok, try context.store.clusters(from: now.adding(.days(-7)), to: now.adding(.days(1)),
                                                                    limit: 200).map(redacted))
    }

    func cluster(id: String) throws(StoreError) -> Response {
        guard let cluster = try context.store.cluster(id: id) else {
            return WebView.jsonResponse(.notFound, ["error": "no cluster \(id)"])
        }
        return WebView.jsonResponse(.ok, redacted(cluster))
    }

    /// `from`/`to`: RFC 3339 times or local dates `YYYY-MM-DD` (a `to` date is inclusive); one day → a day report.
    func report(from: String?, to: String?) throws(StoreError) -> Response {
        guard let fromText = from, let start = parse(fromText, endOfDay: false) else {
            return WebView.jsonResponse(.badRequest, ["error": "from must be an RFC 3339 time or a date YYYY-MM-DD"])
        }
        let end = to.flatMap { parse($0, endOfDay: true) } ?? ReportPeriod.day(containing: start, zone: context.zone).to
        guard start < end, end.since(start) <= .days(93) else {
            return WebView.jsonResponse(.badRequest, ["error": "to must be after from, at most 93 days later"])
        }
        var period = ReportPeriod(kind: .custom, from: start, to: end, zone: context.zone)
        let day = ReportPeriod.day(containing: start, zone: context.zone)
        if day.from == start && day.to == end { period = day }
        let data = try ReportBuilder(store: context.store, rules: context.rules()).build(period)
        return WebView.jsonResponse(.ok, data)
    }

    func parse(_ text: String, endOfDay: Bool) -> Timestamp? {
        if let t = Timestamp(rfc3339: text) { return t }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        let day = CivilDate.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]) + (endOfDay ? 1 : 0)
        return context.zone.instant(day: day, at: LocalTime(hour: 0, minute: 0))
    }
}
