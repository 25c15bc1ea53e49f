// Shared by VedettaReportsTests and (through a symlink) VedettaDaemonTests: one hand-written history that the
// golden files, the HTML/Chromium test and the web view test all read.
import Foundation
import GRDB
import VedettaCore
import VedettaReports
import VedettaStore

/// A fixed replayed stream: two days (Monday 2 and Tuesday 3 March 2026, Europe/Rome), three incidents written
/// with `ActionWriter`, cluster records, outbox outcomes and one false-positive mark. No engine involved.
enum ReportFixture {
    static func t(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static let rules = RuleSet(
        offices: [
            Office(id: "dc-prestazioni", name: "Direzione centrale prestazioni", emails: ["prestazioni@example.it"]),
            Office(id: "dc-organizzazione-digitale", name: "Direzione centrale organizzazione digitale",
                   emails: ["digitale@example.it"]),
            Office(id: "dc-rischi", name: "Direzione centrale rapporto assicurativo"),
        ],
        services: [
            Service(id: "denuncia-infortunio", name: "Denuncia di infortunio", office: "dc-prestazioni"),
            Service(id: "autenticazione", name: "Autenticazione (SPID/CIE)", office: "dc-organizzazione-digitale"),
            Service(id: "durc-online", name: "DURC online", office: "dc-rischi"),
        ],
        notices: [
            Notice(id: "durc-lentezza", services: ["durc-online"], kind: .knownProblem, from: t("2026-03-01T00:00:00+01:00"),
                   to: t("2026-03-10T00:00:00+01:00"), action: .annotate,
                   summary: LocalizedText(italian: "Il DURC online risponde lentamente nelle ore di punta.",
                                          english: "DURC online is slow at peak hours."),
                   workaround: LocalizedText(italian: "Ripetere la richiesta dopo le 18 o usare la PEC.",
                                             english: "Retry after 6 pm or use certified mail (PEC).")),
        ])

    /// The events, hand-written.
    static var events: [TicketEvent] {
        var events: [TicketEvent] = []
        // Monday: ordinary traffic (the previous period of the Tuesday report).
        for i in 0..<6 {
            events.append(TicketEvent(ticket: "BO-0-\(i)", type: .opened, at: t("2026-03-02T09:\(10 + i * 5):00+01:00"),
                                      queue: "backoffice", channel: "web", service: "denuncia-infortunio",
                                      requester: "R-M\(i)", requesterKind: "azienda",
                                      text: "Come allego il certificato medico alla denuncia?"))
        }
        for i in 0..<2 {
            events.append(TicketEvent(ticket: "BO-0-D\(i)", type: .opened, at: t("2026-03-02T15:0\(i):00+01:00"),
                                      queue: "backoffice", channel: "pec", service: "durc-online", requester: "R-MD\(i)",
                                      requesterKind: "intermediario", text: "DURC online lentissimo"))
        }
        // Tuesday 08:00–09:30: error 503 after signing an accident report.
        let channels = ["web", "contact-center", "web", "email"]
        let kinds = ["azienda", "intermediario", "azienda", "patronato"]
        for i in 0..<12 {
            let minute = i * 7
            let at = t("2026-03-03T0\(8 + minute / 60):\(CivilDate.pad(minute % 60, 2)):00+01:00")
            var text = "Dopo la firma la denuncia di infortunio dà errore 503, non riesco a inviarla."
            if i == 0 { text = "Errore 503 dopo la firma. Scrivetemi a mario.rossi@example.com, CF RSSMRA80A01H501U." }
            if i == 5 { text = "Servizio denuncia <b>bloccato</b>: errore 503 & nessuna ricevuta" }
            events.append(TicketEvent(ticket: "BO-1-\(i)", type: .opened, at: at, queue: "backoffice",
                                      channel: channels[i % 4], service: "denuncia-infortunio",
                                      requester: i == 11 ? "R-1" : "R-\(i)", requesterKind: kinds[i % 4],
                                      priority: i % 3 == 0 ? .high : .normal, subject: i == 3 ? "Errore 503" : nil,
                                      text: text))
        }
        events.append(TicketEvent(ticket: "BO-1-2", type: .updated, at: t("2026-03-03T09:40:00+01:00")))
        events.append(TicketEvent(ticket: "BO-1-4", type: .escalated, at: t("2026-03-03T10:15:00+01:00")))
        events.append(TicketEvent(ticket: "BO-1-1", type: .escalated, at: t("2026-03-03T10:45:00+01:00")))
        for i in [0, 1, 4, 7] {
            events.append(TicketEvent(ticket: "BO-1-\(i)", type: .resolved, at: t("2026-03-03T12:0\(i):00+01:00"),
                                      resolution: "Servizio ripristinato alle 11:40: ripetere l'invio della denuncia."))
        }
        // Tuesday 14:00: SPID login errors (an incident later marked a false positive).
        for i in 0..<4 {
            events.append(TicketEvent(ticket: "HD-2-\(i)", type: .opened, at: t("2026-03-03T14:\(CivilDate.pad(i * 9, 2)):00+01:00"),
                                      queue: "helpdesk", channel: "chat", service: "autenticazione", requester: "S-\(i)",
                                      requesterKind: "staff", text: "Login SPID fallisce con errore E-1021"))
        }
        events.append(TicketEvent(ticket: "HD-2-0", type: .resolved, at: t("2026-03-03T16:00:00+01:00"),
                                  resolution: "Password scaduta: reimpostata."))
        // Help desk printer reports without a service.
        for i in 0..<3 {
            events.append(TicketEvent(ticket: "HD-3-\(i)", type: .opened, at: t("2026-03-03T1\(i):30:00+01:00"),
                                      queue: "helpdesk", channel: "phone", requester: "S-P\(i)", requesterKind: "staff",
                                      text: "La stampante di piano non stampa"))
        }
        events.append(TicketEvent(ticket: "HD-3-0", type: .closed, at: t("2026-03-03T17:00:00+01:00"),
                                  resolution: "Sostituito il toner."))
        // DURC: slow, a known problem.
        for i in 0..<3 {
            events.append(TicketEvent(ticket: "BO-4-\(i)", type: .opened, at: t("2026-03-03T11:\(CivilDate.pad(i * 4, 2)):00+01:00"),
                                      queue: "backoffice", channel: "pec", service: "durc-online", requester: "R-D\(i)",
                                      requesterKind: "intermediario", text: "Il DURC online non risponde, timeout"))
        }
        return events
    }

    static func incident(
        _ id: String, revision: Int, state: IncidentState, severity: Severity, service: String, name: String,
        owner: String, title: String, firstSeen: String, openedAt: String, updatedAt: String, resolvedAt: String? = nil,
        tickets: Int, requesters: Int, samples: [String], changes: [String] = [], notices: [IncidentNotice] = [],
        silenced: Bool = false, errorCodes: [String] = []
    ) -> Incident {
        Incident(id: id, revision: revision, state: state, severity: severity, service: service, serviceName: name,
                 owner: owner, title: title, firstSeen: t(firstSeen), lastSeen: t(updatedAt), openedAt: t(openedAt),
                 updatedAt: t(updatedAt), resolvedAt: resolvedAt.map(t),
                 counts: IncidentCounts(tickets: tickets, requesters: requesters, requesters15m: 2, requesters1h: 6,
                                        requesters4h: requesters),
                 growth: 4, expectedPerHour: 1.5, errorCodes: errorCodes,
                 samples: samples.enumerated().map {
                     IncidentSample(ticket: "S-\($0.offset)", at: t(firstSeen), channel: "web", text: $0.element)
                 },
                 notices: notices, changes: changes, silenced: silenced, reason: "test")
    }

    /// Builds the store in `directory` and returns it.
    static func makeStore(in directory: String) throws -> EventStore {
        let store = try EventStore(directory: directory)
        _ = try store.append(events, source: "fixture", receivedAt: t("2026-03-04T00:00:00Z"))
        let writer = ActionWriter(store: store) { office in
            office == "dc-rischi" ? ["file"] : ["file", "mail"]
        }
        let denuncia = { (revision: Int, state: IncidentState, severity: Severity, at: String, resolved: String?, tickets: Int,
                          requesters: Int, changes: [String]) in
            incident("INC-20260303-0001", revision: revision, state: state, severity: severity,
                     service: "denuncia-infortunio", name: "Denuncia di infortunio", owner: "dc-prestazioni",
                     title: "errore 503 · firma · denuncia", firstSeen: "2026-03-03T08:00:00+01:00",
                     openedAt: "2026-03-03T08:28:00+01:00", updatedAt: at, resolvedAt: resolved, tickets: tickets,
                     requesters: requesters,
                     samples: ["Errore 503 dopo la firma. Scrivetemi a mario.rossi@example.com, CF RSSMRA80A01H501U.",
                               "Servizio denuncia <b>bloccato</b>: errore 503 & nessuna ricevuta"],
                     changes: changes, errorCodes: ["503"])
        }
        let route = "root > servizi online > prestazioni"
        func write(_ incident: Incident, offices: [String], route: String, seq: Int64) throws {
            try writer.write([.incident(IncidentChange(incident: incident, deliveries: offices.map {
                Delivery(office: $0, route: route)
            }))], seq: seq, now: incident.updatedAt)
        }
        try write(denuncia(1, .firing, .major, "2026-03-03T08:28:00+01:00", nil, 5, 5, []),
                  offices: ["dc-prestazioni"], route: route, seq: 13)
        try write(denuncia(2, .updated, .critical, "2026-03-03T09:05:00+01:00", nil, 10, 9, ["severity", "growth"]),
                  offices: ["dc-prestazioni"], route: route, seq: 18)
        try write(denuncia(3, .resolved, .critical, "2026-03-03T12:30:00+01:00", "2026-03-03T12:30:00+01:00", 12, 11,
                           ["state"]), offices: ["dc-prestazioni"], route: route, seq: 30)
        try writer.recordTickets(incident: "INC-20260303-0001", tickets: (0..<12).map { "BO-1-\($0)" })

        let spid = { (revision: Int, state: IncidentState, at: String, resolved: String?) in
            incident("INC-20260303-0002", revision: revision, state: state, severity: .minor, service: "autenticazione",
                     name: "Autenticazione (SPID/CIE)", owner: "dc-organizzazione-digitale",
                     title: "login spid · errore E-1021", firstSeen: "2026-03-03T14:00:00+01:00",
                     openedAt: "2026-03-03T14:20:00+01:00", updatedAt: at, resolvedAt: resolved, tickets: 4, requesters: 4,
                     samples: ["Login SPID fallisce con errore E-1021"], changes: revision == 1 ? [] : ["state"],
                     errorCodes: ["E-1021"])
        }
        try write(spid(1, .firing, "2026-03-03T14:20:00+01:00", nil), offices: ["dc-organizzazione-digitale"],
                  route: "root > autenticazione", seq: 40)
        try write(spid(2, .resolved, "2026-03-03T15:30:00+01:00", "2026-03-03T15:30:00+01:00"),
                  offices: ["dc-organizzazione-digitale"], route: "root > autenticazione", seq: 45)
        try writer.recordTickets(incident: "INC-20260303-0002", tickets: (0..<4).map { "HD-2-\($0)" })

        let notice = IncidentNotice(id: "durc-lentezza", kind: "known-problem",
                                    workaroundIT: "Ripetere la richiesta dopo le 18 o usare la PEC.",
                                    workaroundEN: "Retry after 6 pm or use certified mail (PEC).", silences: false)
        try write(incident("INC-20260303-0003", revision: 1, state: .firing, severity: .minor, service: "durc-online",
                           name: "DURC online", owner: "dc-rischi", title: "durc · timeout",
                           firstSeen: "2026-03-03T11:00:00+01:00", openedAt: "2026-03-03T11:10:00+01:00",
                           updatedAt: "2026-03-03T11:10:00+01:00", tickets: 3, requesters: 3,
                           samples: ["Il DURC online non risponde, timeout"], notices: [notice]),
                  offices: ["dc-rischi"], route: "root > durc", seq: 50)
        try writer.recordTickets(incident: "INC-20260303-0003", tickets: (0..<3).map { "BO-4-\($0)" })

        // Outcomes of delivery: everything delivered except one mail of the first incident (dead after retries)
        // and the DURC file (still pending).
        try store.pool.write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'delivered', delivered_at = created_at WHERE incident != 'INC-20260303-0003'")
            try db.execute(sql: "UPDATE outbox SET state = 'dead', last_error = '550 mailbox unavailable' WHERE key = 'mail:INC-20260303-0001/2/dc-prestazioni'")
        }
        try store.mark(IncidentMark(incident: "INC-20260303-0002", kind: .falsePositive,
                                    note: "Password scadute, non un guasto (segnalato da mario.rossi@example.com)",
                                    markedBy: "supervisore", markedAt: t("2026-03-03T18:00:00+01:00")))

        // Clusters and assignments.
        let all = events
        let assignments = (0..<12).map { i in Action.assigned(Assignment(ticket: "BO-1-\(i)", cluster: "C-503",
                                                                          at: all.first { $0.ticket == "BO-1-\(i)" }!.at)) }
            + (0..<6).map { Action.assigned(Assignment(ticket: "BO-0-\($0)", cluster: "C-allegati",
                                                       at: t("2026-03-02T09:\(10 + $0 * 5):00+01:00"))) }
            + (0..<3).map { Action.assigned(Assignment(ticket: "HD-3-\($0)", cluster: "C-stampante",
                                                       at: t("2026-03-03T1\($0):30:00+01:00"))) }
            + (0..<4).map { Action.assigned(Assignment(ticket: "HD-2-\($0)", cluster: "C-spid",
                                                       at: t("2026-03-03T14:\(CivilDate.pad($0 * 9, 2)):00+01:00"))) }
        try writer.write(assignments, seq: 60, now: t("2026-03-03T18:00:00+01:00"))
        try store.upsertClusters([
            ClusterRecord(id: "C-503", label: "errore 503 · firma · denuncia", service: "denuncia-infortunio",
                          services: [Tally(key: "denuncia-infortunio", count: 12)], errorCodes: ["503"], tickets: 12,
                          requesters: 11, firstSeen: t("2026-03-03T08:00:00+01:00"), lastSeen: t("2026-03-03T09:17:00+01:00"),
                          samples: [ClusterText(ticket: "BO-1-0", at: t("2026-03-03T08:00:00+01:00"),
                                                text: "Errore 503 dopo la firma. Scrivetemi a mario.rossi@example.com, CF RSSMRA80A01H501U.")],
                          resolutions: [
                              ClusterText(ticket: "BO-1-0", at: t("2026-03-03T12:00:00+01:00"), text: "Servizio ripristinato alle 11:40: ripetere l'invio della denuncia."),
                              ClusterText(ticket: "BO-1-1", at: t("2026-03-03T12:01:00+01:00"), text: "servizio ripristinato alle 11:40: ripetere l'invio della denuncia. "),
                              ClusterText(ticket: "BO-1-4", at: t("2026-03-03T12:04:00+01:00"), text: "Chiamare il contact center."),
                          ],
                          topTerms: ["errore", "503", "firma", "denuncia"]),
            ClusterRecord(id: "C-allegati", label: "allegare certificato · denuncia", service: "denuncia-infortunio",
                          services: [Tally(key: "denuncia-infortunio", count: 6)], tickets: 6, requesters: 6,
                          firstSeen: t("2026-03-02T09:10:00+01:00"), lastSeen: t("2026-03-02T09:35:00+01:00"),
                          samples: [ClusterText(ticket: "BO-0-0", at: t("2026-03-02T09:10:00+01:00"),
                                                text: "Come allego il certificato medico alla denuncia?")],
                          topTerms: ["allegare", "certificato"]),
            ClusterRecord(id: "C-stampante", label: "stampante · piano", service: nil, tickets: 3, requesters: 3,
                          firstSeen: t("2026-03-03T10:30:00+01:00"), lastSeen: t("2026-03-03T12:30:00+01:00"),
                          samples: [ClusterText(ticket: "HD-3-0", at: t("2026-03-03T10:30:00+01:00"), text: "La stampante di piano non stampa")],
                          resolutions: [ClusterText(ticket: "HD-3-0", at: t("2026-03-03T17:00:00+01:00"), text: "Sostituito il toner.")],
                          topTerms: ["stampante"]),
            ClusterRecord(id: "C-spid", label: "login spid · E-1021", service: "autenticazione",
                          services: [Tally(key: "autenticazione", count: 4)], errorCodes: ["E-1021"], tickets: 4,
                          requesters: 4, firstSeen: t("2026-03-03T14:00:00+01:00"), lastSeen: t("2026-03-03T14:27:00+01:00"),
                          samples: [ClusterText(ticket: "HD-2-0", at: t("2026-03-03T14:00:00+01:00"), text: "Login SPID fallisce con errore E-1021")],
                          resolutions: [ClusterText(ticket: "HD-2-0", at: t("2026-03-03T16:00:00+01:00"), text: "Password scaduta: reimpostata.")],
                          topTerms: ["login", "spid"]),
        ])
        return store
    }

    /// The Tuesday report period.
    static let day = ReportPeriod.day(containing: t("2026-03-03T12:00:00+01:00"))
}
