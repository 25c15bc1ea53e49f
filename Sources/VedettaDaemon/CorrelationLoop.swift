import Foundation
import Logging
import ServiceLifecycle
import VedettaCore
import VedettaIngest
import VedettaStore

/// The one loop that owns the engine. It restores the last checkpoint, replays the events stored after it,
/// then consumes the bounded queue in `seq` order, ticks on the wall clock when no events arrive, hands the
/// engine's actions to the `ActionHandler`, and checkpoints periodically and on shutdown.
public final class CorrelationLoop: ServiceLifecycle.Service, Sendable {
    /// Name of the engine checkpoint row.
    public static let checkpointName = "engine"

    let store: EventStore
    let queue: EngineQueue
    let logger: Logger
    let status: LoopStatus
    let notifier: SystemdNotifier
    let checkpointInterval: Duration
    let tickInterval: Duration
    let wallClock: @Sendable () -> Timestamp
    let makeEngine: @Sendable () -> Engine
    let actions: (any ActionHandler)?
    let metrics: DaemonMetrics?

    /// Creates the loop.
    public init(
        store: EventStore, queue: EngineQueue, logger: Logger, status: LoopStatus, notifier: SystemdNotifier,
        checkpointInterval: Duration = .seconds(30), tickInterval: Duration = .seconds(5),
        wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.wallClock() },
        makeEngine: @escaping @Sendable () -> Engine = { Engine() },
        actions: (any ActionHandler)? = nil, metrics: DaemonMetrics? = nil
    ) {
        self.store = store
        self.queue = queue
        self.logger = logger
        self.status = status
        self.notifier = notifier
        self.checkpointInterval = checkpointInterval
        self.tickInterval = tickInterval
        self.wallClock = wallClock
        self.makeEngine = makeEngine
        self.actions = actions
        self.metrics = metrics
    }

    public func run() async throws {
        var (engine, lastSeq) = restore()
        // Catch up on events stored after the checkpoint (a crash between commit and processing).
        var replayed = 0
        while true {
            let batch = try store.events(after: lastSeq, limit: 8192)
            if batch.isEmpty { break }
            try process(batch, engine: &engine, lastSeq: &lastSeq)
            replayed += batch.count
        }
        if replayed > 0 { logger.info("replayed events stored after the checkpoint", metadata: ["events": "\(replayed)"]) }
        checkpointLoggingFailure(engine, lastSeq: lastSeq)
        status.update { $0.ready = true }
        notifier.notify("READY=1\nSTATUS=ready, \(lastSeq) events in the store")
        logger.info("correlation loop ready", metadata: ["seq": "\(lastSeq)"])

        let ticker = Task { [queue, tickInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: tickInterval)
                queue.poke()
            }
        }
        defer { ticker.cancel() }

        var lastCheckpoint = ContinuousClock.now
        var windowStart = ContinuousClock.now
        var windowEvents = 0
        let tickMilliseconds = tickInterval.components.seconds * 1000 + tickInterval.components.attoseconds / 1_000_000_000_000_000
        var tickClock = TickClock(jumpThreshold: .init(milliseconds: max(60_000, 10 * tickMilliseconds)))
        try await withGracefulShutdownHandler {
            while let batch = await queue.next(max: 4096) {
                if batch.isEmpty {
                    if let now = tickClock.admit(wallClock(), logger: logger) {
                        try handle(engine.tick(now), seq: lastSeq)
                    }
                    status.update { $0.heartbeat = .now }
                } else {
                    try process(batch, engine: &engine, lastSeq: &lastSeq)
                    windowEvents += batch.count
                }
                let now = ContinuousClock.now
                if now - windowStart >= .seconds(5) {
                    let seconds = Double((now - windowStart).components.seconds)
                        + Double((now - windowStart).components.attoseconds) / 1e18
                    let rate = Double(windowEvents) / max(seconds, 0.001)
                    status.update { $0.eventsPerSecond = rate }
                    let snapshot = status.snapshot
                    let open = snapshot.openIncidents.values.reduce(0, +)
                    notifier.notify("STATUS=\(Int(rate)) events/s, \(open) open incidents, seq \(lastSeq)")
                    windowStart = now
                    windowEvents = 0
                }
                if now - lastCheckpoint >= checkpointInterval {
                    checkpointLoggingFailure(engine, lastSeq: lastSeq)
                    lastCheckpoint = now
                }
            }
        } onGracefulShutdown: { [queue] in
            // Producers have stopped (they shut down first): drain what is queued, then finish.
            queue.finish()
        }
        checkpointLoggingFailure(engine, lastSeq: lastSeq)
        logger.info("correlation loop stopped", metadata: ["seq": "\(lastSeq)"])
    }

    /// Feeds events to the engine in strict seq order; a gap (another writer's batch not yet queued) is read
    /// from the store, and events already consumed are skipped. This makes the order independent of which
    /// producer enqueued first.
    func process(_ batch: [(seq: Int64, event: TicketEvent)], engine: inout Engine, lastSeq: inout Int64) throws {
        let started = ContinuousClock.now
        var count = 0
        for item in batch {
            if item.seq <= lastSeq { continue }
            if item.seq > lastSeq + 1 {
                var gap = try store.events(after: lastSeq, limit: Int(item.seq - lastSeq - 1))
                gap.removeAll { $0.seq >= item.seq }
                for missing in gap {
                    try handle(engine.ingest(missing.event), seq: missing.seq)
                    lastSeq = missing.seq
                    count += 1
                }
            }
            try handle(engine.ingest(item.event), seq: item.seq)
            lastSeq = item.seq
            count += 1
        }
        let elapsed = ContinuousClock.now - started
        metrics?.engineBatch(events: count, duration: elapsed)
        let stats = engine.stats
        status.update {
            $0.processed += count
            $0.lastSeq = lastSeq
            $0.activeClusters = stats.activeClusters
            $0.openIncidents = stats.openIncidentsBySeverity
            $0.heartbeat = .now
        }
    }

    func handle(_ actions: [Action], seq: Int64) throws {
        guard !actions.isEmpty, let handler = self.actions else { return }
        try handler.handle(actions, seq: seq)
    }

    func restore() -> (Engine, Int64) {
        do {
            if let checkpoint = try store.loadCheckpoint(name: CorrelationLoop.checkpointName) {
                let snapshot = try JSONDecoder().decode(EngineSnapshot.self, from: Data(checkpoint.state))
                logger.info("checkpoint loaded", metadata: ["seq": "\(checkpoint.seq)"])
                return (Engine(snapshot: snapshot), checkpoint.seq)
            }
        } catch {
            // A corrupt or unreadable checkpoint is not fatal: the log is the truth, rebuild from its start.
            logger.error("checkpoint unusable, rebuilding the engine state from the whole event log",
                         metadata: ["error": "\(error)"])
            try? store.deleteCheckpoint(name: CorrelationLoop.checkpointName)
        }
        return (makeEngine(), 0)
    }

    /// A checkpoint that cannot be written (disk full, database locked by another process, read-only file) is
    /// not fatal: the event log holds everything, so the loop goes on and the next start replays from the last
    /// checkpoint that was written.
    func checkpointLoggingFailure(_ engine: Engine, lastSeq: Int64) {
        do {
            try checkpoint(engine, lastSeq: lastSeq)
        } catch {
            logger.error("checkpoint not written; events stay in the log and the next start replays them",
                         metadata: ["seq": "\(lastSeq)", "error": "\(error)"])
        }
    }

    func checkpoint(_ engine: Engine, lastSeq: Int64) throws {
        let started = ContinuousClock.now
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(engine.snapshot())
        try store.saveCheckpoint(name: CorrelationLoop.checkpointName, seq: lastSeq, state: Array(data),
                                 at: wallClock())
        metrics?.checkpoint(bytes: data.count, duration: ContinuousClock.now - started)
    }
}

/// Receives the engine's actions with the seq of the event that caused them (the outbox writer).
public protocol ActionHandler: Sendable {
    /// Persists or carries out `actions`; throwing stops the loop (the daemon exits non-zero and systemd
    /// restarts it, and the replay from the checkpoint regenerates the same actions).
    func handle(_ actions: [Action], seq: Int64) throws
}
