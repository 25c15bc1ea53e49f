import Foundation
import GRDB
import Testing
import VedettaCore
import VedettaTesting
@testable import VedettaStore

/// What `EventStore.prune` deletes past a horizon, and what it must keep: events no checkpoint includes yet,
/// open incidents, incidents whose mail is still pending, and everything after the horizon.
@Suite struct RetentionTests {
    static let day0 = Timestamp(rfc3339: "2026-01-01T09:00:00Z")!
    static let horizon = day0.adding(.days(10))

    static func at(day: Int64) -> Timestamp { day0.adding(.days(day)) }

    static func incident(_ id: String, day: Int64, resolved: Bool) -> Incident {
        let t = at(day: day)
        return Incident(id: id, revision: resolved ? 2 : 1, state: resolved ? .resolved : .firing, severity: .major,
                        service: "svc", serviceName: "Servizio", owner: "uff-a", title: "errore 503",
                        firstSeen: t, lastSeen: t, openedAt: t, updatedAt: t, resolvedAt: resolved ? t : nil,
                        counts: IncidentCounts(tickets: 3, requesters: 3, requesters15m: 3, requesters1h: 3,
                                               requesters4h: 3),
                        growth: 2, expectedPerHour: 1)
    }

    /// A store holding, for each of days 0…19: one event, one assignment, one cluster last seen that day; and
    /// incidents: old resolved (delivered), old resolved with a mail still pending, old but still open, recent
    /// resolved.
    static func filledStore() throws -> EventStore {
        let store = try EventStore(directory: Fixtures.temporaryDirectory("retention"))
        let events = (0..<20).map { day in
            TicketEvent(id: "E-\(day)", ticket: "T-\(day)", type: .opened, at: at(day: Int64(day)), text: "testo \(day)")
        }
        _ = try store.append(events, source: "test", receivedAt: day0)
        let writer = ActionWriter(store: store, channels: { _ in ["file", "mail"] })
        for day in 0..<20 {
            try writer.write([.assigned(Assignment(ticket: "T-\(day)", cluster: "C-\(day)", at: at(day: Int64(day))))],
                             seq: Int64(day + 1), now: at(day: Int64(day)))
        }
        try store.upsertClusters((0..<20).map { day in
            ClusterRecord(id: "C-\(day)", label: "errore", service: "svc", tickets: 1, requesters: 1,
                          firstSeen: at(day: Int64(day)), lastSeen: at(day: Int64(day)))
        })
        let incidents = [("INC-OLD", 2, true), ("INC-PENDING", 3, true), ("INC-OPEN", 1, false), ("INC-NEW", 15, true)]
        for (id, day, resolved) in incidents {
            for revision in [incident(id, day: Int64(day), resolved: false), incident(id, day: Int64(day), resolved: resolved)] {
                let change = IncidentChange(incident: revision, deliveries: [Delivery(office: "uff-a", route: "root")],
                                            tickets: ["T-\(day)"])
                try writer.write([.incident(change)], seq: Int64(day + 1), now: at(day: Int64(day)))
            }
        }
        let outbox = Outbox(store: store)
        for row in try outbox.due(now: at(day: 30), limit: 100) where row.incident != "INC-PENDING" {
            #expect(try outbox.markDelivered(key: row.key, at: at(day: 20)))
        }
        try store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO incident_marks (incident, kind, note, marked_at) VALUES ('INC-OLD', 'false-positive', 'x', 0)
                """)
        }
        return store
    }

    static func ids(_ store: EventStore, _ sql: String) throws -> [String] {
        try store.pool.read { db in try String.fetchAll(db, sql: sql) }
    }

    @Test func whatIsOlderThanTheHorizonGoesAndTheRestStays() throws {
        let store = try Self.filledStore()
        // A batch of 3 rows: the deletes loop over several transactions.
        let counts = try store.prune(before: Self.horizon, eventsThrough: 20, batch: 3)
        #expect(counts.events == 10)
        #expect(counts.assignments == 10)
        #expect(counts.clusters == 10)
        #expect(counts.incidents == 1)
        #expect(counts.revisions == 2)
        #expect(counts.outbox == 4, "two revisions, filed and mailed")

        #expect(try Self.ids(store, "SELECT id FROM events ORDER BY seq") == (10..<20).map { "E-\($0)" })
        #expect(try Self.ids(store, "SELECT ticket FROM assignments ORDER BY at") == (10..<20).map { "T-\($0)" })
        #expect(try Self.ids(store, "SELECT id FROM clusters ORDER BY last_seen") == (10..<20).map { "C-\($0)" })
        #expect(try Self.ids(store, "SELECT id FROM incidents ORDER BY id") == ["INC-NEW", "INC-OPEN", "INC-PENDING"])
        for table in ["incident_revisions WHERE id", "outbox WHERE incident", "incident_tickets WHERE incident",
                      "incident_marks WHERE incident"] {
            #expect(try Self.ids(store, "SELECT 'x' FROM \(table) = 'INC-OLD'").isEmpty, "\(table)")
        }
        #expect(try Self.ids(store, "SELECT DISTINCT incident FROM outbox ORDER BY incident")
                == ["INC-NEW", "INC-OPEN", "INC-PENDING"])

        // A second pass finds nothing more; the next one, later, takes the next days.
        #expect(try store.prune(before: Self.horizon, eventsThrough: 20).isEmpty)
        let later = try store.prune(before: Self.at(day: 16), eventsThrough: 20)
        #expect(later.events == 6)
        #expect(later.incidents == 1, "INC-NEW, resolved on day 15")
    }

    @Test func eventsNoCheckpointIncludesStayWhateverTheirTime() throws {
        let store = try Self.filledStore()
        let counts = try store.prune(before: Self.horizon, eventsThrough: 4)
        #expect(counts.events == 4)
        #expect(try Self.ids(store, "SELECT id FROM events ORDER BY seq").first == "E-4")
        #expect(try store.prune(before: Self.horizon, eventsThrough: 0).events == 0)
    }

    @Test func theRetentionFolderSweepRemovesOldFilesOnly() throws {
        let root = Fixtures.temporaryDirectory("retention-files")
        let files = FileManager.default
        try files.createDirectory(atPath: root + "/office", withIntermediateDirectories: true)
        let old = [root + "/office/INC-1.md", root + "/daily-2026-01-01.html"]
        let kept = [root + "/office/INC-2.md", root + "/.last-daily", root + "/office/.INC-3.md.1.tmp"]
        for path in old + kept { try Data("x".utf8).write(to: URL(fileURLWithPath: path)) }
        for path in old + [root + "/.last-daily", root + "/office/.INC-3.md.1.tmp"] {
            try files.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: path)
        }
        symlink(root + "/office/INC-1.md", root + "/link")
        let removed = ExpiredFiles.remove(under: root, modifiedBefore: Timestamp(seconds: 2_000_000))
        #expect(removed == old.sorted())
        for path in kept { #expect(files.fileExists(atPath: path), "\(path)") }
        #expect(ExpiredFiles.remove(under: root + "/missing", modifiedBefore: Timestamp(seconds: 2_000_000)).isEmpty)
    }
}
