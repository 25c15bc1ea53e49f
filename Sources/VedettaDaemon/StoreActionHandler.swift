import VedettaCore
import VedettaStore

/// Persists the engine's actions through the `ActionWriter`: incidents, their tickets, outbox rows and
/// assignments of one batch in one transaction.
struct StoreActionHandler: ActionHandler {
    let writer: ActionWriter
    let wallClock: @Sendable () -> Timestamp
    /// Called after incident changes were persisted (wakes the notifier).
    var onIncidents: @Sendable () -> Void = {}

    func handle(_ batch: [CausedActions]) throws {
        try writer.write(batch, now: wallClock())
        let incidents = batch.contains { caused in
            caused.actions.contains { if case .incident = $0 { true } else { false } }
        }
        if incidents { onIncidents() }
    }
}
