import Synchronization

/// What the correlation loop reports to health checks, metrics and systemd STATUS.
public final class LoopStatus: Sendable {
    /// A snapshot of the loop's counters.
    public struct Snapshot: Sendable {
        /// Events the engine has consumed since start (including catch-up).
        public var processed = 0
        /// Last event seq consumed.
        public var lastSeq: Int64 = 0
        /// Recent throughput.
        public var eventsPerSecond = 0.0
        /// Whether the checkpoint was loaded and catch-up finished.
        public var ready = false
        /// Open incidents by severity name.
        public var openIncidents: [String: Int] = [:]
        /// Active clusters.
        public var activeClusters = 0
        /// Engine time per event, seconds, last batch.
        public var lastBatchSecondsPerEvent = 0.0
        /// When the loop last showed progress (a batch consumed or a tick taken): the watchdog's evidence.
        public var heartbeat = ContinuousClock.now
    }

    private let state = Mutex(Snapshot())

    /// A fresh status.
    public init() {}

    /// The current counters.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Changes the counters.
    public func update(_ body: (inout Snapshot) -> Void) { state.withLock { body(&$0) } }
}
