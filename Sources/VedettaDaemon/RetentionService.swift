import Foundation
import Logging
import ServiceLifecycle
import VedettaCore
import VedettaStore

/// Deletes what Vedetta holds about people past the retention period (`retentionDays`): stored events, ticket
/// assignments, resolved incidents with their revisions and outbox payloads, clusters no longer seen, and the
/// processed spool files, alert files and reports of that time. It looks every minute and prunes when the horizon
/// has moved an hour since its last pass (at the first look, and hourly once the loop runs live; during a
/// catch-up, as each checkpoint moves the engine's time on).
///
/// The horizon is `retention` before the engine's time at the last stored checkpoint, and never after the wall
/// clock's: one event stamped in the future cannot move it, and a stream replayed from the past (a backfill,
/// the demo, the tests' simulated months) is pruned against its own time, not against today. No event the last
/// checkpoint does not include is deleted, and nothing at all is deleted before there is a checkpoint that loads
/// (a fresh start, a rebuild): until then the log is the only record of those events.
///
/// Time comes from injected closures (`now`, `sleep`) so that a test drives it with a manual clock.
public final class RetentionService: ServiceLifecycle.Service, Sendable {
    /// What one pass deleted.
    public struct Outcome: Sendable, Equatable {
        /// The horizon: what was older went.
        public var horizon: Timestamp
        /// Rows deleted from the store.
        public var rows: EventStore.PruneCounts
        /// Files removed from the state folder.
        public var files: [String]
    }

    /// Subfolders of the state folder whose old files go: processed spool files (never `spool/incoming`, which
    /// is not yet stored), alert files and reports.
    public static let folders = ["spool/done", "spool/failed", "alerts", "reports"]

    let store: EventStore
    let stateDirectory: String
    let retention: Timestamp.Duration
    let look: Timestamp.Duration
    let step: Timestamp.Duration
    let checkpoint: @Sendable () -> CheckpointMark?
    let logger: Logger
    let metrics: DaemonMetrics?
    let now: @Sendable () -> Timestamp
    let sleep: @Sendable (Timestamp.Duration) async throws -> Void

    /// A service keeping `retention` of history in `store` and `stateDirectory`, looking every `look` and pruning
    /// when the horizon moved `step` since its last pass; `checkpoint` says where the last stored checkpoint stands.
    public init(
        store: EventStore, stateDirectory: String, retention: Timestamp.Duration,
        look: Timestamp.Duration = .minutes(1), step: Timestamp.Duration = .hours(1),
        checkpoint: @escaping @Sendable () -> CheckpointMark?, logger: Logger, metrics: DaemonMetrics? = nil,
        now: @escaping @Sendable () -> Timestamp = { Timestamp.wallClock() },
        sleep: @escaping @Sendable (Timestamp.Duration) async throws -> Void = sleepOnWallClock
    ) {
        self.store = store
        self.stateDirectory = stateDirectory
        self.retention = retention
        self.look = look
        self.step = step
        self.checkpoint = checkpoint
        self.logger = logger
        self.metrics = metrics
        self.now = now
        self.sleep = sleep
    }

    /// Looks every `look`, prunes when the horizon moved `step` since the last pass; stops on cancellation or
    /// graceful shutdown.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                var last: Timestamp?
                while !Task.isCancelled {
                    try await self.sleep(self.look)
                    guard let horizon = self.checkpoint().map(self.horizon(at:)),
                          last.map({ horizon.since($0).milliseconds >= self.step.milliseconds }) ?? true
                    else { continue }
                    // A failed pass leaves `last` as it was: the next look tries again.
                    if self.pruneAndLog() { last = horizon }
                }
            }
        } catch is CancellationError {
            // A graceful shutdown interrupts the wait for the next pass: the normal way out.
        }
    }

    /// One pass, logged and counted; returns false when it failed (database locked by a backup: logged, and the
    /// next look retries).
    func pruneAndLog() -> Bool {
        do {
            guard let outcome = try prune() else { return true }
            if !outcome.rows.isEmpty || !outcome.files.isEmpty {
                logger.notice("deleted what is older than the retention period", metadata: [
                    "horizon": "\(outcome.horizon)", "rows": "\(outcome.rows)", "files": "\(outcome.files.count)",
                ])
            }
            return true
        } catch {
            logger.error("retention pass failed; the next look retries", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// The retention before the engine's time at `mark`, or before the wall clock when that is earlier.
    func horizon(at mark: CheckpointMark) -> Timestamp {
        min(mark.engineTime, now()).adding(Timestamp.Duration(milliseconds: -retention.milliseconds))
    }

    /// Deletes what is older than the horizon; nil (nothing deleted) while there is no stored checkpoint.
    public func prune() throws(StoreError) -> Outcome? {
        guard let mark = checkpoint() else { return nil }
        let horizon = horizon(at: mark)
        let rows = try store.prune(before: horizon, eventsThrough: mark.seq)
        let files = Self.folders.flatMap { folder in
            ExpiredFiles.remove(under: stateDirectory + "/" + folder, modifiedBefore: horizon)
        }
        if let metrics {
            for (what, count) in rows.byTable + [("files", files.count)] {
                metrics.counter("vedetta_retention_deleted_total", [("what", what)],
                                help: "Rows and files deleted past the retention period.").increment(by: Int64(count))
            }
        }
        return Outcome(horizon: horizon, rows: rows, files: files)
    }
}
