import VedettaCore

/// The words and number formats of alerts in one language. Templates hold the sentences; this holds what the
/// Swift side must choose (severity and state words, change lines, dates, decimals), so both languages stay
/// deterministic without Foundation locales.
struct AlertVocabulary: Sendable {
    let language: Language

    /// Severity in capitals, as the subject shows it.
    func severity(_ severity: Severity) -> String {
        switch (language, severity) {
        case (.italian, .info): "INFO"
        case (.italian, .minor): "LIEVE"
        case (.italian, .major): "GRAVE"
        case (.italian, .critical): "CRITICO"
        case (.english, .info): "INFO"
        case (.english, .minor): "MINOR"
        case (.english, .major): "MAJOR"
        case (.english, .critical): "CRITICAL"
        }
    }

    /// The state word of the subject.
    func state(_ state: IncidentState) -> String {
        switch (language, state) {
        case (.italian, .firing): "nuovo"
        case (.italian, .updated): "aggiornamento"
        case (.italian, .resolved): "risolto"
        case (.english, .firing): "new"
        case (.english, .updated): "update"
        case (.english, .resolved): "resolved"
        }
    }

    /// A local Europe/Rome time: `02/03/2026 09:15` in Italian, `2026-03-02 09:15` in English.
    func time(_ t: Timestamp) -> String {
        let p = ZoneRule.rome.localParts(of: t)
        let clock = CivilDate.pad(p.hour, 2) + ":" + CivilDate.pad(p.minute, 2)
        switch language {
        case .italian: return CivilDate.pad(p.day, 2) + "/" + CivilDate.pad(p.month, 2) + "/" + CivilDate.pad(p.year, 4) + " " + clock
        case .english: return CivilDate.pad(p.year, 4) + "-" + CivilDate.pad(p.month, 2) + "-" + CivilDate.pad(p.day, 2) + " " + clock
        }
    }

    /// One decimal with the language's separator (`4,5` / `4.5`).
    func decimal(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        let tenths = Int((x * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = abs(tenths)
        return sign + String(a / 10) + (language == .italian ? "," : ".") + String(a % 10)
    }

    /// A span such as `3 h 20 min`, `45 min`, `2 g 3 h` (`2 d 3 h`).
    func duration(_ d: Timestamp.Duration) -> String {
        let minutes = max(0, Int(d.milliseconds / 60_000))
        let days = minutes / 1440
        let hours = (minutes % 1440) / 60
        let mins = minutes % 60
        let dayUnit = language == .italian ? "g" : "d"
        if days > 0 { return hours > 0 ? "\(days) \(dayUnit) \(hours) h" : "\(days) \(dayUnit)" }
        if hours > 0 { return mins > 0 ? "\(hours) h \(mins) min" : "\(hours) h" }
        return "\(mins) min"
    }

    /// `web (12), contact-center (8)`.
    func tallies(_ tallies: [Tally]) -> String {
        tallies.map { "\($0.key) (\($0.count))" }.joined(separator: ", ")
    }

    /// One line per key of `incident.changes`, in that order, comparing with `previous` when it is known.
    func changeLines(_ incident: Incident, previous: Incident?) -> [String] {
        let it = language == .italian
        var lines: [String] = []
        for change in incident.changes {
            switch change {
            case "severity":
                let now = severity(incident.severity)
                if let previous, previous.severity != incident.severity {
                    lines.append((it ? "Gravità: " : "Severity: ") + severity(previous.severity) + " → " + now)
                } else {
                    lines.append((it ? "Gravità: " : "Severity: ") + now)
                }
            case "growth":
                let now = decimal(incident.growth) + "×"
                let before = previous.map { decimal($0.growth) + "× → " } ?? ""
                lines.append((it ? "Crescita rispetto al previsto: " : "Growth against expected: ") + before + now)
            case "counts":
                let c = incident.counts
                var line = it ? "Ticket: " : "Tickets: "
                if let p = previous?.counts { line += "\(p.tickets) → " }
                line += "\(c.tickets); " + (it ? "richiedenti distinti: " : "distinct requesters: ")
                if let p = previous?.counts { line += "\(p.requesters) → " }
                line += "\(c.requesters)"
                lines.append(line)
            case "regions":
                lines.append(spreadLine(it ? ("Regioni", "Nuove regioni") : ("Regions", "New regions"), incident.regions,
                                        previous?.regions))
            case "channels":
                lines.append(spreadLine(it ? ("Canali", "Nuovi canali") : ("Channels", "New channels"), incident.channels,
                                        previous?.channels))
            case "requesterKinds":
                lines.append(spreadLine(it ? ("Tipi di richiedente", "Nuovi tipi di richiedente")
                                           : ("Requester kinds", "New requester kinds"),
                                        incident.requesterKinds, previous?.requesterKinds))
            case "offices":
                lines.append(spreadLine(it ? ("Sedi", "Nuove sedi") : ("Local offices", "New local offices"), incident.offices,
                                        previous?.offices))
            case "errorCodes":
                let old = Set(previous?.errorCodes ?? [])
                let added = incident.errorCodes.filter { !old.contains($0) }
                let label = previous == nil ? (it ? "Codici di errore: " : "Error codes: ")
                                            : (it ? "Nuovi codici di errore: " : "New error codes: ")
                lines.append(label + (previous == nil ? incident.errorCodes : added).joined(separator: ", "))
            case "notices":
                let ids = incident.notices.map(\.id)
                lines.append((it ? "Avvisi collegati: " : "Linked notices: ")
                             + (ids.isEmpty ? (it ? "nessuno" : "none") : ids.joined(separator: ", ")))
            case "relatedServices":
                lines.append((it ? "Servizi collegati: " : "Related services: ")
                             + incident.relatedServices.joined(separator: ", "))
            case "state":
                lines.append((it ? "Stato: " : "State: ") + state(incident.state))
            case "reopened":
                lines.append(it ? "L'incidente si è ripresentato dopo la chiusura." : "The incident came back after it was resolved.")
            default:
                lines.append((it ? "Modificato: " : "Changed: ") + change)
            }
        }
        return lines
    }

    /// `Nuove regioni: Lazio (4)` when the previous revision is known and has fewer, else the whole list.
    private func spreadLine(_ names: (all: String, new: String), _ now: [Tally], _ before: [Tally]?) -> String {
        guard let before else { return names.all + ": " + tallies(now) }
        let old = Set(before.map(\.key))
        let added = now.filter { !old.contains($0.key) }
        if added.isEmpty { return names.all + ": " + tallies(now) }
        return names.new + ": " + tallies(added)
    }

}
