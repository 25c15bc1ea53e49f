import Foundation
import Hummingbird
import NIOCore
import VedettaCore
import VedettaReports
import VedettaStore

/// The HTML pages of the web view.
struct WebPages {
    let context: WebView.Context
    init(_ context: WebView.Context) { self.context = context }

    var english: Bool { context.language == .english }
    func e(_ text: String) -> String { HTMLText.escape(text) }
    func link(_ path: String, _ id: String) -> String {
        "<a href=\"\(e(path))\(e(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id))\">\(e(id))</a>"
    }

    func home() throws(StoreError) -> String {
        let incidents = try context.store.recentIncidents(limit: 50)
        let now = context.now()
        let clusters = try context.store.clusters(from: now.adding(.days(-7)), to: now.adding(.days(1)), limit: 50)
        var body = "<section aria-labelledby=\"inc\"><h2 id=\"inc\">\(english ? "Incidents" : "Incidenti")</h2>"
        if incidents.isEmpty {
            body += "<p>\(english ? "No incidents." : "Nessun incidente.")</p>"
        } else {
            body += "<table><caption>\(english ? "Open incidents first, then the latest" : "Prima gli incidenti aperti, poi i più recenti")</caption><thead><tr>"
            for h in english ? ["Incident", "Service", "Severity", "State", "First alert", "Tickets", "Requesters"]
                : ["Incidente", "Servizio", "Gravità", "Stato", "Primo allarme", "Ticket", "Richiedenti"] {
                body += "<th scope=\"col\">\(h)</th>"
            }
            body += "</tr></thead><tbody>"
            for incident in incidents {
                body += "<tr><th scope=\"row\">\(link("/incidents/", incident.id))</th><td>\(e(incident.serviceName))<br><span class=\"muted\">\(e(Redactor.redact(incident.title)))</span></td>"
                    + "<td><span class=\"badge sev-\(e(incident.severity.rawValue))\">\(e(incident.severity.rawValue))</span></td>"
                    + "<td>\(e(incident.state.rawValue))</td><td>\(e(context.zone.localText(incident.openedAt)))</td>"
                    + "<td class=\"n\">\(incident.counts.tickets)</td><td class=\"n\">\(incident.counts.requesters)</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += "</section><section aria-labelledby=\"clu\"><h2 id=\"clu\">\(english ? "Clusters of the last 7 days" : "Cluster degli ultimi 7 giorni")</h2>"
        body += clusterTable(clusters)
        body += "</section>"
        return WebView.page(context, title: english ? "Incidents and clusters" : "Incidenti e cluster", body: body)
    }

    func clusterTable(_ clusters: [ClusterRecord]) -> String {
        if clusters.isEmpty { return "<p>\(english ? "No clusters." : "Nessun cluster.")</p>" }
        var body = "<table><caption>\(english ? "Most tickets first" : "Per numero di ticket")</caption><thead><tr>"
        for h in english ? ["Cluster", "Label", "Service", "Tickets", "Requesters", "Last seen"]
            : ["Cluster", "Etichetta", "Servizio", "Ticket", "Richiedenti", "Ultima segnalazione"] {
            body += "<th scope=\"col\">\(h)</th>"
        }
        body += "</tr></thead><tbody>"
        for cluster in clusters {
            body += "<tr><th scope=\"row\">\(link("/clusters/", cluster.id))</th><td>\(e(Redactor.redact(cluster.label)))</td>"
                + "<td>\(e(cluster.service ?? "—"))</td><td class=\"n\">\(cluster.tickets)</td><td class=\"n\">\(cluster.requesters)</td>"
                + "<td>\(e(context.zone.localText(cluster.lastSeen)))</td></tr>"
        }
        return body + "</tbody></table>"
    }

    func incident(id: String) throws(StoreError) -> Response {
        guard let summary = try ReportBuilder(store: context.store, rules: context.rules()).incidentSummary(id: id) else {
            return notFound(english ? "No incident \(id)." : "Nessun incidente \(id).")
        }
        let body = HTMLReportRenderer(language: context.language).incidentSection(summary, zone: context.zone)
        return WebView.html(.ok, WebView.page(context, title: summary.id, body: body))
    }

    func cluster(id: String) throws(StoreError) -> Response {
        guard let cluster = try context.store.cluster(id: id) else {
            return notFound(english ? "No cluster \(id)." : "Nessun cluster \(id).")
        }
        var body = "<section aria-labelledby=\"c\"><h2 id=\"c\">\(e(cluster.id)): \(e(Redactor.redact(cluster.label)))</h2><ul>"
        body += "<li>\(english ? "Service" : "Servizio"): \(e(cluster.service ?? "—"))"
        if !cluster.services.isEmpty {
            body += " (" + cluster.services.map { "\(e($0.key)) \($0.count)" }.joined(separator: ", ") + ")"
        }
        body += "</li><li>Ticket: \(cluster.tickets); \(english ? "requesters" : "richiedenti"): \(cluster.requesters)</li>"
        body += "<li>\(english ? "Seen" : "Periodo"): \(e(context.zone.localText(cluster.firstSeen))) – \(e(context.zone.localText(cluster.lastSeen)))</li>"
        if !cluster.errorCodes.isEmpty { body += "<li>\(english ? "Error codes" : "Codici di errore"): \(e(cluster.errorCodes.joined(separator: ", ")))</li>" }
        if !cluster.topTerms.isEmpty { body += "<li>\(english ? "Terms" : "Termini"): \(e(Redactor.redact(cluster.topTerms.joined(separator: " · "))))</li>" }
        body += "</ul>"
        for (title, texts) in [(english ? "Reports" : "Segnalazioni", cluster.samples),
                               (english ? "Known solutions" : "Soluzioni note", cluster.resolutions)] where !texts.isEmpty {
            body += "<h3>\(title)</h3>"
            for text in texts {
                body += "<blockquote>\(e(Redactor.redact(text.text)))<br><span class=\"muted\">\(e(text.ticket)) · \(e(context.zone.localText(text.at)))</span></blockquote>"
            }
        }
        body += "</section>"
        return WebView.html(.ok, WebView.page(context, title: cluster.id, body: body))
    }

    func reportFileNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: context.reportsDirectory)) ?? [])
            .filter { !$0.hasPrefix(".") && ReportFormat(rawValue: ($0 as NSString).pathExtension) != nil }
            .sorted(by: >)
    }

    func reports() -> String {
        let names = reportFileNames()
        var body = "<section aria-labelledby=\"r\"><h2 id=\"r\">\(english ? "Written reports" : "Rapporti scritti")</h2>"
        if names.isEmpty {
            body += "<p>\(english ? "No reports yet." : "Nessun rapporto ancora.")</p>"
        } else {
            body += "<ul>" + names.map { "<li>\(link("/reports/", $0))</li>" }.joined() + "</ul>"
        }
        return WebView.page(context, title: english ? "Reports" : "Rapporti", body: body + "</section>")
    }

    func reportFile(name: String) -> Response {
        // Only a listed name: no path separators, no dot files, nothing outside the folder.
        guard reportFileNames().contains(name),
              let data = FileManager.default.contents(atPath: context.reportsDirectory + "/" + name)
        else { return notFound(english ? "No report \(name)." : "Nessun rapporto \(name).") }
        let type: String
        switch (name as NSString).pathExtension {
        case "html": type = "text/html; charset=utf-8"
        case "csv": type = "text/csv; charset=utf-8"
        case "json": type = "application/json; charset=utf-8"
        default: type = "text/plain; charset=utf-8"
        }
        return Response(status: .ok, headers: [.contentType: type, .init("X-Content-Type-Options")!: "nosniff"],
                        body: .init(byteBuffer: ByteBuffer(bytes: Array(data))))
    }

    func notFound(_ message: String) -> Response {
        WebView.html(.notFound, WebView.page(context, title: "404", body: "<p>\(e(message))</p>"))
    }
}
