/// The correlation engine: a deterministic state machine on event time.
///
/// `ingest(_:)` and `tick(_:)` return the actions the shell must carry out. No I/O, no clock, no logger: the
/// daemon and `vedetta replay` run this very value, so a replay gives the alerts the live run gave.
public struct Engine: Sendable {
    /// Counters of what the engine has seen.
    public private(set) var stats: EngineStats

    /// A fresh engine.
    public init() {
        self.stats = EngineStats()
    }

    /// Restores an engine from a checkpoint.
    public init(snapshot: EngineSnapshot) {
        self.stats = snapshot.stats
    }

    /// Feeds one event; returns the actions it causes.
    public mutating func ingest(_ event: TicketEvent) -> [Action] {
        stats.record(event)
        return []
    }

    /// Advances event time to `now` when no events arrive; returns the actions it causes.
    public mutating func tick(_ now: Timestamp) -> [Action] {
        if now > stats.now { stats.now = now }
        return []
    }

    /// The state to checkpoint.
    public func snapshot() -> EngineSnapshot { EngineSnapshot(stats: stats) }
}

/// Everything the engine needs to continue exactly where it stopped.
public struct EngineSnapshot: Sendable, Codable {
    /// Format version of the snapshot.
    public var version: Int = 1
    /// Counters.
    public var stats: EngineStats
}

/// Counters of what the engine has seen.
public struct EngineStats: Sendable, Codable, Hashable {
    /// Events ingested.
    public var events: Int = 0
    /// Events by type.
    public var byType: [String: Int] = [:]
    /// Latest event time seen (or ticked to).
    public var now: Timestamp = Timestamp(milliseconds: 0)
    /// Clusters currently active.
    public var activeClusters = 0
    /// Open incidents by severity name.
    public var openIncidentsBySeverity: [String: Int] = [:]

    mutating func record(_ event: TicketEvent) {
        events += 1
        byType[event.type.rawValue, default: 0] += 1
        if event.at > now { now = event.at }
    }
}
