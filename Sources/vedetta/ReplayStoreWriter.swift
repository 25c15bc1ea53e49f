import Dispatch
import VedettaCore
import VedettaStore

/// Writes the replay's events and actions to its store on a thread of its own, so that the engine (one core)
/// and SQLite (the other) work at the same time. Batches keep their order; at most `depth` wait, so memory
/// stays bounded when the store is the slower side. The first error stops all later writes and is rethrown
/// by `finish()`.
final class ReplayStoreWriter: @unchecked Sendable {
    private let store: EventStore
    private let writer: ActionWriter
    private let queue = DispatchQueue(label: "vedetta.replay.store")
    private let slots: DispatchSemaphore
    // Touched only on `queue`.
    private var error: (any Error)?

    init(store: EventStore, depth: Int = 4) {
        self.store = store
        self.writer = ActionWriter(store: store, channels: { _ in ["file"] })
        self.slots = DispatchSemaphore(value: depth)
    }

    /// Queues one batch; `now` is the event time its outbox rows carry. Blocks while `depth` batches wait.
    func submit(events: [TicketEvent], actions: [Action], now: Timestamp) {
        guard !events.isEmpty || !actions.isEmpty else { return }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard error == nil else { return }
            do {
                if !events.isEmpty { _ = try store.append(events, source: "replay", receivedAt: now) }
                // Event time as "now": the replay's outbox rows and files are the same on every run.
                try writer.write(actions, seq: 0, now: now)
            } catch {
                self.error = error
            }
        }
    }

    /// Waits for every queued batch; throws the first store error.
    func finish() throws {
        try queue.sync { if let error { throw error } }
    }
}
