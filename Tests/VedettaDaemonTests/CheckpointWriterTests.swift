import Dispatch
import Foundation
import Logging
import Synchronization
import Testing
import VedettaCore
import VedettaStore
import VedettaTesting
@testable import VedettaDaemon

/// Checkpoints are written off the correlation loop, one at a time and in order; an idle loop writes none.
@Suite struct CheckpointWriterTests {
    static let start = Timestamp(rfc3339: "2026-03-02T09:00:00Z")!

    static func job(_ seq: Int64) -> CheckpointWriter.Job {
        CheckpointWriter.Job(seq: seq, snapshot: Engine(rules: .empty).snapshot(), clusters: [])
    }

    /// A write held open by a gate: the next checkpoint due is skipped without even being built, `drain` waits for
    /// the one in flight, and the writer takes jobs again afterwards, in order.
    @Test func oneWriteAtATimeAndDrainWaitsForIt() async throws {
        let gate = DispatchSemaphore(value: 0)
        let written = Mutex<[Int64]>([])
        let writer = CheckpointWriter(logger: Logger(label: "test"), metrics: nil) { job, _ in
            gate.wait()
            written.withLock { $0.append(job.seq) }
            return 1
        }
        #expect(writer.submit { Self.job(1) })
        #expect(writer.isBusy)
        var built = false
        #expect(!writer.submit { built = true; return Self.job(2) }, "a checkpoint is still being written")
        #expect(!built, "a skipped checkpoint takes nothing from the engine")
        #expect(written.withLock { $0 }.isEmpty)
        gate.signal()
        await writer.drain()
        #expect(written.withLock { $0 } == [1])
        #expect(!writer.isBusy)
        gate.signal()
        #expect(writer.submit { Self.job(3) })
        await writer.drain()
        #expect(written.withLock { $0 } == [1, 3])
    }

    /// Checkpoints take at most 2% of the time: a slow one spaces the next further than configured.
    @Test func slowCheckpointsAreSpacedOut() async throws {
        #expect(CheckpointWriter.spacing(configured: .seconds(30), lastDuration: .zero) == .seconds(30))
        #expect(CheckpointWriter.spacing(configured: .seconds(30), lastDuration: .milliseconds(100)) == .seconds(30))
        #expect(CheckpointWriter.spacing(configured: .seconds(30), lastDuration: .seconds(2)) == .seconds(100))
        let writer = CheckpointWriter(logger: Logger(label: "test"), metrics: nil) { _, _ in 1 }
        #expect(writer.spacing(configured: .zero) == .zero, "nothing written yet")
        writer.submit { Self.job(1) }
        await writer.drain()
        #expect(writer.spacing(configured: .zero) > .zero, "a write takes some time, and the spacing follows it")
    }

