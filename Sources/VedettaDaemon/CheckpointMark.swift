import VedettaCore

/// Where the last stored checkpoint stands: everything up to `seq` is in a state that a restart can load, so the
/// events up to it are no longer the only record of themselves.
public struct CheckpointMark: Sendable, Equatable {
    /// The last event seq the checkpoint's state includes.
    public var seq: Int64
    /// The engine's event time in that state (the latest event time seen, or ticked to).
    public var engineTime: Timestamp

    /// A mark at `seq` and `engineTime`.
    public init(seq: Int64, engineTime: Timestamp) {
        self.seq = seq
        self.engineTime = engineTime
    }
}
