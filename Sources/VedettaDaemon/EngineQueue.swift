import Synchronization
import VedettaCore
import VedettaIngest

/// The bounded queue between ingest and the correlation loop.
///
/// HTTP ingest reserves room before it stores anything (and answers 429 when there is none), so nothing is
/// ever dropped silently; spool ingest waits for room instead. The single consumer is the correlation loop.
public final class EngineQueue: EventSink {
    struct State {
        var buffer: [(seq: Int64, event: TicketEvent)] = []
        var head = 0
        var reserved = 0
        var producers: [CheckedContinuation<Void, Never>] = []
        var consumer: CheckedContinuation<Void, Never>?
        var poked = false
        var finished = false

        var depth: Int { buffer.count - head }
    }

    /// Capacity in events.
    public let capacity: Int
    private let state = Mutex(State())

    /// A queue holding at most `capacity` events.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Events waiting.
    public var depth: Int { state.withLock { $0.depth } }

    public func tryReserve(_ count: Int) -> Bool {
        state.withLock { s in
            guard !s.finished else { return false }
            // A batch larger than the whole queue is let in when the queue is empty, or it could never pass.
            if s.depth + s.reserved + count <= capacity || (s.depth + s.reserved == 0) {
                s.reserved += count
                return true
            }
            return false
        }
    }

    public func enqueueReserved(_ events: [(seq: Int64, event: TicketEvent)], reserved: Int) {
        let consumer: CheckedContinuation<Void, Never>? = state.withLock { s in
            s.reserved -= reserved
            s.buffer.append(contentsOf: events)
            let c = s.consumer
            s.consumer = nil
            return c
        }
        consumer?.resume()
    }

    public func enqueue(_ events: [(seq: Int64, event: TicketEvent)]) async {
        guard !events.isEmpty else { return }
        let capacity = self.capacity
        func admissible(_ s: State) -> Bool {
            s.finished || s.depth + s.reserved + events.count <= capacity || s.depth + s.reserved == 0
        }
        while true {
            let (admitted, consumer): (Bool, CheckedContinuation<Void, Never>?) = state.withLock { s in
                guard admissible(s) else { return (false, nil) }
                s.buffer.append(contentsOf: events)
                let c = s.consumer
                s.consumer = nil
                return (true, c)
            }
            if admitted {
                consumer?.resume()
                return
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = state.withLock { s in
                    if admissible(s) { return true }
                    s.producers.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Takes up to `max` events; returns an empty array when poked (a tick is due) and nil once finished and
    /// drained.
    public func next(max: Int) async -> [(seq: Int64, event: TicketEvent)]? {
        while true {
            let result: [(seq: Int64, event: TicketEvent)]?? = state.withLock { s in
                if s.depth > 0 {
                    let end = Swift.min(s.buffer.count, s.head + max)
                    let batch = Array(s.buffer[s.head..<end])
                    s.head = end
                    if s.head > 65536 || s.head == s.buffer.count {
                        s.buffer.removeFirst(s.head)
                        s.head = 0
                    }
                    return .some(batch)
                }
                // Finished wins over a pending poke: the ticker keeps poking until the loop returns, and when one
                // loop turn (a checkpoint) outlasts the tick interval a poke is always pending, so a poke first
                // would never let a graceful stop end (SIGTERM hung with 0.1 s ticks and 0.2 s checkpoints).
                if s.finished { return .some(nil) }
                if s.poked {
                    s.poked = false
                    return .some([])
                }
                return nil
            }
            if let result {
                wakeProducers()
                return result
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = state.withLock { s in
                    if s.depth > 0 || s.poked || s.finished { return true }
                    s.consumer = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Wakes the consumer for a tick.
    public func poke() {
        let consumer: CheckedContinuation<Void, Never>? = state.withLock { s in
            s.poked = true
            let c = s.consumer
            s.consumer = nil
            return c
        }
        consumer?.resume()
    }

    /// No more events will come: the consumer drains what is left, then `next` returns nil.
    public func finish() {
        let (consumer, producers): (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, Never>]) =
            state.withLock { s in
                s.finished = true
                let c = s.consumer
                s.consumer = nil
                let p = s.producers
                s.producers = []
                return (c, p)
            }
        consumer?.resume()
        for p in producers { p.resume() }
    }

    private func wakeProducers() {
        let producers = state.withLock { s in
            let p = s.producers
            s.producers = []
            return p
        }
        for p in producers { p.resume() }
    }
}
