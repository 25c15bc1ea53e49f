import Foundation
import Synchronization
import Logging
import ServiceLifecycle
import VedettaCore
import VedettaIngest
import VedettaStore

/// The one loop that owns the engine. It restores the last checkpoint, replays the events stored after it,
/// then consumes the bounded queue in `seq` order, ticks on the wall clock when no events arrive, hands the
/// engine's actions to the `ActionHandler`, and checkpoints periodically (when events or actions changed the
/// state since the last checkpoint) and on shutdown. Checkpoints are encoded and stored by a `CheckpointWriter`
/// off this loop.
public final class CorrelationLoop: ServiceLifecycle.Service, Sendable {
    /// How far behind the wall clock the newest event may be for ticks to advance event time.
    public static let liveHorizon = Timestamp.Duration.hours(6)

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
    let rules: RulesHolder
    let actions: (any ActionHandler)?
    let metrics: DaemonMetrics?
    let checkpoints: CheckpointWriter

    /// Creates the loop.
    public init(
        store: EventStore, queue: EngineQueue, logger: Logger, status: LoopStatus, notifier: SystemdNotifier,
        checkpointInterval: Duration = .seconds(30), tickInterval: Duration = .seconds(5),
        wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.wallClock() },
        rules: RulesHolder, actions: (any ActionHandler)? = nil, metrics: DaemonMetrics? = nil
    ) {
        self.store = store
        self.queue = queue
        self.logger = logger
        self.status = status
        self.notifier = notifier
        self.checkpointInterval = checkpointInterval
        self.tickInterval = tickInterval
        self.wallClock = wallClock
        self.rules = rules
        self.actions = actions
        self.metrics = metrics
        checkpoints = CheckpointWriter(logger: logger, metrics: metrics, wallClock: wallClock) { [store] job, at in
            try store.upsertClusters(job.clusters.map(ClusterRecord.init))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(job.snapshot)
            try store.saveCheckpoint(name: CorrelationLoop.checkpointName, seq: job.seq, state: data, at: at)
            return data.count
        }
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            // Cancellation (the group giving up on a graceful stop) must end the wait on the queue too.
            try await withTaskCancellationHandler {
                try await runLoop()
            } onCancel: { [self] in
                stopping.withLock { $0 = true }
                queue.finish()
            }
        } onGracefulShutdown: { [self] in
            stopping.withLock { $0 = true }
            queue.finish()
        }
    }

    /// Set when a graceful shutdown begins (ends a catch-up early: the rest is replayed at the next start).
    let stopping = Mutex(false)

    /// The last checkpoint stored (written by this run, or loaded at its start): nil until there is one that
    /// loads, as during a rebuild. Retention deletes no event past it.
    public var checkpointMark: CheckpointMark? { checkpoints.lastWritten }

    /// No checkpoint is written before this seq: during a rebuild, the unusable checkpoint stays in place until
    /// the rebuild has passed its events, so a stop halfway rebuilds again at the next start (and again delivers
    /// nothing for them) instead of resuming from a checkpoint that no longer says what went out before.
    let checkpointFloor = Mutex<Int64>(0)

    func runLoop() async throws {
        let restored = restore()
        var engine = restored.engine
        var lastSeq = restored.seq
        let rebuild = restored.rebuild
        checkpointFloor.withLock { $0 = rebuild?.deliveredThrough ?? 0 }
        var rulesVersion = rules.current.version
        // Ready as soon as the store is open and the checkpoint loaded: catching up on events stored after the
        // checkpoint (a crash between commit and processing) happens while ingest already accepts new ones,
        // which queue behind it in seq order.
        status.update { $0.ready = true }
        notifier.notify("READY=1\nSTATUS=ready, catching up from seq \(lastSeq)")
        logger.info("correlation loop ready", metadata: ["seq": "\(lastSeq)"])
        var replayed = 0
        var lastCatchUpCheckpoint = ContinuousClock.now
        while !stopping.withLock({ $0 }) {
            let batch = try store.events(after: lastSeq, limit: 4096)
            if batch.isEmpty { break }
            try process(batch, engine: &engine, lastSeq: &lastSeq, rebuild: rebuild)
            replayed += batch.count
            checkpointIfDue(&engine, lastSeq: lastSeq, last: &lastCatchUpCheckpoint, now: ContinuousClock.now)
        }
        if let rebuild { engine.numberIncidents(after: rebuild.storedIncidentNumber) }
        if replayed > 0 {
            logger.info("caught up on events stored after the checkpoint", metadata: ["events": "\(replayed)"])
            await finalCheckpoint(&engine, lastSeq: lastSeq)
        }
        if stopping.withLock({ $0 }) {
            // Stopped during catch-up: everything is in the store, the next start continues from here.
            await checkpoints.drain()
            logger.info("correlation loop stopped during catch-up", metadata: ["seq": "\(lastSeq)"])
            return
        }

        let ticker = Task { [queue, tickInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: tickInterval)
                queue.poke()
            }
        }
        defer { ticker.cancel() }

        var lastCheckpoint = ContinuousClock.now
        // Whether events or actions changed the state since the last checkpoint. Ticks that only move time (all
        // night, for the six hours of `liveHorizon` after the last event) do not: a restart ticks to the wall
        // clock again, and re-encoding tens of megabytes every interval for them would be spent for nothing.
        var changed = false
        var windowStart = ContinuousClock.now
        var windowEvents = 0
        let tickMilliseconds = tickInterval.components.seconds * 1000 + tickInterval.components.attoseconds / 1_000_000_000_000_000
        var tickClock = TickClock(jumpThreshold: .init(milliseconds: max(60_000, 10 * tickMilliseconds)))
        do {
          do {
            while let batch = await queue.next(max: 4096) {
                let current = rules.current
                if current.version != rulesVersion {
                    engine.updateRules(current.rules)
                    rulesVersion = current.version
                    logger.notice("engine uses the reloaded rules", metadata: ["version": "\(rulesVersion)"])
                }
                if batch.isEmpty {
                    // The wall clock moves event time only for a live stream: when the newest event is recent.
                    // A backfill of old events (or a wall clock far off) must not age them into silence,
                    // retire their clusters or open heartbeat incidents for the gap.
                    let wall = tickClock.admit(wallClock(), logger: logger)
                    let newest = engine.stats.now
                    if let wall, engine.stats.events > 0, wall > newest, wall.since(newest) <= CorrelationLoop.liveHorizon {
                        let actions = engine.tick(wall)
                        try handle([CausedActions(seq: lastSeq, actions: actions)])
                        if !actions.isEmpty { changed = true }
                    }
                    status.update { $0.heartbeat = .now }
                } else {
                    // A batch of events the catch-up already consumed (queued while it read them from the store)
                    // changes nothing and asks for no checkpoint.
                    let consumed = try process(batch, engine: &engine, lastSeq: &lastSeq)
                    windowEvents += consumed
                    if consumed > 0 { changed = true }
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
                // A checkpoint still being written when the next is due defers it to the next batch or tick.
                if changed, checkpointIfDue(&engine, lastSeq: lastSeq, last: &lastCheckpoint, now: now) {
                    changed = false
                }
            }
          } catch is UnpersistedActions {
            logger.error("stopped with engine actions not persisted; the next start regenerates them from the log",
                         metadata: ["seq": "\(lastSeq)"])
            await checkpoints.drain()
            return
          }
        }
        // Producers stopped first (the group shuts them down before this loop): what was queued is drained.
        await finalCheckpoint(&engine, lastSeq: lastSeq)
        logger.info("correlation loop stopped", metadata: ["seq": "\(lastSeq)"])
    }

    /// Feeds events to the engine in strict seq order; a gap (another writer's batch not yet queued) is read
    /// from the store, and events already consumed are skipped. This makes the order independent of which
    /// producer enqueued first. During a `rebuild`, the actions of the events the dropped checkpoint held are
    /// recorded without deliveries, and the incidents opened after them are numbered past the stored ones (see
    /// `restore`). Returns the number of events consumed.
    @discardableResult
    func process(
        _ batch: [(seq: Int64, event: TicketEvent)], engine: inout Engine, lastSeq: inout Int64,
        rebuild: Rebuild? = nil
    ) throws -> Int {
        var numbered = false
        func ingest(_ event: TicketEvent, seq: Int64) -> [Action] {
            guard let rebuild else { return engine.ingest(event) }
            guard seq > rebuild.deliveredThrough else { return engine.ingest(event).map(\.withoutDeliveries) }
            if !numbered {
                engine.numberIncidents(after: rebuild.storedIncidentNumber)
                numbered = true
            }
            return engine.ingest(event)
        }
        let started = ContinuousClock.now
        var count = 0
        // Actions of the whole batch are persisted in one transaction (one commit per batch, not per event), each
        // with the seq of the event that caused it.
        var pending: [CausedActions] = []
        func consume(_ event: TicketEvent, seq: Int64) {
            let actions = ingest(event, seq: seq)
            if !actions.isEmpty { pending.append(CausedActions(seq: seq, actions: actions)) }
            lastSeq = seq
            count += 1
        }
        for item in batch {
            if item.seq <= lastSeq { continue }
            if item.seq > lastSeq + 1 {
                var gap = try store.events(after: lastSeq, limit: Int(item.seq - lastSeq - 1))
                gap.removeAll { $0.seq >= item.seq }
                for missing in gap { consume(missing.event, seq: missing.seq) }
            }
            consume(item.event, seq: item.seq)
        }
        try handle(pending)
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
        return count
    }

    func handle(_ batch: [CausedActions]) throws {
        guard batch.contains(where: { !$0.actions.isEmpty }), let handler = self.actions else { return }
        let seq = batch.last?.seq ?? 0
        // A store that cannot take the actions (disk full, locked by another process) is waited out: the
        // loop does not move past actions it could not persist, so no alert is lost. Ingest answers 503
        // meanwhile. A graceful stop during the wait leaves the checkpoint behind these actions; the next
        // start regenerates them from the event log.
        var attempt = 0
        while true {
            do {
                try handler.handle(batch)
                if attempt > 0 { logger.notice("engine actions persisted again", metadata: ["seq": "\(seq)"]) }
                return
            } catch let error as StoreError {
                if attempt == 0 {
                    logger.error("cannot persist engine actions; retrying until the store takes them",
                                 metadata: ["seq": "\(seq)", "error": "\(error)"])
                }
                attempt += 1
                if stopping.withLock({ $0 }) { throw UnpersistedActions() }
                Thread.sleep(forTimeInterval: min(5, 0.2 * Double(attempt)))
            }
        }
    }

    /// A checkpoint written by a build with another engine state format (after an upgrade).
    struct CheckpointVersionMismatch: Error, CustomStringConvertible {
        var found: Int
        var description: String {
            "checkpoint format \(found), this build reads format \(EngineSnapshot.currentVersion)"
        }
    }

    /// A checkpoint of an engine tuned otherwise than this build's engine (a default changed in an upgrade).
    struct CheckpointTuningMismatch: Error, CustomStringConvertible {
        var description: String { "checkpoint written with another engine tuning than this build's" }
    }

    /// The loop stopped while actions were still unpersisted: no checkpoint may be written past them.
    struct UnpersistedActions: Error {}

    /// A rebuild of the engine from the whole log, and what the run before it left in the store.
    struct Rebuild {
        /// The seq of the dropped checkpoint: the alerts of the events up to it went out before.
        var deliveredThrough: Int64
        /// The highest incident number stored: incidents opened after the dropped checkpoint are numbered past it.
        var storedIncidentNumber: Int
    }

    /// The engine as of the last checkpoint and the seq it includes, or a new engine and the `Rebuild` it must do.
    ///
    /// A checkpoint that cannot be used (corrupt, or written in another format or with another tuning by the
    /// version before an upgrade) is dropped and the state rebuilt from the whole log: the tuning is part of the
    /// engine's state, so a restored engine would go on with the old tuning where a replay of the log with this
    /// build would not (session 16 turned the topic space on by default). Every action up to that checkpoint's seq was persisted
    /// before it was written, so the alerts those events caused went out already. The rebuild records what it
    /// derives for them (incidents, assignments) but delivers none of it again: after an upgrade the new engine
    /// may group the past differently and mail offices about months-old events. Such an engine may also count
    /// fewer incidents in the past, so the incidents it opens after the checkpoint's events are numbered past
    /// the stored ones: an id the store holds would give its first alert the outbox key of an old one, and
    /// `INSERT OR IGNORE` would drop it. The same engine counts as many and numbers them as an uninterrupted
    /// run would.
    func restore() -> (engine: Engine, seq: Int64, rebuild: Rebuild?) {
        let configuration = EngineConfiguration()
        do {
            if let checkpoint = try store.loadCheckpoint(name: CorrelationLoop.checkpointName) {
                let snapshot = try JSONDecoder().decode(EngineSnapshot.self, from: checkpoint.state)
                guard snapshot.version == EngineSnapshot.currentVersion else {
                    throw CheckpointVersionMismatch(found: snapshot.version)
                }
                guard snapshot.configuration == configuration else { throw CheckpointTuningMismatch() }
                logger.info("checkpoint loaded", metadata: ["seq": "\(checkpoint.seq)"])
                checkpoints.loaded(CheckpointMark(seq: checkpoint.seq, engineTime: snapshot.stats.now))
                return (Engine(snapshot: snapshot, rules: rules.current.rules), checkpoint.seq, nil)
            }
        } catch {
            // A corrupt or unreadable checkpoint is not fatal: the log is the truth, rebuild from its start.
            let dropped = (try? store.checkpointSeq(name: CorrelationLoop.checkpointName)).flatMap { $0 }
            let rebuild = Rebuild(deliveredThrough: dropped ?? 0,
                                  storedIncidentNumber: (try? store.highestIncidentNumber()) ?? 0)
            logger.error("checkpoint unusable, rebuilding the engine state from the whole event log",
                         metadata: ["error": "\(error)", "deliveredThrough": "\(rebuild.deliveredThrough)"])
            if rebuild.deliveredThrough > 0 {
                logger.notice("alerts of events up to the unusable checkpoint went out before and are not sent again",
                              metadata: ["seq": "\(rebuild.deliveredThrough)"])
            } else {
                try? store.deleteCheckpoint(name: CorrelationLoop.checkpointName)
            }
            return (Engine(rules: rules.current.rules, configuration: configuration), 0, rebuild)
        }
        return (Engine(rules: rules.current.rules, configuration: configuration), 0, nil)
    }

    /// Hands a checkpoint of `engine` after `lastSeq` to the writer, unless the previous one is still being
    /// written or a rebuild has not yet passed `checkpointFloor` (then returns false and takes nothing, not even
    /// the touched clusters). The loop stops only to take
    /// the snapshot and the clusters changed since the last checkpoint.
    @discardableResult
    func requestCheckpoint(_ engine: inout Engine, lastSeq: Int64) -> Bool {
        guard lastSeq >= checkpointFloor.withLock({ $0 }) else { return false }
        let started = ContinuousClock.now
        let submitted = checkpoints.submit {
            CheckpointWriter.Job(seq: lastSeq, snapshot: engine.snapshot(), clusters: engine.drainTouchedClusters())
        }
        if submitted { metrics?.checkpointPause(ContinuousClock.now - started) }
        return submitted
    }

    /// Hands a checkpoint to the writer when the spacing since `last` has passed (`CheckpointWriter.spacing`) and
    /// the writer takes it; then `last` becomes `now`. Returns whether it did.
    @discardableResult
    func checkpointIfDue(
        _ engine: inout Engine, lastSeq: Int64, last: inout ContinuousClock.Instant, now: ContinuousClock.Instant
    ) -> Bool {
        guard now - last >= checkpoints.spacing(configured: checkpointInterval),
              requestCheckpoint(&engine, lastSeq: lastSeq)
        else { return false }
        last = now
        return true
    }

    /// Writes a checkpoint after `lastSeq` and waits for it, after the one in flight: nothing older can overwrite
    /// it. A failure is logged (`CheckpointWriter`); the next start then replays from the last one written.
    func finalCheckpoint(_ engine: inout Engine, lastSeq: Int64) async {
        await checkpoints.drain()
        requestCheckpoint(&engine, lastSeq: lastSeq)
        await checkpoints.drain()
    }
}

/// Receives the engine's actions with the seq of the event that caused them (the outbox writer).
public protocol ActionHandler: Sendable {
    /// Persists or carries out the actions of a batch of events; throwing stops the loop (the daemon exits non-zero
    /// and systemd restarts it, and the replay from the checkpoint regenerates the same actions).
    func handle(_ batch: [CausedActions]) throws
}
