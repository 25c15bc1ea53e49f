import VedettaCore

/// The supervisors' report as one self-contained HTML file: inline CSS and SVG charts, tables with captions
/// and scoped headers, alt texts on charts, print styles; Italian or English.
public struct HTMLReportRenderer: Sendable {
    /// Language of the words.
    public var language: Language

    /// A renderer in `language`.
    public init(language: Language = .italian) { self.language = language }

    /// The document of `data`.
    public func render(_ data: ReportData) -> String {
        let s = ReportStrings.for(language)
        let title = "\(s.title) \(data.period.name)"
        let header = "<h1>\(HTMLText.escape(title))</h1><p>\(HTMLText.escape(ReportFormatting.periodLine(data, s)))</p>"
        return HTMLPage.document(title: title, language: s.code, header: header, body: body(data))
    }

    /// The report's content (sections only), for embedding in another page.
    public func body(_ data: ReportData) -> String {
        let s = ReportStrings.for(language)
        let t = data.totals
        func e(_ text: String) -> String { HTMLText.escape(text) }
        var out = "<nav class=\"toc\" aria-label=\"\(e(s.summary))\"><ul>"
        for (anchor, label) in [("summary", s.summary), ("volumes", s.volumes), ("trend", s.series),
                                ("incidents", s.incidentsHeading), ("offices", s.offices), ("false-alerts", s.falseAlerts),
                                ("faq", s.faq), ("newsletter", s.newsletter)] {
            out += "<li><a href=\"#\(anchor)\">\(e(label))</a></li>"
        }
        out += "</ul></nav>\n"

        out += "<section aria-labelledby=\"summary\"><h2 id=\"summary\">\(e(s.summary))</h2><div class=\"cards\">"
        func card(_ label: String, _ value: String, _ note: String? = nil) {
            out += "<div class=\"card\"><div class=\"v\">\(e(value))</div><div class=\"l\">\(e(label))"
            if let note { out += " <span class=\"muted\">(\(e(note)))</span>" }
            out += "</div></div>"
        }
        card(s.tickets, "\(t.tickets)", ReportFormatting.change(t.tickets, t.ticketsPrevious, new: s.new))
        card(s.events, "\(t.events)", ReportFormatting.change(t.events, t.eventsPrevious, new: s.new))
        card(s.requesters, "\(t.requesters)")
        card(s.incidentsOpened, "\(t.incidentsOpened)", ReportFormatting.change(t.incidentsOpened, t.incidentsOpenedPrevious, new: s.new))
        card(s.falsePositives, "\(t.falsePositives)")
        card(s.medianLead, t.medianLeadMinutes.map { ($0 < 0 ? "-" : "") + ReportFormatting.duration(minutes: $0) } ?? s.none)
        card(s.mailsDelivered, "\(t.mailsDelivered)")
        card(s.mailsDead, "\(t.mailsDead)")
        out += "</div></section>\n"

        out += "<section aria-labelledby=\"volumes\"><h2 id=\"volumes\">\(e(s.volumes))</h2>"
        out += SVGChart.bars(data.byService.prefix(12).map { (ReportFormatting.key($0.name, s), $0.tickets) },
                             title: s.barsAlt, id: "bars-service")
        for (caption, rows, withPrevious) in [(s.byService, data.byService, true), (s.byQueue, data.byQueue, false),
                                              (s.byChannel, data.byChannel, false),
                                              (s.byRequesterKind, data.byRequesterKind, false)] {
            out += "<table><caption>\(e(caption))</caption><thead><tr><th scope=\"col\">\(e(s.key))</th>"
                + "<th scope=\"col\" class=\"n\">\(e(s.tickets))</th><th scope=\"col\" class=\"n\">\(e(s.events))</th>"
            if withPrevious { out += "<th scope=\"col\" class=\"n\">\(e(s.previous))</th><th scope=\"col\" class=\"n\">\(e(s.change))</th>" }
            out += "</tr></thead><tbody>"
            for row in rows {
                out += "<tr><th scope=\"row\">\(e(ReportFormatting.key(row.name, s)))</th><td class=\"n\">\(row.tickets)</td><td class=\"n\">\(row.events)</td>"
                if withPrevious {
                    let previous = row.ticketsPrevious ?? 0
                    out += "<td class=\"n\">\(previous)</td><td class=\"n\">\(e(ReportFormatting.change(row.tickets, previous, new: s.new)))</td>"
                }
                out += "</tr>"
            }
            out += "</tbody></table>"
        }
        out += "</section>\n"

        out += "<section aria-labelledby=\"trend\"><h2 id=\"trend\">\(e(s.series))</h2>"
        let seriesTitle = data.series.granularity == "hour" ? s.seriesHourly : s.seriesDaily
        out += "<h3>\(e(seriesTitle))</h3>"
        out += SVGChart.line(values: data.series.points.map(\.tickets), labels: data.series.points.map(\.label),
                             title: s.seriesAlt + ": " + seriesTitle, id: "series")
        out += "<h3>\(e(s.heatMap))</h3>"
        out += SVGChart.heatMap(data.heatMap, rowLabels: s.weekdayNames, title: s.heatAlt, id: "heat")
        out += "<table><caption>\(e(seriesTitle))</caption><thead><tr><th scope=\"col\">\(e(s.when))</th>"
            + "<th scope=\"col\" class=\"n\">\(e(s.tickets))</th><th scope=\"col\" class=\"n\">\(e(s.events))</th>"
            + "<th scope=\"col\" class=\"n\">\(e(s.incidentsOpened))</th></tr></thead><tbody>"
        for point in data.series.points {
            out += "<tr><th scope=\"row\">\(e(point.label))</th><td class=\"n\">\(point.tickets)</td>"
                + "<td class=\"n\">\(point.events)</td><td class=\"n\">\(point.incidents)</td></tr>"
        }
        out += "</tbody></table></section>\n"

        out += "<section aria-labelledby=\"incidents\"><h2 id=\"incidents\">\(e(s.incidentsHeading))</h2>"
        if data.incidents.isEmpty { out += "<p>\(e(s.noIncidents))</p>" }
        for incident in data.incidents { out += incidentSection(incident, zone: data.period.zoneRule) }
        out += "</section>\n"

        out += "<section aria-labelledby=\"offices\"><h2 id=\"offices\">\(e(s.offices))</h2>"
        out += "<table><caption>\(e(s.offices))</caption><thead><tr><th scope=\"col\">\(e(s.office))</th>"
            + "<th scope=\"col\" class=\"n\">\(e(s.incidents))</th><th scope=\"col\" class=\"n\">\(e(s.filesDelivered))</th>"
            + "<th scope=\"col\" class=\"n\">\(e(s.mailsDelivered))</th><th scope=\"col\" class=\"n\">\(e(s.mailsDead))</th>"
            + "<th scope=\"col\" class=\"n\">\(e(s.pending))</th></tr></thead><tbody>"
        for office in data.offices {
            out += "<tr><th scope=\"row\">\(e(office.name))</th><td class=\"n\">\(office.incidents)</td>"
                + "<td class=\"n\">\(office.filesDelivered)</td><td class=\"n\">\(office.mailsDelivered)</td>"
                + "<td class=\"n\">\(office.mailsDead)</td><td class=\"n\">\(office.pending)</td></tr>"
        }
        out += "</tbody></table></section>\n"

        out += "<section aria-labelledby=\"false-alerts\"><h2 id=\"false-alerts\">\(e(s.falseAlerts))</h2>"
        if data.falseAlerts.isEmpty {
            out += "<p>\(e(s.noFalseAlerts))</p>"
        } else {
            out += "<table><caption>\(e(s.falseAlerts))</caption><thead><tr><th scope=\"col\">\(e(s.service))</th>"
                + "<th scope=\"col\">\(e(s.route))</th><th scope=\"col\" class=\"n\">\(e(s.alerts))</th>"
                + "<th scope=\"col\" class=\"n\">\(e(s.falsePositives))</th><th scope=\"col\">\(e(s.incidents))</th></tr></thead><tbody>"
            for row in data.falseAlerts {
                out += "<tr><th scope=\"row\">\(e(row.service))</th><td>\(e(row.route))</td><td class=\"n\">\(row.alerts)</td>"
                    + "<td class=\"n\">\(row.falsePositives)</td><td>\(e(row.incidents.joined(separator: ", ")))</td></tr>"
            }
            out += "</tbody></table>"
        }
        out += "</section>\n"

        out += "<section aria-labelledby=\"faq\"><h2 id=\"faq\">\(e(s.faq))</h2>"
        if data.faq.isEmpty { out += "<p>\(e(s.noFAQ))</p>" }
        for faq in data.faq {
            out += "<h3>\(e(faq.label)) <span class=\"muted\">(\(e(faq.service ?? s.unknown)); \(faq.tickets) \(e(s.tickets.lowercased())), "
                + "\(e(ReportFormatting.change(faq.tickets, faq.ticketsPrevious, new: s.new))))</span></h3>"
            out += "<p><strong>\(e(s.question))</strong></p><blockquote>\(e(faq.question))</blockquote>"
            out += "<p><strong>\(e(s.answer))</strong>: " + (faq.answer.map { "\(e($0)) <span class=\"muted\">(\(faq.answerCount))</span>" } ?? e(s.noAnswer)) + "</p>"
        }
        out += "<h3>\(e(s.growing))</h3>"
        if data.growingClusters.isEmpty {
            out += "<p>\(e(s.noGrowing))</p>"
        } else {
            out += "<table><caption>\(e(s.growing))</caption><thead><tr><th scope=\"col\">\(e(s.name))</th>"
                + "<th scope=\"col\">\(e(s.service))</th><th scope=\"col\" class=\"n\">\(e(s.tickets))</th>"
                + "<th scope=\"col\" class=\"n\">\(e(s.previous))</th></tr></thead><tbody>"
            for cluster in data.growingClusters {
                out += "<tr><th scope=\"row\">\(e(cluster.label))</th><td>\(e(cluster.service ?? s.unknown))</td>"
                    + "<td class=\"n\">\(cluster.tickets)</td><td class=\"n\">\(cluster.ticketsPrevious)</td></tr>"
            }
            out += "</tbody></table>"
        }
        out += "</section>\n"

        out += "<section aria-labelledby=\"newsletter\"><h2 id=\"newsletter\">\(e(s.newsletter))</h2><div class=\"newsletter\">"
        for section in Newsletter(data, language: language).sections {
            if !section.heading.isEmpty { out += "<h3>\(e(section.heading))</h3>" }
            for paragraph in section.paragraphs { out += "<p>\(e(paragraph))</p>" }
        }
        out += "</div></section>\n"
        out += "<footer>\(e(s.generatedFrom)) · \(e(data.period.from.rfc3339)) – \(e(data.period.to.rfc3339))</footer>"
        return out
    }

