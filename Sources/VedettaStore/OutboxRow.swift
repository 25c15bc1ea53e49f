import VedettaCore

/// One effect to deliver, as stored in the `outbox` table.
public struct OutboxRow: Hashable, Sendable {
    /// Idempotency key, `<channel>:<incident>/<revision>/<office>` (a digest: `digest:<office>/<hash>`).
    public var key: String
    /// Channel as stored (`file`, `mail`, `digest`); see `OutboxChannel`.
    public var channel: String
    /// Office id.
    public var office: String
    /// Incident id (`digest` for a digest row).
    public var incident: String
    /// Incident revision (0 for a digest row).
    public var revision: Int
    /// When the row was written (shell time).
    public var createdAt: Timestamp
    /// Current state.
    public var state: OutboxState
    /// Failed attempts so far.
    public var attempts: Int
    /// Earliest time of the next attempt.
    public var nextAttemptAt: Timestamp
    /// The last failure, for operators.
    public var lastError: String?
    /// When it was delivered.
    public var deliveredAt: Timestamp?
    /// The JSON payload (`OutboxPayload`, or `OutboxDigest` for a digest row).
    public var payload: String

    /// Creates a row.
    public init(
        key: String, channel: String, office: String, incident: String, revision: Int, createdAt: Timestamp,
        state: OutboxState, attempts: Int, nextAttemptAt: Timestamp, lastError: String?, deliveredAt: Timestamp?,
        payload: String
    ) {
        self.key = key
        self.channel = channel
        self.office = office
        self.incident = incident
        self.revision = revision
        self.createdAt = createdAt
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.payload = payload
    }

    /// The channel, when it is one this version knows.
    public var knownChannel: OutboxChannel? { OutboxChannel(rawValue: channel) }
}
