import Foundation
import GRDB
import Logging
import Synchronization
import Testing
import VedettaCore
import VedettaStore
import VedettaTesting
@testable import VedettaDaemon

/// The retention pass with a manual clock: its horizon, what it waits for, the files of the state folder, its
/// schedule and its metrics.
@Suite struct RetentionServiceTests {
    static let now = Timestamp(rfc3339: "2026-06-01T12:00:00Z")!

    /// A state folder with one event a day for 60 days before `now`, and one old and one new file in each
    /// retention folder and in `spool/incoming`.
    static func stateFolder() throws -> (String, EventStore) {
        let root = Fixtures.temporaryDirectory("retention-service")
        let store = try EventStore(directory: root)
        let events = (0..<60).map { day in
            TicketEvent(id: "E-\(day)", ticket: "T-\(day)", type: .opened, at: now.adding(.days(Int64(day - 60))),
                        text: "testo \(day)")
        }
        _ = try store.append(events, source: "test", receivedAt: now)
        let files = FileManager.default
        for folder in RetentionService.folders + ["spool/incoming"] {
            try files.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            for (name, age) in [("old.jsonl", 45), ("new.jsonl", 5)] {
                let path = root + "/" + folder + "/" + name
                try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
                let modified = Date(timeIntervalSince1970: Double(now.adding(.days(Int64(-age))).milliseconds) / 1000)
                try files.setAttributes([.modificationDate: modified], ofItemAtPath: path)
            }
        }
        return (root, store)
    }

    static func service(
        root: String, store: EventStore, mark: CheckpointMark?, metrics: DaemonMetrics? = nil,
        sleep: @escaping @Sendable (Timestamp.Duration) async throws -> Void = { _ in }
    ) -> RetentionService {
        RetentionService(store: store, stateDirectory: root, retention: .days(30), checkpoint: { mark },
                         logger: Logger(label: "retention"), metrics: metrics, now: { now }, sleep: sleep)
    }

    @Test func nothingGoesBeforeThereIsACheckpoint() throws {
        let (root, store) = try Self.stateFolder()
        #expect(try Self.service(root: root, store: store, mark: nil).prune() == nil)
        #expect(try store.count() == 60)
        #expect(FileManager.default.fileExists(atPath: root + "/alerts/old.jsonl"))
    }

    @Test func theHorizonIsTheRetentionBeforeTheCheckpointsEventTime() throws {
        let (root, store) = try Self.stateFolder()
        // A checkpoint of a stream whose newest event is 20 days old: the horizon is 50 days ago, not 30.
        let mark = CheckpointMark(seq: 60, engineTime: Self.now.adding(.days(-20)))
        let service = Self.service(root: root, store: store, mark: mark)
        let outcome = try #require(try service.prune())
        #expect(outcome.horizon == Self.now.adding(.days(-50)))
        #expect(outcome.rows.events == 10)
        #expect(outcome.files.isEmpty, "45-day-old files are inside the 50 days")
    }

    @Test func aFutureEventTimeCannotMoveTheHorizonPastTheWallClock() throws {
        let (root, store) = try Self.stateFolder()
        let metrics = DaemonMetrics()
        let future = CheckpointMark(seq: 60, engineTime: Timestamp(rfc3339: "2099-01-01T00:00:00Z")!)
        let outcome = try #require(try Self.service(root: root, store: store, mark: future, metrics: metrics).prune())
        #expect(outcome.horizon == Self.now.adding(.days(-30)))
        #expect(outcome.rows.events == 30)
        #expect(try store.count() == 30)
        #expect(outcome.files == RetentionService.folders.map { root + "/" + $0 + "/old.jsonl" })
        #expect(FileManager.default.fileExists(atPath: root + "/spool/incoming/old.jsonl"), "not yet stored")
        let exposition = String(decoding: metrics.render(), as: UTF8.self)
        #expect(exposition.contains("vedetta_retention_deleted_total{what=\"events\"} 30"), "\(exposition)")
        #expect(exposition.contains("vedetta_retention_deleted_total{what=\"files\"} 4"), "\(exposition)")
    }

    @Test func eventsPastTheCheckpointStay() throws {
        let (root, store) = try Self.stateFolder()
        let mark = CheckpointMark(seq: 12, engineTime: Self.now)
        let outcome = try #require(try Self.service(root: root, store: store, mark: mark).prune())
        #expect(outcome.rows.events == 12)
        #expect(try store.events(after: 0, limit: 1).first?.event.id == "E-12")
    }

    /// The service looks every minute and prunes when the horizon has moved an hour since its last pass: at the
    /// first look, then as the engine's time moves on (a catch-up moves it by days between two looks).
    @Test func itPrunesWhenTheHorizonHasMovedAnHour() async throws {
        let (root, store) = try Self.stateFolder()
        let engineTime = Mutex(Self.now.adding(.days(-25)))
        let looks = Mutex<[Timestamp.Duration]>([])
        let counts = Mutex<[Int]>([])
        let service = RetentionService(
            store: store, stateDirectory: root, retention: .days(30),
            checkpoint: { CheckpointMark(seq: 60, engineTime: engineTime.withLock { $0 }) },
            logger: Logger(label: "retention"), now: { Self.now }
        ) { duration in
            let look = looks.withLock { $0.append(duration); return $0.count }
            counts.withLock { $0.append(try! store.count()) }
            // Between looks the engine's time moves: 30 min (no pass), 30 more (a pass), 2 days (a pass).
            switch look {
            case 2, 3: engineTime.withLock { $0 = $0.adding(.minutes(30)) }
            case 4: engineTime.withLock { $0 = $0.adding(.days(2)) }
            case 6: throw CancellationError()
            default: break
            }
        }
        try await service.run()
        #expect(looks.withLock { $0 } == Array(repeating: .minutes(1), count: 6))
        // Events stored before each wait. Horizon 55 days ago at the first look (5 events older), 54 days 23 h at
        // the second (no pass), 54 days at the third (1 more), 52 days at the fourth (2 more), unchanged at the fifth.
        #expect(counts.withLock { $0 } == [60, 55, 55, 54, 52, 52])
    }
}
