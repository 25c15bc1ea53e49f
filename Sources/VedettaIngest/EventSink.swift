import VedettaCore

/// Where ingest hands events after they are durably stored: the correlation loop's bounded queue.
public protocol EventSink: Sendable {
    /// Waits for room, then enqueues stored events (spool ingest uses this: a slow engine slows the spool).
    func enqueue(_ events: [(seq: Int64, event: TicketEvent)]) async
    /// Reserves room for `count` events without waiting; false when the queue is full (HTTP answers 429).
    func tryReserve(_ count: Int) -> Bool
    /// Enqueues events for which room was reserved (never waits).
    func enqueueReserved(_ events: [(seq: Int64, event: TicketEvent)], reserved: Int)
}
