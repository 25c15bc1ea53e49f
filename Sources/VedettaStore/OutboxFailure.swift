import VedettaCore

/// What `Outbox.markFailed` did with a row.
public enum OutboxFailure: Hashable, Sendable {
    /// Will be retried at `nextAttemptAt`.
    case retry(attempts: Int, nextAttemptAt: Timestamp)
    /// Dead-lettered after `attempts` failures.
    case dead(attempts: Int)
    /// The row was not pending (already delivered or dead, or unknown): nothing changed.
    case notPending
}
