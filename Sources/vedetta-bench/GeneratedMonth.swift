import ArgumentParser
import Foundation
import VedettaCore
import VedettaReports
import VedettaStore

/// The store the report and prune benches share: a deterministic month of events, incidents, outbox rows,
/// clusters and assignments, generated once in `dir` and reused while it holds the events asked for.
struct GeneratedMonth: ParsableArguments {
    @Option(help: "State folder for the generated store (reused when it already holds the events).")
    var dir: String

    @Option(help: "Events to generate.")
    var events: Int = 1_000_000

    @Option(help: "Incidents to generate over the month.")
    var incidents: Int = 120

    /// The month the generated store covers.
    static let month = ReportPeriod.month(containing: Timestamp(rfc3339: "2026-03-15T12:00:00+01:00")!)

    /// Opens the store in `dir`, generating the month there first when it holds fewer than `events` events.
    func prepare() throws -> EventStore {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try EventStore(directory: dir)
        if try store.count() < events {
            let started = ContinuousClock.now
            try generate(into: store)
            print("generated \(try store.count()) events, \(incidents) incidents in \(ContinuousClock.now - started)")
        }
        print("store: \(try store.count()) events, \(store.sizeOnDisk() / 1_048_576) MiB")
        return store
    }

    /// A deterministic month (`month`): tickets spread over working hours, 4 events per ticket on average,
    /// incidents with three revisions, outbox rows, clusters and assignments.
    func generate(into store: EventStore) throws {
        let period = Self.month
        var rng = SplitMix64(seed: 20_260_301)
        let services = ["denuncia-infortunio", "autoliquidazione", "durc-online", "autenticazione", "certificati-medici",
                        "pagamenti-pagopa", "fascicolo-aziendale", "prestazioni-indennizzi"]
        let channels = ["web", "contact-center", "email", "pec", "phone", "chat"]
        let kinds = ["azienda", "lavoratore", "intermediario", "patronato", "staff"]
        let span = period.to.milliseconds - period.from.milliseconds
        let tickets = events / 4
        var batch: [TicketEvent] = []
        var produced = 0
        var ticketIndex = 0
        var assignments: [Action] = []
        let writer = ActionWriter(store: store) { _ in ["file", "mail"] }
        while produced < events {
            let opened = Timestamp(milliseconds: period.from.milliseconds + Int64(rng.next() % UInt64(span - 86_400_000)))
            let ticket = "BO-2026-" + String(ticketIndex)
            let service = services[Int(rng.next() % UInt64(services.count))]
            batch.append(TicketEvent(ticket: ticket, type: .opened, at: opened,
                                     queue: rng.next() % 5 == 0 ? "helpdesk" : "backoffice",
                                     channel: channels[Int(rng.next() % 6)], service: service,
                                     requester: "R-" + String(rng.next() % UInt64(tickets / 2)),
                                     requesterKind: kinds[Int(rng.next() % 5)],
                                     text: "Il servizio \(service) non funziona: errore \(500 + rng.next() % 5) dopo l'invio della pratica"))
            assignments.append(.assigned(Assignment(ticket: ticket, cluster: "C-\(service)-\(rng.next() % 40)", at: opened)))
            produced += 1
            var at = opened
            for step in 0..<Int(rng.next() % 5 + 1) where produced < events {
                at = at.adding(.minutes(Int64(rng.next() % 600 + 1)))
                let type: EventType = step == 0 && rng.next() % 10 == 0 ? .escalated : step == 2 ? .resolved : .updated
                batch.append(TicketEvent(ticket: ticket, type: type, at: at,
                                         resolution: type == .resolved ? "Ripetere l'invio dopo il ripristino." : nil))
                produced += 1
            }
            ticketIndex += 1
            if batch.count >= 20_000 {
                _ = try store.append(batch, source: "bench", receivedAt: period.to)
                try writer.write(assignments, seq: 0, now: period.to)
                batch.removeAll(keepingCapacity: true)
                assignments.removeAll(keepingCapacity: true)
            }
        }
        _ = try store.append(batch, source: "bench", receivedAt: period.to)
        try writer.write(assignments, seq: 0, now: period.to)

        for n in 0..<incidents {
            let opened = Timestamp(milliseconds: period.from.milliseconds + Int64(n) * (span / Int64(incidents)) + 3_600_000)
            let service = services[n % services.count]
            let id = "INC-BENCH-" + String(n)
            for (revision, state) in [(1, IncidentState.firing), (2, .updated), (3, .resolved)] {
                let at = opened.adding(.minutes(Int64(revision - 1) * 45))
                let incident = Incident(
                    id: id, revision: revision, state: state, severity: revision == 2 ? .major : .minor, service: service,
                    serviceName: service, owner: "dc-" + service, title: "errore 50\(n % 5) · \(service)",
                    firstSeen: opened.adding(.minutes(-20)), lastSeen: at, openedAt: opened, updatedAt: at,
                    resolvedAt: state == .resolved ? at : nil,
                    counts: IncidentCounts(tickets: 20 * revision, requesters: 18 * revision, requesters15m: 3,
                                           requesters1h: 9, requesters4h: 18),
                    growth: 3, expectedPerHour: 2,
                    samples: [IncidentSample(ticket: "BO-2026-\(n)", at: opened, channel: "web",
                                             text: "Errore dopo l'invio, scrivete a utente\(n)@example.com")],
                    changes: revision == 1 ? [] : ["state"])
                try writer.write([.incident(IncidentChange(incident: incident, deliveries: [
                    Delivery(office: "dc-" + service, route: "root > " + service),
                ]))], seq: 0, now: at)
            }
            try writer.recordTickets(incident: id, tickets: (0..<20).map { "BO-2026-\(n * 20 + $0)" })
        }
        var records: [ClusterRecord] = []
        for service in services {
            for k in 0..<40 {
                records.append(ClusterRecord(
                    id: "C-\(service)-\(k)", label: "\(service) · errore", service: service, tickets: 100, requesters: 90,
                    firstSeen: period.from, lastSeen: period.to.adding(.hours(-1)),
                    samples: [ClusterText(ticket: "BO-2026-\(k)", at: period.from, text: "Il servizio \(service) non funziona")],
                    resolutions: [ClusterText(ticket: "BO-2026-\(k)", at: period.from, text: "Ripetere l'invio dopo il ripristino.")]))
            }
        }
        try store.upsertClusters(records)
    }
}
