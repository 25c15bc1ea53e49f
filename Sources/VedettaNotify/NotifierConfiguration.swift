import VedettaCore
import VedettaStore

/// How the notifier loop works through the outbox.
public struct NotifierConfiguration: Sendable {
    /// Retry backoff and dead-letter threshold.
    public var retry: OutboxRetryPolicy
    /// Most rows handled per round (the rest wait for the next round, a second later).
    public var batchLimit: Int
    /// The window of the per-office mail limit (`Office.maxMailsPerHour` mails per window).
    public var rateWindow: Timestamp.Duration
    /// Pause between rounds when nothing pokes the loop.
    public var pollInterval: Duration

    /// Creates a configuration.
    public init(retry: OutboxRetryPolicy = OutboxRetryPolicy(), batchLimit: Int = 200,
                rateWindow: Timestamp.Duration = .hours(1), pollInterval: Duration = .seconds(1)) {
        self.retry = retry
        self.batchLimit = max(1, batchLimit)
        self.rateWindow = rateWindow
        self.pollInterval = pollInterval
    }
}
