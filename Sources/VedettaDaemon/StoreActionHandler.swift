import VedettaCore
import VedettaStore

/// Persists the engine's actions through the `ActionWriter`: incidents, their tickets, outbox rows and
/// assignments of one batch in one transaction.
struct StoreActionHandler: ActionHandler {
    let writer: ActionWriter
    let wallClock: @Sendable () -> Timestamp

    func handle(_ actions: [Action], seq: Int64) throws {
        try writer.write(actions, seq: seq, now: wallClock())
    }
}
