import Foundation
import Logging
import Testing
import VedettaCore
import VedettaDaemon
import VedettaStore
import VedettaTesting

/// Each failure mode of the issue has a log line and a defined behaviour, checked on the real binary:
///
/// | failure                         | behaviour                                                                  |
/// |---------------------------------|----------------------------------------------------------------------------|
/// | database locked by a process    | ingest waits 5 s, then 503 + Retry-After; checkpoints are skipped and      |
/// |                                 | logged; everything resumes when the lock goes                              |
/// | corrupt checkpoint              | logged; the checkpoint is dropped and the engine rebuilt from the whole log |
/// | read-only state folder          | refuses to start: one critical line naming the folder, exit status 1       |
/// | disk full                       | ingest answers 503 + Retry-After, the daemon keeps running and serving;    |
/// |                                 | every acknowledged event is in the store                                   |
/// | wall clock stepped back / ahead | backwards: ticks skipped until it catches up; ahead: ticked, logged        |
@Suite(.serialized) struct FailureModeTests {
    static let hasSQLite = DeploySupport.has("sqlite3")

    /// A configuration file with fast checkpoints and ticks, so a short test sees them.
    static func fastConfiguration(in folder: String) throws -> String {
        let path = folder + "/fast.yaml"
        try "checkpointIntervalSeconds: 0.2\ntickIntervalSeconds: 0.2\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: database locked

    @Test(.enabled(if: hasSQLite, "needs the sqlite3 CLI")) func lockedDatabaseAnswers503AndRecovers() throws {
        let folder = Fixtures.temporaryDirectory("locked")
        let daemon = DaemonProcess(stateDirectory: folder, extraArguments: ["--config", try Self.fastConfiguration(in: folder)])
        try daemon.start()
        #expect(try daemon.post(DeploySupport.events(0..<10)).status == 200)

        // An administrator's sqlite3 shell holds the write lock.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        shell.arguments = ["sqlite3", folder + "/vedetta.db"]
        let input = Pipe()
        let output = Pipe()
        shell.standardInput = input
        shell.standardOutput = output
        try shell.run()
        defer { if shell.isRunning { shell.terminate() } }
        // The shell waits for the daemon's own short writes to finish before it takes the lock.
        input.fileHandleForWriting.write(Data(".timeout 20000\nBEGIN EXCLUSIVE;\nSELECT 'holding';\n".utf8))
        var echoed = Data()
        while !String(decoding: echoed, as: UTF8.self).contains("holding") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            echoed.append(chunk)
        }
        try #require(String(decoding: echoed, as: UTF8.self).contains("holding"))

        let refused = try daemon.post(DeploySupport.events(10..<20))
        #expect(refused.status == 503, "\(refused.text)")
        #expect(refused.headers["retry-after"] != nil)
        #expect(refused.text.contains("locked by another process"), "\(refused.text)")
        #expect(daemon.isRunning)
        #expect(try daemon.get("/healthz").status == 200, "reads still work under the lock (WAL)")
        #expect(DeploySupport.wait(timeout: 40) {
            daemon.log.contains("checkpoint not written") || daemon.log.contains("cannot persist engine actions")
        },
                "log:\n\(daemon.log)")
        #expect(daemon.log.contains("locked by another process"))

        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        shell.waitUntilExit()

        let retried = try daemon.post(DeploySupport.events(10..<20))
        #expect(retried.status == 200, "\(retried.text)")
        #expect(retried.text.contains("\"stored\":10"))
        #expect(daemon.stop(signal: SIGTERM, timeout: 15) == 0, "\(daemon.log)")
        #expect(try EventStore(directory: folder).count() == 20)
    }

    // MARK: corrupt checkpoint

    @Test(.enabled(if: hasSQLite, "needs the sqlite3 CLI"), arguments: [
        "UPDATE checkpoints SET state = X'DEADBEEF' WHERE name = 'engine'",
        "UPDATE checkpoints SET checksum = '0000000000000000' WHERE name = 'engine'",
        "UPDATE checkpoints SET state = zeroblob(64) WHERE name = 'engine'",
    ])
    func corruptCheckpointIsRebuiltFromTheLog(corruption: String) throws {
        let folder = Fixtures.temporaryDirectory("corrupt")
        let first = DaemonProcess(stateDirectory: folder)
        try first.start()
        #expect(try first.post(DeploySupport.events(0..<100)).status == 200)
        #expect(first.stop(signal: SIGTERM, timeout: 10) == 0, "\(first.log)")

        let update = try DeploySupport.run(["sqlite3", folder + "/vedetta.db", corruption])
        try #require(update.status == 0, "\(update.output)")

        let second = DaemonProcess(stateDirectory: folder)
        try second.start()
        // Ready comes before the catch-up: wait for it to finish.
        for _ in 0..<200 where !((try? second.get("/healthz").text.contains("\"seq\":100")) ?? false) { usleep(50_000) }
        #expect(second.log.contains("checkpoint unusable, rebuilding the engine state from the whole event log"),
                "\(second.log)")
        #expect(second.log.contains("caught up on events stored after the checkpoint"))
        #expect(second.log.contains("events=100"), "\(second.log)")
        // Ready comes before the catch-up: wait for it to finish.
        for _ in 0..<200 where !((try? second.get("/healthz").text.contains("\"seq\":100")) ?? false) { usleep(50_000) }
        #expect(try second.get("/healthz").text.contains("\"seq\":100"))
        #expect(second.stop(signal: SIGTERM, timeout: 10) == 0, "\(second.log)")
        let checkpoint = try #require(try EventStore(directory: folder).loadCheckpoint(name: "engine"))
        #expect(checkpoint.seq == 100, "a good checkpoint replaces the corrupt one")
    }

    // MARK: read-only state folder

    enum ReadOnlyKind: String, CaseIterable {
        case immutable, readOnlyMount

        /// The kinds this sandbox can set up (`chattr` needs a file system with attributes; a bind mount needs
        /// CAP_SYS_ADMIN); at least one is expected on CI's machine.
        static var available: [ReadOnlyKind] {
            let probe = Fixtures.temporaryDirectory("chattr-probe")
            let chattr = (try? DeploySupport.run(["chattr", "+i", probe]).status) == 0
            _ = try? DeploySupport.run(["chattr", "-i", probe])
            return (chattr ? [.immutable] : []) + (DeploySupport.canMount ? [.readOnlyMount] : [])
        }
    }

    /// Root ignores permission bits, so the folder is made immutable (`chattr +i`) or bind-mounted read-only.
    @Test(arguments: ReadOnlyKind.available) func readOnlyStateFolderRefusesToStart(kind: ReadOnlyKind) throws {
        let folder = Fixtures.temporaryDirectory("readonly")
        let state = folder + "/state"
        // The harness keeps its token and log beside the state folder, which alone becomes read-only.
        let first = DaemonProcess(stateDirectory: folder, extraArguments: ["--state-dir", state])
        try first.start()
        #expect(try first.post(DeploySupport.events(0..<5)).status == 200)
        #expect(first.stop(signal: SIGTERM, timeout: 10) == 0)

        switch kind {
        case .immutable:
            let result = try DeploySupport.run(["chattr", "+i", state])
            try #require(result.status == 0, "chattr not supported here: \(result.output)")
        case .readOnlyMount:
            try #require(DeploySupport.canMount, "this sandbox cannot mount")
            try #require(try DeploySupport.run(["mount", "--bind", state, state]).status == 0)
            try #require(try DeploySupport.run(["mount", "-o", "remount,bind,ro", state]).status == 0)
        }
        defer {
            switch kind {
            case .immutable: _ = try? DeploySupport.run(["chattr", "-i", state])
            case .readOnlyMount: _ = try? DeploySupport.run(["umount", state])
            }
        }

        let second = DaemonProcess(stateDirectory: folder, extraArguments: ["--state-dir", state])
        #expect(throws: DaemonProcessError.self) { try second.start(timeout: 20) }
        #expect(second.stop(timeout: 5) == 1, "exit status; log:\n\(second.log)")
        #expect(second.log.contains("vedetta cannot run"), "\(second.log)")
        #expect(second.log.contains("state folder \(state) is not writable"), "\(second.log)")
    }

    // MARK: disk full

    @Test(.enabled(if: DeploySupport.canMount, "needs to mount a small tmpfs"))
    func diskFullAnswers503AndLosesNothingAcknowledged() throws {
        let folder = Fixtures.temporaryDirectory("diskfull")
        let state = folder + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try #require(try DeploySupport.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", state]).status == 0)
        defer { _ = try? DeploySupport.run(["umount", "-l", state]) }

        let daemon = DaemonProcess(stateDirectory: folder, extraArguments: ["--state-dir", state])
        try daemon.start()
        var acknowledged: [String] = []
        var refused: HTTPTestClient.Response?
        for batch in 0..<200 {
            let range = batch * 200..<(batch + 1) * 200
            let response = try daemon.post(DeploySupport.events(range, text: String(repeating: "riempie il disco ", count: 20)))
            if response.status == 200 {
                acknowledged += range.map { "F-\($0)" }
            } else {
                refused = response
                break
            }
        }
        let full = try #require(refused, "2 MiB never filled up")
        #expect(full.status == 503, "\(full.text)")
        #expect(full.headers["retry-after"] != nil)
        #expect(full.text.contains("disk is full"), "\(full.text)")
        #expect(acknowledged.count > 0)

        // Still alive and serving; a retry is refused the same way, not crashed on.
        #expect(daemon.isRunning)
        #expect(try daemon.get("/healthz").status == 200)
        // The correlation loop may have freed WAL pages meanwhile: any orderly answer will do, never a crash.
        #expect([200, 429, 503].contains(try daemon.post(DeploySupport.events(900_000..<900_200)).status))
        #expect(daemon.stop(signal: SIGTERM, timeout: 15) == 0, "\(daemon.log)")

        // Every acknowledged event is stored (read from a copy: the full tmpfs leaves no room to open it).
        let copy = folder + "/copy"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: state + "/vedetta.db" + suffix) {
            try FileManager.default.copyItem(atPath: state + "/vedetta.db" + suffix, toPath: copy + "/vedetta.db" + suffix)
        }
        let stored = Set(try EventStore(directory: copy).events(after: 0, limit: 1_000_000).map(\.event.id))
        let lost = Set(acknowledged).subtracting(stored)
        #expect(lost.isEmpty, "acknowledged but lost: \(lost.count)")
    }

    // MARK: wall clock steps

    static let start = Timestamp(rfc3339: "2026-03-02T09:00:00Z")!

    @Test func tickClockIgnoresBackwardStepsAndReportsForwardJumps() {
        let records = LogRecorder()
        let logger = Logger(label: "tick") { _ in records.handler() }
        var clock = TickClock(jumpThreshold: .init(milliseconds: 60_000))
        let minute: Int64 = 60_000
        let s = Self.start.milliseconds
        // (wall clock, tick taken)
        let steps: [(Int64, Int64?)] = [
            (s, s), (s + 5_000, s + 5_000),
            (s - 55 * minute, nil), (s - 50 * minute, nil), (s + 4_000, nil),  // NTP step back one hour
            (s + 6_000, s + 6_000),                                             // caught up
            (s + 120 * minute, s + 120 * minute),                               // step forward two hours
            (s + 120 * minute, s + 120 * minute),                               // same instant again: fine
        ]
        for (wall, expected) in steps {
            let admitted = clock.admit(Timestamp(milliseconds: wall), logger: logger)
            #expect(admitted?.milliseconds == expected, "wall \(wall - s) ms")
        }
        #expect(clock.lastTick?.milliseconds == s + 120 * minute)
        let lines = records.lines
        #expect(lines.filter { $0.contains("wall clock moved backwards") }.count == 1, "logged once per step: \(lines)")
        #expect(lines.contains { $0.contains("wall clock caught up with the last tick") })
        #expect(lines.contains { $0.contains("wall clock jumped forwards") && $0.contains("step-ms=7194000") }, "\(lines)")
    }

    /// The correlation loop with a manual wall clock: a step back does not move engine time back, a step
    /// forward is taken, both are logged, and the loop keeps consuming events in between.
    @Test func correlationLoopTicksSurviveClockSteps() async throws {
        let folder = Fixtures.temporaryDirectory("clock")
        let store = try EventStore(directory: folder)
        let queue = EngineQueue(capacity: 1000)
        let status = LoopStatus()
        let records = LogRecorder()
        let logger = Logger(label: "loop") { _ in records.handler() }
        let clock = ManualClock(start: Self.start)
        let loop = CorrelationLoop(store: store, queue: queue, logger: logger, status: status, notifier: SystemdNotifier(environment: [:]),
                                   checkpointInterval: .seconds(3600), tickInterval: .seconds(60),
                                   wallClock: { clock.now }, rules: RulesHolder(rules: .empty))
        let running = Task { try await loop.run() }

        func tick() async throws {
            let before = status.snapshot.heartbeat
            queue.poke()
            for _ in 0..<400 where status.snapshot.heartbeat == before { try await Task.sleep(for: .milliseconds(5)) }
            #expect(status.snapshot.heartbeat != before, "the loop took the tick")
        }
        for _ in 0..<400 where !status.snapshot.ready { try await Task.sleep(for: .milliseconds(5)) }
        try #require(status.snapshot.ready)

        try await tick()                                          // 09:00
        clock.advance(by: .init(milliseconds: -3_600_000))        // NTP steps back to 08:00
        try await tick()
        let appended = try store.append([TicketEvent(id: "C-1", ticket: "BO-1", type: .opened,
                                                     at: Self.start.adding(.init(milliseconds: 60_000)), text: "x")],
                                        source: "test", receivedAt: clock.now)
        queue.enqueueReserved(appended.inserted, reserved: 0)
        for _ in 0..<400 where status.snapshot.lastSeq < 1 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(status.snapshot.lastSeq == 1, "events flow while ticks are held back")
        clock.advance(by: .init(milliseconds: 3 * 3_600_000))     // and forwards to 11:00
        try await tick()
        queue.finish()
        try await running.value

        let lines = records.lines
        #expect(lines.contains { $0.contains("wall clock moved backwards") }, "\(lines)")
        #expect(lines.contains { $0.contains("wall clock jumped forwards") }, "\(lines)")
        let checkpoint = try #require(try store.loadCheckpoint(name: CorrelationLoop.checkpointName))
        let snapshot = try JSONDecoder().decode(EngineSnapshot.self, from: Data(checkpoint.state))
        #expect(snapshot.stats.now == Timestamp(rfc3339: "2026-03-02T11:00:00Z")!, "engine time follows the last admitted tick")
    }
}