    /// A write that fails is logged with its seq and counted, and does not stop the next one, whose seq and time
    /// the metrics then show (an administrator alerts on that time growing old).
    @Test func aFailedWriteIsLoggedAndTheNextIsWritten() async throws {
        struct DiskFull: Error {}
        let records = LogRecorder()
        let written = Mutex<[Int64]>([])
        let metrics = DaemonMetrics()
        #expect(String(decoding: metrics.render(), as: UTF8.self).contains("vedetta_checkpoint_failures_total 0"))
        let writer = CheckpointWriter(logger: Logger(label: "test") { _ in records.handler() }, metrics: metrics,
                                      wallClock: { Self.start }) { job, at in
            if job.seq == 1 { throw DiskFull() }
            #expect(at == Self.start)
            written.withLock { $0.append(job.seq) }
            return 1
        }
        writer.submit { Self.job(1) }
        await writer.drain()
        var exposition = String(decoding: metrics.render(), as: UTF8.self)
        #expect(exposition.contains("vedetta_checkpoint_failures_total 1"), "\(exposition)")
        #expect(!exposition.contains("vedetta_checkpoint_seconds_count 1"))
        writer.submit { Self.job(2) }
        await writer.drain()
        #expect(written.withLock { $0 } == [2])
        #expect(records.lines.contains { $0.contains("checkpoint not written") && $0.contains("seq=1") }, "\(records.lines)")
        exposition = String(decoding: metrics.render(), as: UTF8.self)
        #expect(exposition.contains("vedetta_checkpoint_seq 2"), "\(exposition)")
        #expect(exposition.contains("vedetta_checkpoint_last_success_timestamp_seconds \(Double(Self.start.milliseconds) / 1000)"),
                "\(exposition)")
    }

    /// The clusters of a checkpoint whose write failed were drained from the engine: the next checkpoint writes
    /// them, each in its newest view, so the web view and the reports do not keep them stale.
    @Test func aFailedWritesClustersAreWrittenWithTheNext() async throws {
        struct DatabaseLocked: Error {}
        var engine = Engine(rules: .empty)
        func open(_ ticket: String, _ text: String, minute: Int64) {
            _ = engine.ingest(TicketEvent(id: "E-\(ticket)", ticket: ticket, type: .opened,
                                          at: Self.start.adding(.init(milliseconds: minute * 60_000)), text: text))
        }
        open("BO-1", "il portale non risponde, errore 503 all'invio", minute: 0)
        open("BO-2", "il portale non risponde: errore 503 all'invio della denuncia", minute: 1)
        open("BO-3", "modello F24 con importo sbagliato nel calcolo", minute: 2)
        open("BO-4", "importo sbagliato nel calcolo del modello F24", minute: 3)
        let first = engine.drainTouchedClusters()
        try #require(first.count == 2)
        open("BO-5", "errore 503 all'invio, il portale non risponde", minute: 4)
        let second = engine.drainTouchedClusters()
        try #require(second.count == 1)
        let grown = second[0]

        let written = Mutex<[[Cluster]]>([])
        let writer = CheckpointWriter(logger: Logger(label: "test"), metrics: nil) { job, _ in
            if job.seq == 1 { throw DatabaseLocked() }
            written.withLock { $0.append(job.clusters) }
            return 1
        }
        writer.submit { CheckpointWriter.Job(seq: 1, snapshot: engine.snapshot(), clusters: first) }
        await writer.drain()
        #expect(writer.lastWritten == nil, "a failed write marks nothing stored: retention waits")
        writer.submit { CheckpointWriter.Job(seq: 2, snapshot: engine.snapshot(), clusters: second) }
        await writer.drain()
        #expect(writer.lastWritten == CheckpointMark(seq: 2, engineTime: Self.start.adding(.minutes(4))))
        writer.submit { CheckpointWriter.Job(seq: 3, snapshot: engine.snapshot(), clusters: []) }
        await writer.drain()

        let batches = written.withLock { $0 }
        try #require(batches.count == 2)
        #expect(Set(batches[0].map(\.id)) == Set(first.map(\.id)), "the failed job's clusters come with the next")
        #expect(batches[0].filter { $0.id == grown.id }.map(\.size) == [grown.size], "in their newest view, once")
        #expect(batches[1].isEmpty, "written once, not carried again")
    }

    /// Checkpoints written so far (`vedetta_checkpoint_seconds_count`).
    static func checkpointsWritten(_ metrics: DaemonMetrics) -> Int {
        let exposition = String(decoding: metrics.render(), as: UTF8.self)
        let prefix = "vedetta_checkpoint_seconds_count "
        let line = exposition.split(separator: "\n").first { $0.hasPrefix(prefix) }
        return line.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
    }

    /// The loop writes a checkpoint after events, none for ticks that change nothing but the time, and a final
    /// one holding every event at shutdown. With a zero interval every tick would otherwise write one.
    @Test func ticksAloneWriteNoCheckpoint() async throws {
        let folder = Fixtures.temporaryDirectory("idle-checkpoint")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try EventStore(directory: folder)
        let queue = EngineQueue(capacity: 1000)
        let status = LoopStatus()
        let metrics = DaemonMetrics()
        let clock = ManualClock(start: Self.start)
        let loop = CorrelationLoop(store: store, queue: queue, logger: Logger(label: "loop"), status: status,
                                   notifier: SystemdNotifier(environment: [:]), checkpointInterval: .zero,
                                   tickInterval: .seconds(3600), wallClock: { clock.now },
                                   rules: RulesHolder(rules: .empty), metrics: metrics)
        let running = Task { try await loop.run() }
        for _ in 0..<400 where !status.snapshot.ready { try await Task.sleep(for: .milliseconds(5)) }
        try #require(status.snapshot.ready)

        let appended = try store.append([TicketEvent(id: "C-1", ticket: "BO-1", type: .opened, at: Self.start,
                                                     text: "il portale non risponde")],
                                        source: "test", receivedAt: clock.now)
        queue.enqueueReserved(appended.inserted, reserved: 0)
        for _ in 0..<400 where status.snapshot.lastSeq < 1 { try await Task.sleep(for: .milliseconds(5)) }
        try #require(status.snapshot.lastSeq == 1)
        // The event's checkpoint: written by the live loop, or, when the event was stored before the catch-up
        // read the log, by the catch-up (then the queued copy changes nothing and asks for none).
        for _ in 0..<400 where Self.checkpointsWritten(metrics) == 0 || loop.checkpoints.isBusy {
            try await Task.sleep(for: .milliseconds(5))
        }
        let afterEvent = Self.checkpointsWritten(metrics)
        try #require(afterEvent >= 1)
        for _ in 0..<5 {
            clock.advance(by: .init(milliseconds: 60_000))
            let before = status.snapshot.heartbeat
            queue.poke()
            for _ in 0..<400 where status.snapshot.heartbeat == before { try await Task.sleep(for: .milliseconds(5)) }
            #expect(status.snapshot.heartbeat != before, "the loop took the tick")
        }
        #expect(Self.checkpointsWritten(metrics) == afterEvent, "the ticks wrote none")
        queue.finish()
        try await running.value

        #expect(Self.checkpointsWritten(metrics) == afterEvent + 1, "one more at shutdown")
        let checkpoint = try #require(try store.loadCheckpoint(name: CorrelationLoop.checkpointName))
        #expect(checkpoint.seq == 1)
        let snapshot = try JSONDecoder().decode(EngineSnapshot.self, from: Data(checkpoint.state))
        #expect(snapshot.stats.now == Self.start.adding(.init(milliseconds: 5 * 60_000)),
                "the final checkpoint holds the ticks' time")
    }
}
