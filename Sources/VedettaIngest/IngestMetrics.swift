import VedettaCore

/// Hooks through which ingest reports counters; the daemon implements them with swift-metrics.
public protocol IngestMetrics: Sendable {
    /// `count` events accepted from `source` (`spool`, `http`).
    func accepted(source: String, count: Int)
    /// `count` events rejected from `source`.
    func rejected(source: String, count: Int)
    /// Time a store commit took.
    func storeLatency(_ duration: Swift.Duration)
}
