import VedettaStore

/// Where the notifier reports what it did; the daemon implements it over its metrics registry.
public protocol NotifierMetrics: Sendable {
    /// One row reached an outcome on a channel (`file`, `mail`, `digest`).
    func recordDelivery(channel: String, outcome: DeliveryOutcome.Kind)
    /// The outbox after a round: rows by state and channel (dead letters included).
    func recordOutbox(_ counts: [OutboxCount])
}

/// Metrics that go nowhere.
public struct NoNotifierMetrics: NotifierMetrics {
    /// Creates the sink.
    public init() {}
    /// Ignores the delivery.
    public func recordDelivery(channel: String, outcome: DeliveryOutcome.Kind) {}
    /// Ignores the counts.
    public func recordOutbox(_ counts: [OutboxCount]) {}
}
