import Foundation
import VedettaCore
import VedettaStore
import VedettaTesting
@testable import VedettaNotify

/// Offices, rules and incident revisions shared by the notifier tests.
enum AlertFixtures {
    static let italianOffice = Office(
        id: "uff-infortuni", name: "Ufficio Infortuni sul lavoro",
        emails: ["infortuni@ente.test", "reperibile.infortuni@ente.test"], locale: .italian, maxMailsPerHour: 12)
    static let englishOffice = Office(
        id: "it-operations", name: "IT Operations", emails: ["ops@ente.test"], alertDirectory: "ops",
        locale: .english, maxMailsPerHour: 12)
    static let filesOnlyOffice = Office(id: "uff-archivio", name: "Archivio", locale: .italian)

    static let rules = RuleSet(
        offices: [italianOffice, englishOffice, filesOnlyOffice],
        services: [Service(id: "denuncia-infortunio", name: "Denuncia infortunio", office: "uff-infortuni")])

    /// Personal data that must never reach an office.
    static let secrets = ["RSSMRA80A01H501U", "IT60X0542811101000000123456", "mario.rossi@example.com", "333 123 4567"]

    static let t0 = Timestamp(rfc3339: "2026-03-02T08:15:00Z")!

    static func samples() -> [IncidentSample] {
        [
            IncidentSample(ticket: "BO-2026-004711", at: t0.adding(.minutes(-25)), channel: "web",
                           text: "Dopo la firma la denuncia di infortunio dà errore 503. Il mio codice fiscale è RSSMRA80A01H501U."),
            IncidentSample(ticket: "BO-2026-004715", at: t0.adding(.minutes(-20)), channel: "contact-center",
                           text: "Errore 503 all'invio della denuncia, rimborso su IBAN IT60X0542811101000000123456,\nrichiamatemi al 333 123 4567"),
            IncidentSample(ticket: "BO-2026-004720", at: t0.adding(.minutes(-12)), channel: "email",
                           text: "Scrivete a mario.rossi@example.com: la firma <digitale> & l'invio falliscono (E-1021)"),
        ]
    }

    static func firing(id: String = "INC-20260302-0007") -> Incident {
        Incident(
            id: id, revision: 1, state: .firing, severity: .major, service: "denuncia-infortunio",
            serviceName: "Denuncia infortunio", owner: "uff-infortuni", title: "errore 503 · firma · denuncia",
            firstSeen: t0.adding(.minutes(-25)), lastSeen: t0.adding(.minutes(-1)), openedAt: t0, updatedAt: t0,
            counts: IncidentCounts(tickets: 46, requesters: 40, requesters15m: 18, requesters1h: 40, requesters4h: 40),
            growth: 8.04, expectedPerHour: 4.97,
            channels: [Tally(key: "web", count: 25), Tally(key: "contact-center", count: 15)],
            regions: [Tally(key: "Lombardia", count: 14), Tally(key: "Lazio", count: 9), Tally(key: "Campania", count: 6)],
            requesterKinds: [Tally(key: "azienda", count: 31), Tally(key: "intermediario", count: 9)],
            offices: [Tally(key: "Milano", count: 8)],
            sharedTerms: ["denuncia", "firma", "invio"], errorCodes: ["503", "E-1021"], samples: samples(),
            clusters: ["C-12", "C-19"],
            notices: [IncidentNotice(id: "np-firma-2026", kind: "known-problem",
                                     workaroundIT: "Inviare la denuncia dal canale PEC finché il servizio di firma non è ripristinato.",
                                     workaroundEN: "Send the report by PEC until the signing service is restored.",
                                     silences: false)],
            reason: "40 richiedenti distinti in un'ora contro 5,0 attesi (p < 0,001).")
    }

    static func updated(id: String = "INC-20260302-0007", revision: Int = 2) -> Incident {
        var incident = firing(id: id)
        incident.revision = revision
        incident.state = .updated
        incident.severity = .critical
        incident.updatedAt = t0.adding(.minutes(40 * Int64(revision - 1)))
        incident.lastSeen = incident.updatedAt
        incident.counts = IncidentCounts(tickets: 130, requesters: 112, requesters15m: 30, requesters1h: 90, requesters4h: 112)
        incident.growth = 18.1
        incident.regions.append(Tally(key: "Sicilia", count: 5))
        incident.errorCodes.append("E-2040")
        incident.changes = ["severity", "growth", "counts", "regions", "errorCodes"]
        return incident
    }

    static func resolved(id: String = "INC-20260302-0007", revision: Int = 3) -> Incident {
        var incident = updated(id: id, revision: revision)
        incident.state = .resolved
        incident.updatedAt = t0.adding(.minutes(200))
        incident.resolvedAt = incident.updatedAt
        incident.changes = ["state"]
        return incident
    }

    static func delivery(_ office: Office) -> Delivery {
        Delivery(office: office.id, route: "root > servizi online > \(office.id)")
    }

    static func renderer() throws -> AlertRenderer { try AlertRenderer() }
}
