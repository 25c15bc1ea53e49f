import Foundation
import GRDB
import Logging
import Testing
import VedettaCore
import VedettaSimulator
import VedettaStore
import VedettaTesting
@testable import VedettaDaemon

/// A checkpoint that cannot be used (corrupt, or of another format after an upgrade) makes the loop rebuild the
/// engine from the whole log. What the rebuild derives for the events the old checkpoint held is recorded but not
/// delivered again: the previous run delivered it, and a new engine may number the past differently.
@Suite struct RebuildTests {
    static let start = Timestamp(rfc3339: "2026-03-02T09:00:00Z")!

    /// The demo stream (`scenarios/demo.yaml`) and the repository's rules.
    static func demo() throws -> (events: [TicketEvent], rules: RulesHolder) {
        let path = Fixtures.repositoryRoot() + "/scenarios/demo.yaml"
        let scenario = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), file: path)
        var events: [TicketEvent] = []
        _ = Simulator(scenario: scenario).run { event, _ in events.append(event) }
        return (events, try RulesHolder(directory: Fixtures.repositoryRoot() + "/rules"))
    }

    /// A correlation loop on `store` that files and mails every delivery, logging to `records`.
    static func loop(store: EventStore, rules: RulesHolder, queue: EngineQueue, status: LoopStatus,
                     records: LogRecorder) -> CorrelationLoop {
        CorrelationLoop(
            store: store, queue: queue, logger: Logger(label: "loop") { _ in records.handler() }, status: status,
            notifier: SystemdNotifier(environment: [:]), tickInterval: .seconds(3600), wallClock: { Self.start },
            rules: rules,
            actions: StoreActionHandler(writer: ActionWriter(store: store, channels: { _ in ["file", "mail"] }),
                                        wallClock: { Self.start }))
    }

    /// Runs the correlation loop over what the store holds, then stops it (final checkpoint).
    static func runLoop(store: EventStore, rules: RulesHolder, through seq: Int64) async throws -> String {
        let records = LogRecorder()
        let status = LoopStatus()
        let queue = EngineQueue(capacity: 1000)
        let loop = Self.loop(store: store, rules: rules, queue: queue, status: status, records: records)
        let running = Task { try await loop.run() }
        for _ in 0..<2000 where status.snapshot.lastSeq < seq { try await Task.sleep(for: .milliseconds(5)) }
        try #require(status.snapshot.lastSeq == seq)
        queue.finish()
        try await running.value
        return records.lines.joined(separator: "\n")
    }

    /// An index of `events` between the first and the last event on which the engine delivers alerts.
    static func cutBetweenAlerts(_ events: [TicketEvent], rules: RulesHolder) throws -> Int {
        var engine = Engine(rules: rules.current.rules)
        var delivering: [Int] = []
        for (index, event) in events.enumerated() {
            let actions = engine.ingest(event)
            if actions.contains(where: { $0 != $0.withoutDeliveries }) { delivering.append(index) }
        }
        let first = try #require(delivering.first)
        let last = try #require(delivering.last)
        try #require(last > first + 1, "the demo stream alerts at two moments at least")
        return (first + last) / 2
    }

    /// The demo stream up to a cut between its alerts, stored and run through the loop, which checkpoints at the cut.
    static func firstRun() async throws
        -> (events: [TicketEvent], rules: RulesHolder, cut: Int, store: EventStore, checkpointed: Int64) {
        let (events, rules) = try demo()
        let cut = try cutBetweenAlerts(events, rules: rules)
        let store = try EventStore(directory: Fixtures.temporaryDirectory("rebuild"))
        _ = try store.append(Array(events[..<cut]), source: "test", receivedAt: start)
        _ = try await runLoop(store: store, rules: rules, through: Int64(cut))
        let checkpointed = try #require(try store.checkpointSeq(name: CorrelationLoop.checkpointName))
        return (events, rules, cut, store, checkpointed)
    }

    /// Each revision is recorded with the seq of the event that caused it, though the loop persists a whole batch
    /// (here the 4,096 events of a catch-up) in one transaction: the event at that seq is the first one at or
    /// after the revision's time (a revision that resolves on a quiet hold is stamped when the hold ended, and
    /// caused by the first event after it).
    @Test func aRevisionNamesTheSeqOfTheEventThatCausedIt() async throws {
        let (_, _, _, store, _) = try await Self.firstRun()
        let revisions = try await store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.revision, r.at, r.seq, e.at AS caused, p.at AS before
                FROM incident_revisions r JOIN events e ON e.seq = r.seq LEFT JOIN events p ON p.seq = r.seq - 1
                """)
        }
        #expect(revisions.count > 3)
        for row in revisions {
            let at: Int64 = row["at"], caused: Int64 = row["caused"], before: Int64 = row["before"] ?? Int64.min
            #expect(before <= at && at <= caused, "\(row)")
        }
    }

    @Test func aRebuildDeliversNothingTheUnusableCheckpointHeld() async throws {
        let (events, rules, cut, store, checkpointed) = try await Self.firstRun()
        #expect(checkpointed == Int64(cut))
        let mailedBefore = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox")! }
        #expect(mailedBefore > 0, "the first run delivered alerts")

        // As if a new engine had numbered the past differently: nothing of the first run's alerts is left to match,
        // the old run had numbered up to 99, and the checkpoint cannot be read.
        try await store.pool.write { db in
            try db.execute(sql: "DELETE FROM outbox; DELETE FROM incidents; DELETE FROM incident_revisions")
            try db.execute(sql: """
                INSERT INTO incidents (id, revision, state, severity, service, first_seen, opened_at, updated_at, body)
                VALUES ('INC-20260301-0099', 1, 'resolved', 'minor', 'x', 0, 0, 0, '{}')
                """)
            try db.execute(sql: "UPDATE checkpoints SET checksum = '0000000000000000'")
        }
        #expect(try store.highestIncidentNumber() == 99)

        // A stop before the rebuild passes the old checkpoint leaves that checkpoint in place (the next start
        // rebuilds again, delivering nothing for its events), and no checkpoint is written short of it.
        let records = LogRecorder()
        let halfway = Self.loop(store: store, rules: rules, queue: EngineQueue(capacity: 10), status: LoopStatus(),
                                records: records)
        let restored = halfway.restore()
        #expect(restored.rebuild?.deliveredThrough == checkpointed)
        #expect(restored.rebuild?.storedIncidentNumber == 99)
        #expect(try store.checkpointSeq(name: CorrelationLoop.checkpointName) == checkpointed)
        halfway.checkpointFloor.withLock { $0 = checkpointed }
        var rebuilt = restored.engine
        #expect(!halfway.requestCheckpoint(&rebuilt, lastSeq: checkpointed - 1))
        await halfway.checkpoints.drain()
        #expect(try store.checkpointSeq(name: CorrelationLoop.checkpointName) == checkpointed)

        _ = try store.append(Array(events[cut...]), source: "test", receivedAt: Self.start)
        let log = try await Self.runLoop(store: store, rules: rules, through: Int64(events.count))
        #expect(log.contains("checkpoint unusable, rebuilding the engine state from the whole event log"), "\(log)")
        #expect(log.contains("not sent again"), "\(log)")

        // A revision's `at` is the event time of the event that caused it; the stream is in time order.
        let resumed = events[cut].at.milliseconds
        let (recorded, delivered) = try await store.pool.read { db in
            (try Int64.fetchAll(db, sql: "SELECT at FROM incident_revisions"),
             try Int64.fetchAll(db, sql: """
                 SELECT r.at FROM outbox o JOIN incident_revisions r ON r.id = o.incident AND r.revision = o.revision
                 """))
        }
        #expect(recorded.contains { $0 < resumed }, "the rebuild records the incidents of the past")
        #expect(!delivered.isEmpty, "events after the checkpoint alert as usual")
        #expect(delivered.allSatisfy { $0 >= resumed }, "nothing the old checkpoint held is delivered again")
        let alerted = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT incident FROM outbox") }
        #expect(alerted.allSatisfy { Int($0.split(separator: "-").last!)! > 99 },
                "incidents opened after the old checkpoint are numbered past the stored ones: \(alerted)")
    }

    /// Retention deletes the oldest events; a rebuild afterwards (the checkpoint unusable) starts from the first
    /// event kept, delivers nothing the old checkpoint held, and numbers its incidents past the stored ones.
    @Test func aRebuildAfterTheRetentionCutStartsFromTheFirstEventKept() async throws {
        let (events, rules, cut, store, checkpointed) = try await Self.firstRun()
        // Everything went out: nothing pending keeps an incident from being pruned.
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'delivered', delivered_at = 0")
        }
        let keysBefore = try await store.pool.read { db in Set(try String.fetchAll(db, sql: "SELECT key FROM outbox")) }
        let highest = try store.highestIncidentNumber()

        // The first night goes (51 events). A rebuild learns only from what is kept: the 48 hours its vocabulary
        // needs before novelty lowers the bar must still lie before the demo's second failure, a small new one
        // (with 8 hours cut it is missed; in production the retention is 30 days at least).
        let horizon = events[0].at.adding(.hours(6))
        let pruned = try store.prune(before: horizon, eventsThrough: checkpointed)
        #expect(pruned.events == 51)
        let firstKept = try #require(try store.events(after: 0, limit: 1).first)
        #expect(firstKept.event.at >= horizon)
        #expect(try store.highestIncidentNumber() == highest, "the newest incidents are kept")

        try await store.pool.write { db in try db.execute(sql: "UPDATE checkpoints SET checksum = '0000000000000000'") }
        _ = try store.append(Array(events[cut...]), source: "test", receivedAt: Self.start)
        let log = try await Self.runLoop(store: store, rules: rules, through: Int64(events.count))
        #expect(log.contains("checkpoint unusable, rebuilding the engine state from the whole event log"), "\(log)")

        let resumed = events[cut].at.milliseconds
        let sent = try store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.key, o.incident, r.at FROM outbox o
                JOIN incident_revisions r ON r.id = o.incident AND r.revision = o.revision
                """)
        }
        let new = sent.filter { !keysBefore.contains($0["key"]) }
        #expect(!new.isEmpty, "events after the checkpoint alert as usual")
        #expect(new.allSatisfy { ($0["at"] as Int64) >= resumed }, "nothing the old checkpoint held is delivered again")
        #expect(new.allSatisfy { Int(($0["incident"] as String).split(separator: "-").last!)! > highest },
                "incidents opened after the old checkpoint are numbered past the stored ones")
        let checkpointedAgain = try #require(try store.checkpointSeq(name: CorrelationLoop.checkpointName))
        #expect(checkpointedAgain == Int64(events.count), "the rebuilt state is checkpointed")
    }

    /// A checkpoint restores as it was written only when it was written with this build's tuning; one tuned
    /// otherwise (here the lexical clusterer, the default until session 16) is rebuilt from the log, so the
    /// daemon clusters as a replay with this build would.
    @Test func aCheckpointOfAnotherTuningIsRebuilt() async throws {
        let (_, rules, _, store, checkpointed) = try await Self.firstRun()
        let records = LogRecorder()
        let loop = Self.loop(store: store, rules: rules, queue: EngineQueue(capacity: 10), status: LoopStatus(),
                             records: records)
        let same = loop.restore()
        #expect(same.rebuild == nil, "a checkpoint of this build's tuning restores")
        #expect(same.seq == checkpointed)
        #expect(same.engine.snapshot().configuration == EngineConfiguration())

        var lexical = EngineConfiguration()
        lexical.clustering.topicDimensions = 0
        let old = Engine(rules: rules.current.rules, configuration: lexical)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try store.saveCheckpoint(name: CorrelationLoop.checkpointName, seq: checkpointed,
                                 state: try encoder.encode(old.snapshot()), at: Self.start)
        let other = loop.restore()
        #expect(other.rebuild?.deliveredThrough == checkpointed)
        #expect(other.seq == 0)
        #expect(other.engine.snapshot().configuration == EngineConfiguration())
        #expect(records.lines.contains { $0.contains("another engine tuning") }, "\(records.lines)")
    }
}