    /// One incident: header, figures, timeline table, samples.
    public func incidentSection(_ incident: ReportData.IncidentSummary, zone: ZoneRule) -> String {
        let s = ReportStrings.for(language)
        func e(_ text: String) -> String { HTMLText.escape(text) }
        var out = "<section class=\"incident\" aria-labelledby=\"inc-\(e(incident.id))\">"
        out += "<h3 id=\"inc-\(e(incident.id))\">\(e(incident.id)): \(e(incident.serviceName)) — \(e(incident.title))</h3><p>"
        out += "<span class=\"badge sev-\(e(incident.severity.rawValue))\">\(e(incident.severity.rawValue))</span> "
        out += "<span class=\"badge\">\(e(s.stateNames[incident.state] ?? incident.state.rawValue))</span> "
        if incident.falsePositive { out += "<span class=\"badge fp\">\(e(s.markedFalse))</span> " }
        if incident.silenced { out += "<span class=\"badge\">\(e(s.silenced))</span> " }
        out += "</p><ul>"
        out += "<li>\(e(s.tickets)): \(incident.tickets); \(e(s.requesters)): \(incident.requesters)</li>"
        out += "<li>\(e(s.lead)): \(e(ReportFormatting.lead(incident.lead, s)))</li>"
        out += "<li>\(e(s.officesAlerted)): \(e(incident.officesAlerted.isEmpty ? s.none : incident.officesAlerted.joined(separator: ", ")))"
            + " — \(e(s.filesDelivered)) \(incident.filesDelivered), \(e(s.mailsDelivered)) \(incident.mailsDelivered), "
            + "\(e(s.mailsDead)) \(incident.mailsDead), \(e(s.pending)) \(incident.pending)</li>"
        if let note = incident.markNote { out += "<li>\(e(s.markedFalse)): \(e(note))</li>" }
        out += "</ul>"
        out += "<table><caption>\(e(s.timeline)) \(e(incident.id))</caption><thead><tr><th scope=\"col\">\(e(s.when))</th>"
            + "<th scope=\"col\">\(e(s.what))</th><th scope=\"col\">\(e(s.severity))</th><th scope=\"col\" class=\"n\">\(e(s.tickets))</th>"
            + "<th scope=\"col\" class=\"n\">\(e(s.requesters))</th></tr></thead><tbody>"
        for entry in incident.timeline {
            var what = ReportFormatting.timelineKind(entry.kind, s)
            if let revision = entry.revision { what += " #\(revision)" }
            if !entry.changes.isEmpty { what += " (\(entry.changes.joined(separator: ", ")))" }
            out += "<tr><th scope=\"row\">\(e(ReportFormatting.time(entry.at, zone)))</th><td>\(e(what))</td>"
                + "<td>\(e(entry.severity?.rawValue ?? ""))</td><td class=\"n\">\(entry.tickets.map(String.init) ?? "")</td>"
                + "<td class=\"n\">\(entry.requesters.map(String.init) ?? "")</td></tr>"
        }
        out += "</tbody></table>"
        if !incident.samples.isEmpty {
            out += "<p><strong>\(e(s.samples))</strong></p>"
            for sample in incident.samples { out += "<blockquote>\(e(sample))</blockquote>" }
        }
        return out + "</section>"
    }
}
