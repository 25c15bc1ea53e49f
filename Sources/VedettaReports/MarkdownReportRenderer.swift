import VedettaCore

/// The mail digest: Markdown that also reads as plain text (headings, bullet lists, no wide tables).
public struct MarkdownReportRenderer: Sendable {
    /// Language of the words (data is language-neutral).
    public var language: Language

    /// A renderer in `language`.
    public init(language: Language = .italian) { self.language = language }

    /// The digest of `data`.
    public func render(_ data: ReportData) -> String {
        let s = ReportStrings.for(language)
        let t = data.totals
        var out = "# \(s.title) \(data.period.name)\n\n"
        out += "\(s.period): \(ReportFormatting.periodLine(data, s))\n\n"
        out += "## \(s.summary)\n\n"
        func line(_ label: String, _ value: Int, _ previous: Int?) {
            out += "- \(label): \(value)"
            if let previous { out += " (\(s.previous.lowercased()): \(previous), \(ReportFormatting.change(value, previous, new: s.new)))" }
            out += "\n"
        }
        line(s.tickets, t.tickets, t.ticketsPrevious)
        line(s.events, t.events, t.eventsPrevious)
        line(s.requesters, t.requesters, nil)
        line(s.incidentsOpened, t.incidentsOpened, t.incidentsOpenedPrevious)
        line(s.incidentsActive, t.incidentsActive, nil)
        line(s.falsePositives, t.falsePositives, nil)
        out += "- \(s.medianLead): \(t.medianLeadMinutes.map { (($0 < 0) ? "-" : "") + ReportFormatting.duration(minutes: $0) } ?? s.none)\n"
        line(s.filesDelivered, t.filesDelivered, nil)
        line(s.mailsDelivered, t.mailsDelivered, nil)
        line(s.mailsDead, t.mailsDead, nil)
        line(s.pending, t.pending, nil)

        out += "\n## \(s.volumes)\n"
        for (title, rows) in [(s.byQueue, data.byQueue), (s.byChannel, data.byChannel), (s.byService, data.byService),
                              (s.byRequesterKind, data.byRequesterKind)] {
            out += "\n### \(title)\n\n"
            if rows.isEmpty { out += "- \(s.none)\n" }
            for row in rows {
                out += "- \(ReportFormatting.key(row.name, s)): \(row.tickets) \(s.tickets.lowercased()), \(row.events) \(s.events.lowercased())"
                if let previous = row.ticketsPrevious {
                    out += " (\(ReportFormatting.change(row.tickets, previous, new: s.new)))"
                }
                out += "\n"
            }
        }

        out += "\n## \(s.incidentsHeading)\n\n"
        if data.incidents.isEmpty { out += "\(s.noIncidents)\n" }
        for incident in data.incidents {
            out += "### \(incident.id): \(incident.serviceName) — \(incident.title)\n\n"
            out += "- \(s.severity): \(incident.severity.rawValue); \(s.state): \(s.stateNames[incident.state] ?? incident.state.rawValue)"
            if incident.falsePositive { out += "; \(s.markedFalse)" + (incident.markNote.map { " (\($0))" } ?? "") }
            if incident.silenced { out += "; \(s.silenced)" }
            out += "\n- \(s.tickets): \(incident.tickets); \(s.requesters): \(incident.requesters)\n"
            out += "- \(s.lead): \(ReportFormatting.lead(incident.lead, s))\n"
            out += "- \(s.officesAlerted): \(incident.officesAlerted.isEmpty ? s.none : incident.officesAlerted.joined(separator: ", "))"
            out += " (\(s.files.lowercased()) \(incident.filesDelivered), \(s.mails.lowercased()) \(incident.mailsDelivered)"
            out += ", \(s.mailsDead.lowercased()) \(incident.mailsDead), \(s.pending.lowercased()) \(incident.pending))\n"
            out += "- \(s.timeline):\n"
            for entry in incident.timeline {
                out += "  - \(ReportFormatting.time(entry.at, data)) \(ReportFormatting.timelineKind(entry.kind, s))"
                if let revision = entry.revision { out += " #\(revision)" }
                if let severity = entry.severity { out += " \(severity.rawValue)" }
                if let tickets = entry.tickets, let requesters = entry.requesters {
                    out += ", \(tickets) \(s.tickets.lowercased()) / \(requesters)"
                }
                if !entry.changes.isEmpty { out += " [\(entry.changes.joined(separator: ", "))]" }
                out += "\n"
            }
            if !incident.samples.isEmpty {
                out += "- \(s.samples):\n"
                for sample in incident.samples { out += "  - «\(MarkdownReportRenderer.oneLine(sample))»\n" }
            }
            out += "\n"
        }

        out += "## \(s.offices)\n\n"
        if data.offices.isEmpty { out += "- \(s.none)\n" }
        for office in data.offices {
            out += "- \(office.name): \(s.incidents.lowercased()) \(office.incidents); \(s.files.lowercased()) \(office.filesDelivered), "
                + "\(s.mails.lowercased()) \(office.mailsDelivered), \(s.mailsDead.lowercased()) \(office.mailsDead), "
                + "\(s.pending.lowercased()) \(office.pending)\n"
        }

        out += "\n## \(s.falseAlerts)\n\n"
        if data.falseAlerts.isEmpty { out += "\(s.noFalseAlerts)\n" }
        for row in data.falseAlerts {
            out += "- \(row.service) · \(row.route): \(row.falsePositives)/\(row.alerts)"
            if !row.incidents.isEmpty { out += " (\(row.incidents.joined(separator: ", ")))" }
            out += "\n"
        }

        out += "\n## \(s.faq)\n\n"
        if data.faq.isEmpty { out += "\(s.noFAQ)\n" }
        for (index, faq) in data.faq.enumerated() {
            out += "\(index + 1). \(faq.label) (\(faq.service ?? s.unknown); \(faq.tickets) \(s.tickets.lowercased()), "
                + "\(ReportFormatting.change(faq.tickets, faq.ticketsPrevious, new: s.new)))\n"
            out += "   - \(s.question): «\(MarkdownReportRenderer.oneLine(faq.question))»\n"
            out += "   - \(s.answer): \(faq.answer.map { "«\(MarkdownReportRenderer.oneLine($0))» (\(faq.answerCount))" } ?? s.noAnswer)\n"
        }

        out += "\n## \(s.newsletter)\n\n"
        for section in Newsletter(data, language: language).sections {
            if !section.heading.isEmpty { out += "### \(section.heading)\n\n" }
            for paragraph in section.paragraphs { out += MarkdownReportRenderer.oneLine(paragraph) + "\n\n" }
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// User text on one line (a newline in a quoted report would break the list).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " ")
    }
}

extension Substring {
    func trimmingCharacters() -> String { String(self).trimmingWhitespace }
}
