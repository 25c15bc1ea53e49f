import Foundation
import VedettaCore

/// The words of a report in one language.
public struct ReportStrings: Sendable {
    /// Language code for `lang=`.
    public let code: String
    let title, period, comparedWith, summary, tickets, events, requesters, incidents, incidentsOpened,
        incidentsActive, falsePositives, medianLead, mailsDelivered, mailsDead, pending, filesDelivered,
        volumes, byQueue, byChannel, byService, byRequesterKind, key, name, previous, change, series, seriesHourly,
        seriesDaily, heatMap, heatCaption, weekdays, hour, incidentsHeading, noIncidents, service, severity, state,
        firstReport, firstAlert, update, resolution, lead, leadEscalation, leadResolution, leadNone, leadEarlier,
        leadLater, officesAlerted, routes, samples, timeline, when, what, offices, office, files, mails,
        falseAlerts, route, alerts, noFalseAlerts, faq, question, answer, noAnswer, noFAQ, growing, noGrowing,
        newsletter, notices, workaround, noNotices, unknown, markedFalse, silenced, none, generatedFrom, new: String
    let stateNames: [IncidentState: String]
    let newsletterIntro, newsletterIncident, newsletterResolved,
        newsletterOpen, newsletterCluster, newsletterQuiet, newsletterKnown, seriesAlt, heatAlt, barsAlt: String
    let weekdayNames: [String]

    /// The strings for `language`.
    public static func `for`(_ language: Language) -> ReportStrings { language == .english ? english : italian }

    static let italian = ReportStrings(
        code: "it", title: "Rapporto Vedetta", period: "Periodo", comparedWith: "confronto con",
        summary: "Sintesi", tickets: "Ticket", events: "Eventi", requesters: "Richiedenti distinti",
        incidents: "Incidenti", incidentsOpened: "Incidenti aperti", incidentsActive: "Incidenti attivi",
        falsePositives: "Falsi positivi", medianLead: "Anticipo mediano", mailsDelivered: "Mail consegnate",
        mailsDead: "Mail non recapitate", pending: "Consegne in attesa", filesDelivered: "File di allerta scritti",
        volumes: "Volumi", byQueue: "Per coda", byChannel: "Per canale", byService: "Per servizio",
        byRequesterKind: "Per tipo di richiedente", key: "Valore", name: "Nome", previous: "Periodo precedente",
        change: "Variazione", series: "Andamento", seriesHourly: "Ticket aperti per ora",
        seriesDaily: "Ticket aperti per giorno", heatMap: "Mappa di calore",
        heatCaption: "Ticket aperti per giorno della settimana e ora (ora locale)", weekdays: "Giorno",
        hour: "Ora", incidentsHeading: "Incidenti del periodo", noIncidents: "Nessun incidente nel periodo.",
        service: "Servizio", severity: "Gravità", state: "Stato", firstReport: "Prima segnalazione",
        firstAlert: "Primo allarme", update: "Aggiornamento", resolution: "Risoluzione",
        lead: "Anticipo sul canale formale", leadEscalation: "rispetto alla prima escalation dei ticket",
        leadResolution: "rispetto alla prima risoluzione dei ticket, in mancanza di escalation",
        leadNone: "nessun riferimento (né escalation né risoluzioni)", leadEarlier: "in anticipo",
        leadLater: "in ritardo", officesAlerted: "Uffici allertati", routes: "Instradamento",
        samples: "Segnalazioni rappresentative", timeline: "Cronologia", when: "Quando", what: "Evento",
        offices: "Allarmi per ufficio", office: "Ufficio", files: "File", mails: "Mail",
        falseAlerts: "Falsi allarmi per regola", route: "Regola (instradamento)", alerts: "Allarmi",
        noFalseAlerts: "Nessun allarme nel periodo.", faq: "Problemi ricorrenti: proposte di FAQ",
        question: "Domanda (parole degli utenti)", answer: "Risposta (soluzione più frequente)",
        noAnswer: "nessuna soluzione registrata", noFAQ: "Nessun problema ricorrente nel periodo.",
        growing: "Argomenti in crescita", noGrowing: "Nessun argomento in crescita.",
        newsletter: "Bozza di newsletter interna: temi caldi", notices: "Problemi noti e manutenzioni",
        workaround: "Soluzione temporanea", noNotices: "Nessun avviso attivo nel periodo.", unknown: "non indicato",
        markedFalse: "segnato come falso positivo", silenced: "silenziato da un avviso", none: "—",
        generatedFrom: "Generato da Vedetta", new: "nuovo",
        stateNames: [.firing: "aperto", .updated: "aggiornato", .resolved: "risolto"],
        newsletterIntro: "Ecco i temi che hanno occupato il back office e l'help desk nel periodo %@.",
        newsletterIncident: "Il servizio %@ ha avuto un problema (%@): se ne sono accorti %@ utenti dal %@.",
        newsletterResolved: "Il problema è stato risolto il %@.", newsletterOpen: "Il problema è ancora aperto.",
        newsletterCluster: "Sempre più persone chiedono di «%@» (%@ richieste, erano %@).",
        newsletterQuiet: "Nessun disservizio rilevato: un periodo tranquillo.",
        newsletterKnown: "Problemi noti: cosa rispondere agli utenti",
        seriesAlt: "Grafico a linee dei ticket aperti nel periodo", heatAlt: "Mappa di calore dei ticket aperti per giorno e ora",
        barsAlt: "Grafico a barre dei ticket per servizio",
        weekdayNames: ["lun", "mar", "mer", "gio", "ven", "sab", "dom"])

