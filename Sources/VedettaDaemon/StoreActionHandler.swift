import VedettaCore
import VedettaStore

/// Persists the engine's actions through the `ActionWriter`: incidents, their tickets, outbox rows and
/// assignments of one batch in one transaction.
struct StoreActionHandler: ActionHandler {
    let writer: ActionWriter
    let wallClock: @Sendable () -> Timestamp
    /// Called after incident changes were persisted (wakes the notifier).
    var onIncidents: @Sendable () -> Void = {}

    func handle(_ actions: [Action], seq: Int64) throws {
        try writer.write(actions, seq: seq, now: wallClock())
        if actions.contains(where: { if case .incident = $0 { true } else { false } }) { onIncidents() }
    }
}
