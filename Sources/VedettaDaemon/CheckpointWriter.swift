import Dispatch
import Logging
import Synchronization
import VedettaCore

/// Writes engine checkpoints on a queue of its own, one at a time, so that the correlation loop does not stop for
/// them.
///
/// Encoding the whole state is the expensive part: 1–2 s for the 21–25 MB state of a 21-week stream with 31,000
/// live tickets (`scripts/bench-checkpoint.sh`), during which the loop, written inline, consumed nothing and the
/// watchdog's heartbeat aged. The
/// loop now hands over a snapshot, which is a value: copy-on-write makes taking it cost a few retains, and the
/// engine's next writes copy only the buffers they touch. The snapshot names the last `seq` it includes and
/// every action up to that seq was persisted before it was taken, so writing it later changes nothing a restart
/// relies on.
///
/// Writes run in submission order and never overlap; a checkpoint due while one is still being written is
/// skipped (`submit` returns false) and the loop tries again after its next batch. `drain()` waits for the write
/// in flight, so a final checkpoint can never be overtaken by an older one.
///
/// Off the loop, a checkpoint still costs its CPU, and with a help desk's few events per second it is most of
/// what the daemon spends: 2 s of encoding every 30 s is 7% of a core. So checkpoints are spaced to take at most
/// `costShare` of the time (`spacing(configured:)`): a 2 s checkpoint is written at most every 100 s. A longer
/// spacing only lengthens the replay at the next start, and replay runs at about 100,000 events/s.
final class CheckpointWriter: Sendable {
    /// What one checkpoint writes.
    struct Job: Sendable {
        /// The last event seq the state includes.
        var seq: Int64
        /// The engine state at `seq`.
        var snapshot: EngineSnapshot
        /// Clusters changed since the previous checkpoint (for the web view and the reports).
        var clusters: [Cluster]
    }

    /// Stores a job at the given wall-clock time; returns the bytes of the encoded state.
    typealias Write = @Sendable (Job, Timestamp) throws -> Int

    private let write: Write
    private let wallClock: @Sendable () -> Timestamp
    private let logger: Logger
    private let metrics: DaemonMetrics?
    private let queue = DispatchQueue(label: "vedetta.checkpoint", qos: .utility)
    private let busy = Mutex(false)
    private let lastDuration = Mutex(Duration.zero)
    /// Clusters of a job whose write failed: the engine drained them, so the next job writes them too (a cluster
    /// it holds itself in a newer view replaces them). Without this, the web view and the reports kept the failed
    /// job's clusters stale until each was touched again.
    private let carried = Mutex<[Cluster]>([])
    private let written = Mutex<CheckpointMark?>(nil)

    /// The largest share of the time checkpoints may take: one taking `d` is followed by the next after `d / costShare`
    /// at the soonest.
    static let costShare = 0.02

    /// A writer that stores jobs with `write` at `wallClock`'s time, logging failures to `logger`.
    init(logger: Logger, metrics: DaemonMetrics?, wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.wallClock() },
         write: @escaping Write) {
        self.write = write
        self.wallClock = wallClock
        self.logger = logger
        self.metrics = metrics
    }

    /// Whether a checkpoint is being written.
    var isBusy: Bool { busy.withLock { $0 } }

    /// The last checkpoint this writer stored, or the one the loop loaded at start (`loaded(_:)`); nil before
    /// either.
    var lastWritten: CheckpointMark? { written.withLock { $0 } }

    /// Records the checkpoint the loop restored from: it is stored and loads.
    func loaded(_ mark: CheckpointMark) {
        written.withLock { $0 = mark }
    }

    /// Time between two checkpoints: `configured`, or longer when the last one written took more than
    /// `costShare` of it.
    func spacing(configured: Duration) -> Duration {
        Self.spacing(configured: configured, lastDuration: lastDuration.withLock { $0 })
    }

    /// `configured`, or `lastDuration / costShare` when that is longer.
    static func spacing(configured: Duration, lastDuration: Duration) -> Duration {
        max(configured, lastDuration * (1 / costShare))
    }

    /// Starts writing the job `make()` builds, unless a checkpoint is still being written: then nothing is built
    /// and it returns false. The check and the claim are one step under the lock.
    @discardableResult
    func submit(_ make: () -> Job) -> Bool {
        let claimed = busy.withLock { busy in
            defer { busy = true }
            return !busy
        }
        guard claimed else { return false }
        let job = make()
        queue.async { [self] in
            run(job)
            busy.withLock { $0 = false }
        }
        return true
    }

    /// Waits until the checkpoint being written, if any, is written.
    func drain() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async { done.resume() }
        }
    }

    /// Writes `job`; a failure (disk full, database locked by another process, read-only file) is logged and
    /// counted (`vedetta_checkpoint_failures_total`), not fatal: the event log holds everything, and the next start
    /// replays from the last checkpoint written.
    private func run(_ job: Job) {
        let started = ContinuousClock.now
        let job = withCarriedClusters(job)
        do {
            let at = wallClock()
            let bytes = try write(job, at)
            let duration = ContinuousClock.now - started
            lastDuration.withLock { $0 = duration }
            written.withLock { $0 = CheckpointMark(seq: job.seq, engineTime: job.snapshot.stats.now) }
            metrics?.checkpoint(bytes: bytes, duration: duration, seq: job.seq, at: at)
        } catch {
            carried.withLock { $0 = job.clusters }
            metrics?.checkpointFailed()
            logger.error("checkpoint not written; events stay in the log and the next start replays them",
                         metadata: ["seq": "\(job.seq)", "error": "\(error)"])
        }
    }

    /// `job` with the clusters a failed write left behind, unless it holds a newer view of them.
    private func withCarriedClusters(_ job: Job) -> Job {
        let earlier = carried.withLock { carried in
            defer { carried = [] }
            return carried
        }
        guard !earlier.isEmpty else { return job }
        var job = job
        let fresh = Set(job.clusters.map(\.id))
        job.clusters = earlier.filter { !fresh.contains($0.id) } + job.clusters
        return job
    }
}
