/// Rows of one state and channel, for metrics and reports.
public struct OutboxCount: Hashable, Sendable {
    /// State.
    public var state: OutboxState
    /// Channel as stored.
    public var channel: String
    /// Number of rows.
    public var count: Int

    /// Creates a count.
    public init(state: OutboxState, channel: String, count: Int) {
        self.state = state
        self.channel = channel
        self.count = count
    }
}
