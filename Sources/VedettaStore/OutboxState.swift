/// Where an outbox row stands.
public enum OutboxState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Waiting for delivery (first attempt or a retry at `nextAttemptAt`).
    case pending
    /// Delivered (alone or inside a digest); never attempted again.
    case delivered
    /// Given up: a permanent error, or `maxAttempts` transient ones. Visible in metrics and reports.
    case dead
}
