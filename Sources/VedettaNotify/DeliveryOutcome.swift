import VedettaCore

/// What happened to one outbox row in a round.
public struct DeliveryOutcome: Hashable, Sendable {
    /// The kind of outcome.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Written or sent.
        case delivered
        /// Sent inside a digest mail.
        case digested
        /// Failed transiently; tried again later.
        case retry
        /// Dead-lettered.
        case dead
        /// Held back by the office's mail rate limit until a slot frees.
        case deferred
    }

    /// The row's key.
    public var key: String
    /// The row's channel.
    public var channel: String
    /// The office.
    public var office: String
    /// The outcome.
    public var kind: Kind
    /// The failure, for `retry` and `dead`; the digest key for `digested`.
    public var detail: String?
    /// Next attempt, for `retry` and `deferred`.
    public var nextAttemptAt: Timestamp?

    /// Creates an outcome.
    public init(key: String, channel: String, office: String, kind: Kind, detail: String? = nil, nextAttemptAt: Timestamp? = nil) {
        self.key = key
        self.channel = channel
        self.office = office
        self.kind = kind
        self.detail = detail
        self.nextAttemptAt = nextAttemptAt
    }
}
