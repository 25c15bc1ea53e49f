import VedettaCore

/// The actions one event caused, with its log position (a tick's: the last event consumed before it).
public struct CausedActions: Sendable {
    /// The seq of the event that caused `actions`.
    public var seq: Int64
    /// What the engine returned for it.
    public var actions: [Action]

    /// `actions` caused by the event at `seq`.
    public init(seq: Int64, actions: [Action]) {
        self.seq = seq
        self.actions = actions
    }
}
