/// The detector's vocabulary: term → `TermHistory`, in an open-addressing table keyed by a stable 64-bit hash of
/// the term (`DistinctWindow.key`), so that the ten or so terms of each report cost an FNV-1a pass each rather
/// than a seeded `Hasher` run each (the engine thread's largest share of string hashing in detection).
///
/// Entries live in insertion order in parallel arrays; the slot array maps hash buckets to entries (linear
/// probing, at most half full). Removal compacts the entries and rebuilds the slots (it runs on prune, every few
/// hours of event time). Nothing here depends on `Hasher`'s per-process seed, and nothing reads the entries'
/// order for a result. Encoded as a `[String: TermHistory]` dictionary, the form the vocabulary had before.
struct TermHistoryTable: Sendable {
    private(set) var terms: [String] = []
    private var hashes: [UInt64] = []
    private(set) var histories: [TermHistory] = []
    /// Entry index + 1 per bucket (0: empty); the count is a power of two.
    private var slots: [Int32] = Array(repeating: 0, count: 16)

    /// An empty table.
    init() {}

    /// Number of terms.
    var count: Int { terms.count }

    /// The entry index of `term` (whose `DistinctWindow.key` is `hash`), if present.
    func index(of term: String, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = Int(slots[bucket])
            if slot == 0 { return nil }
            if hashes[slot - 1] == hash, terms[slot - 1] == term { return slot - 1 }
            bucket = (bucket + 1) & mask
        }
    }

    /// The history at entry `index`, read and written in place.
    subscript(index: Int) -> TermHistory {
        get { histories[index] }
        _modify { yield &histories[index] }
    }

    /// Adds a term known to be absent; returns its entry index.
    @discardableResult
    mutating func insert(_ term: String, hash: UInt64, _ history: TermHistory) -> Int {
        if (terms.count + 1) * 2 > slots.count { rebuild(capacity: slots.count * 2) }
        let index = terms.count
        terms.append(term)
        hashes.append(hash)
        histories.append(history)
        place(index, hash: hash)
        return index
    }

    /// Removes every entry for which `drop` is true (the others keep their relative order).
    mutating func removeAll(where drop: (TermHistory) -> Bool) {
        var kept = 0
        for i in histories.indices where !drop(histories[i]) {
            if kept != i {
                terms.swapAt(kept, i)
                hashes.swapAt(kept, i)
                histories.swapAt(kept, i)
            }
            kept += 1
        }
        guard kept < terms.count else { return }
        terms.removeLast(terms.count - kept)
        hashes.removeLast(hashes.count - kept)
        histories.removeLast(histories.count - kept)
        var capacity = 16
        while terms.count * 2 > capacity { capacity *= 2 }
        rebuild(capacity: capacity)
    }

    private mutating func place(_ index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while slots[bucket] != 0 { bucket = (bucket + 1) & mask }
        slots[bucket] = Int32(index + 1)
    }

    private mutating func rebuild(capacity: Int) {
        slots = Array(repeating: 0, count: capacity)
        for i in hashes.indices { place(i, hash: hashes[i]) }
    }
}

extension TermHistoryTable: Codable {
    init(from decoder: any Decoder) throws {
        let dictionary = try decoder.singleValueContainer().decode([String: TermHistory].self)
        self.init()
        // Sorted so that a decoded table's layout does not depend on the dictionary's order.
        for (term, history) in dictionary.sorted(by: { $0.key < $1.key }) {
            insert(term, hash: DistinctWindow.key(term), history)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: zip(terms, histories)))
    }
}
