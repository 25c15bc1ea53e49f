import VedettaCore

/// A min-heap of events waiting for their time, ordered by (time, insertion order) so that equal times leave
/// in a fixed order. Holds only the tickets still open, not the whole stream.
struct EventQueue {
    struct Entry {
        var event: TicketEvent
        var label: String
        var seq: UInt64
    }

    private var heap: [Entry] = []
    private var nextSeq: UInt64 = 0

    var count: Int { heap.count }

    mutating func push(_ event: TicketEvent, label: String) {
        heap.append(Entry(event: event, label: label, seq: nextSeq))
        nextSeq += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// The earliest entry if it is before `limit`.
    mutating func pop(before limit: Timestamp) -> Entry? {
        guard let top = heap.first, top.event.at < limit else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, less(heap[l], heap[m]) { m = l }
                if r < heap.count, less(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return top
    }

    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.event.at != b.event.at ? a.event.at < b.event.at : a.seq < b.seq
    }
}