    static let english = ReportStrings(
        code: "en", title: "Vedetta report", period: "Period", comparedWith: "compared with",
        summary: "Summary", tickets: "Tickets", events: "Events", requesters: "Distinct requesters",
        incidents: "Incidents", incidentsOpened: "Incidents opened", incidentsActive: "Incidents active",
        falsePositives: "False positives", medianLead: "Median lead time", mailsDelivered: "Mails delivered",
        mailsDead: "Mails dead-lettered", pending: "Deliveries pending", filesDelivered: "Alert files written",
        volumes: "Volumes", byQueue: "By queue", byChannel: "By channel", byService: "By service",
        byRequesterKind: "By requester kind", key: "Value", name: "Name", previous: "Previous period",
        change: "Change", series: "Trend", seriesHourly: "Tickets opened per hour",
        seriesDaily: "Tickets opened per day", heatMap: "Heat map",
        heatCaption: "Tickets opened by day of week and hour (local time)", weekdays: "Day", hour: "Hour",
        incidentsHeading: "Incidents of the period", noIncidents: "No incidents in the period.",
        service: "Service", severity: "Severity", state: "State", firstReport: "First report",
        firstAlert: "First alert", update: "Update", resolution: "Resolution",
        lead: "Lead over the formal channel", leadEscalation: "against the tickets' first escalation",
        leadResolution: "against the tickets' first resolution, as none was escalated",
        leadNone: "no reference (neither escalations nor resolutions)", leadEarlier: "earlier",
        leadLater: "later", officesAlerted: "Offices alerted", routes: "Routes",
        samples: "Representative reports", timeline: "Timeline", when: "When", what: "Event",
        offices: "Alerts per office", office: "Office", files: "Files", mails: "Mails",
        falseAlerts: "False alerts per rule", route: "Rule (route)", alerts: "Alerts",
        noFalseAlerts: "No alerts in the period.", faq: "Recurring problems: FAQ candidates",
        question: "Question (users' words)", answer: "Answer (most common solution)",
        noAnswer: "no solution recorded", noFAQ: "No recurring problems in the period.",
        growing: "Growing topics", noGrowing: "No growing topics.",
        newsletter: "Internal newsletter draft: hot topics", notices: "Known problems and maintenance",
        workaround: "Workaround", noNotices: "No notices active in the period.", unknown: "not given",
        markedFalse: "marked false positive", silenced: "silenced by a notice", none: "—",
        generatedFrom: "Generated by Vedetta", new: "new",
        stateNames: [.firing: "open", .updated: "updated", .resolved: "resolved"],
        newsletterIntro: "These are the topics that kept the back office and help desk busy in %@.",
        newsletterIncident: "The %@ service had a problem (%@): %@ users noticed it, starting %@.",
        newsletterResolved: "It was fixed on %@.", newsletterOpen: "It is still open.",
        newsletterCluster: "More and more people ask about \"%@\" (%@ requests, up from %@).",
        newsletterQuiet: "No service failures detected: a quiet period.",
        newsletterKnown: "Known problems: what to tell users",
        seriesAlt: "Line chart of tickets opened in the period", heatAlt: "Heat map of tickets opened by day and hour",
        barsAlt: "Bar chart of tickets by service",
        weekdayNames: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
}

extension String {
    /// Replaces each `%@` in order with `arguments` (no Foundation formatting: deterministic and locale-free).
    func filling(_ arguments: String...) -> String {
        var out = ""
        var rest = Substring(self)
        var index = 0
        while let range = rest.range(of: "%@") {
            out += rest[..<range.lowerBound]
            out += index < arguments.count ? arguments[index] : ""
            index += 1
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
