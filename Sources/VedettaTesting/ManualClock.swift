import VedettaCore

/// A clock that moves only when a test says so; the engine and the daemon's tick loop take it instead of the
/// wall clock.
public final class ManualClock: @unchecked Sendable {
    private var current: Timestamp

    /// A clock standing at `start`.
    public init(start: Timestamp) { self.current = start }

    /// The current instant.
    public var now: Timestamp { current }

    /// Moves the clock forward.
    public func advance(by duration: Timestamp.Duration) { current = current.adding(duration) }
}
