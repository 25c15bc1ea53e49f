import Foundation
import VedettaCore

/// CSV output: one table per section, each with a header row (RFC 4180 quoting, CRLF line ends).
///
/// `render` writes one file whose tables are separated by a blank line and introduced by a `# table: NAME`
/// line; `tables` gives the same tables apart, for one file per table (`NAME.csv`) when the output is a folder.
/// Headers are English snake_case whatever the report language, so spreadsheets and scripts can rely on them.
public struct CSVReportRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The tables of `data`, in a fixed order: `(name, csv text with header)`.
    public func tables(_ data: ReportData) -> [(name: String, csv: String)] {
        var result: [(String, String)] = []
        func table(_ name: String, _ header: [String], _ rows: [[String]]) {
            result.append((name, ([header] + rows).map(CSVReportRenderer.line).joined()))
        }
        let t = data.totals
        let zone = data.period.zoneRule
        func time(_ ts: Timestamp?) -> String { ts.map { LocalClock.format($0, zone: zone) } ?? "" }
        table("summary", ["metric", "value", "previous"], [
            ["period", data.period.name, data.previousPeriod.name],
            ["from", data.period.from.rfc3339, data.previousPeriod.from.rfc3339],
            ["to", data.period.to.rfc3339, data.previousPeriod.to.rfc3339],
            ["tickets", "\(t.tickets)", "\(t.ticketsPrevious)"],
            ["events", "\(t.events)", "\(t.eventsPrevious)"],
            ["requesters", "\(t.requesters)", ""],
            ["incidents_opened", "\(t.incidentsOpened)", "\(t.incidentsOpenedPrevious)"],
            ["incidents_active", "\(t.incidentsActive)", ""],
            ["false_positives", "\(t.falsePositives)", ""],
            ["median_lead_minutes", t.medianLeadMinutes.map(String.init) ?? "", ""],
            ["files_delivered", "\(t.filesDelivered)", ""],
            ["mails_delivered", "\(t.mailsDelivered)", ""],
            ["mails_dead", "\(t.mailsDead)", ""],
            ["pending", "\(t.pending)", ""],
        ] + t.eventsByType.map { ["events_\($0.key)", "\($0.count)", ""] })
        for (name, rows) in [("volumes_by_queue", data.byQueue), ("volumes_by_channel", data.byChannel),
                             ("volumes_by_service", data.byService), ("volumes_by_requester_kind", data.byRequesterKind)] {
            table(name, ["key", "name", "tickets", "events", "tickets_previous"], rows.map {
                [$0.key, $0.name, "\($0.tickets)", "\($0.events)", $0.ticketsPrevious.map(String.init) ?? ""]
            })
        }
        table("series", ["bucket", "start", "tickets", "events", "incidents"], data.series.points.map {
            [$0.label, $0.start.rfc3339, "\($0.tickets)", "\($0.events)", "\($0.incidents)"]
        })
        table("heat_map", ["weekday"] + (0..<24).map { CivilDate.pad($0, 2) },
              data.heatMap.enumerated().map { [ReportStrings.english.weekdayNames[$0.offset]] + $0.element.map(String.init) })
        table("incidents", ["id", "service", "service_name", "owner", "severity", "state", "title", "first_seen",
                            "opened_at", "resolved_at", "tickets", "requesters", "lead_basis", "lead_reference",
                            "lead_minutes", "offices_alerted", "files_delivered", "mails_delivered", "mails_dead",
                            "pending", "false_positive", "silenced"], data.incidents.map {
            [$0.id, $0.service, $0.serviceName, $0.owner ?? "", $0.severity.rawValue, $0.state.rawValue, $0.title,
             time($0.firstSeen), time($0.openedAt), time($0.resolvedAt), "\($0.tickets)", "\($0.requesters)",
             $0.lead.basis, time($0.lead.reference), $0.lead.minutes.map(String.init) ?? "",
             $0.officesAlerted.joined(separator: ";"), "\($0.filesDelivered)", "\($0.mailsDelivered)",
             "\($0.mailsDead)", "\($0.pending)", $0.falsePositive ? "yes" : "no", $0.silenced ? "yes" : "no"]
        })
        table("incident_timeline", ["incident", "at", "kind", "revision", "severity", "tickets", "requesters", "changes"],
              data.incidents.flatMap { incident in
                  incident.timeline.map {
                      [incident.id, time($0.at), $0.kind, $0.revision.map(String.init) ?? "", $0.severity?.rawValue ?? "",
                       $0.tickets.map(String.init) ?? "", $0.requesters.map(String.init) ?? "",
                       $0.changes.joined(separator: ";")]
                  }
              })
        table("alerts_by_office", ["office", "name", "incidents", "files_delivered", "mails_delivered", "mails_dead",
                                   "pending"], data.offices.map {
            [$0.office, $0.name, "\($0.incidents)", "\($0.filesDelivered)", "\($0.mailsDelivered)", "\($0.mailsDead)",
             "\($0.pending)"]
        })
        table("false_alerts_by_rule", ["service", "route", "alerts", "false_positives", "incidents"], data.falseAlerts.map {
            [$0.service, $0.route, "\($0.alerts)", "\($0.falsePositives)", $0.incidents.joined(separator: ";")]
        })
        table("faq_candidates", ["cluster", "label", "service", "tickets", "tickets_previous", "requesters", "question",
                                 "answer", "answer_count"], data.faq.map {
            [$0.cluster, $0.label, $0.service ?? "", "\($0.tickets)", "\($0.ticketsPrevious)", "\($0.requesters)",
             $0.question, $0.answer ?? "", "\($0.answerCount)"]
        })
        table("growing_clusters", ["cluster", "label", "service", "tickets", "tickets_previous", "sample"],
              data.growingClusters.map {
                  [$0.cluster, $0.label, $0.service ?? "", "\($0.tickets)", "\($0.ticketsPrevious)", $0.sample ?? ""]
              })
        table("notices", ["id", "kind", "services", "summary_it", "summary_en", "workaround_it", "workaround_en"],
              data.notices.map {
                  [$0.id, $0.kind, $0.services.joined(separator: ";"), $0.summaryIT ?? "", $0.summaryEN ?? "",
                   $0.workaroundIT ?? "", $0.workaroundEN ?? ""]
              })
        return result
    }

    /// All tables in one text.
    public func render(_ data: ReportData) -> String {
        tables(data).map { "# table: \($0.name)\r\n" + $0.csv }.joined(separator: "\r\n")
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    /// Quotes a field when needed; a leading `=`, `+`, `-` or `@` gets a `'` so a spreadsheet never runs user
    /// text as a formula (CSV injection).
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+@".contains(first) || (first == "-" && value.count > 1 && Int(value) == nil) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
