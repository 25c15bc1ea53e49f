/// Distinct keys (requesters) seen in several nested sliding windows of event time (e.g. 15 min, 1 h, 4 h),
/// in O(1) amortised per observation whatever the number of windows.
///
/// One ring of observations serves every window. Only a key's latest observation is "alive": when a key comes
/// again its previous observation dies, so the distinct keys of a window are its alive observations, counted
/// per window and moved as each window's start passes them. Reading or adding costs one hash lookup (the
/// key's alive observation) instead of one per window. Keys are 64-bit hashes of the requester (see
/// `DistinctWindow.key(_:)`): a collision would merge two voices, with odds of about 10⁻⁸ among a million
/// requesters. An observation older than the longest window (out of order) is ignored; a later out-of-order one
/// counts as made at the latest time seen.
struct DistinctWindow: Sendable, Codable, Hashable {
    /// Window lengths in milliseconds, ascending.
    let lengths: [Int64]
    private var times: [Int64] = []
    private var keys: [UInt64] = []
    private var alive: [Bool] = []
    /// Per window, the ring index of its first observation still inside it.
    private var heads: [Int]
    /// Per window, its alive observations (= its distinct keys).
    private var counts: [Int]
    /// Each key's alive observation (absolute index: ring index + `base`); a key leaves when the longest
    /// window passes it.
    private var latest: [UInt64: Int] = [:]
    /// Observations dropped from the front of the ring so far.
    private var base = 0
    /// The latest observation time (late observations count at this time).
    private var newest = Int64.min

    /// Windows of the given lengths, shortest first.
    init(lengths: [Timestamp.Duration]) {
        self.lengths = lengths.map(\.milliseconds)
        precondition(self.lengths == self.lengths.sorted(), "detection windows must be given shortest first")
        heads = Array(repeating: 0, count: lengths.count)
        counts = Array(repeating: 0, count: lengths.count)
    }

    /// One window.
    init(length: Timestamp.Duration) { self.init(lengths: [length]) }

    /// The window key of a requester (or any id): a stable 64-bit hash of its UTF-8 bytes.
    static func key(_ id: String) -> UInt64 {
        var hasher = FNV1a()
        hasher.combine(id)
        // FNV's low bits mix poorly; a final avalanche spreads them.
        return SplitMix64.mix(hasher.value)
    }

    /// Distinct keys currently in window `index`.
    func distinct(_ index: Int) -> Int { counts[index] }

    /// Distinct keys in every window, shortest first.
    var distinctCounts: [Int] { counts }

    /// Distinct keys window `index` would hold once advanced to `time`, without expiring anything (costs the
    /// observations that would expire).
    func distinct(_ index: Int, at time: Timestamp) -> Int {
        let cutoff = time.milliseconds - lengths[index]
        var i = heads[index]
        var gone = 0
        while i < times.count, times[i] <= cutoff {
            if alive[i] { gone += 1 }
            i += 1
        }
        return counts[index] - gone
    }

    /// Whether `key` was seen in the longest window.
    func contains(_ key: UInt64) -> Bool { latest[key] != nil }

    /// Records `key` at `time`; returns whether it was new to the longest window. A late observation (earlier
    /// than the latest one) counts as made at the latest time, which keeps the ring in time order, so every
    /// window holds exactly the keys whose latest observation is inside it.
    @discardableResult
    mutating func add(_ key: UInt64, at time: Timestamp) -> Bool {
        var t = time.milliseconds
        if newest != .min {
            // Older than the longest window: it would expire at once.
            if let longest = lengths.last, t <= newest - longest { return false }
            t = max(t, newest)
        }
        newest = t
        advance(to: Timestamp(milliseconds: t))
        let index = base + times.count
        let previous = latest.updateValue(index, forKey: key)
        if let previous {
            let ring = previous - base
            alive[ring] = false
            for w in counts.indices where ring >= heads[w] { counts[w] -= 1 }
        }
        append(key, t)
        return previous == nil
    }

    private mutating func append(_ key: UInt64, _ time: Int64) {
        times.append(time)
        keys.append(key)
        alive.append(true)
        for w in counts.indices { counts[w] += 1 }
    }

    /// Moves every window's start to `time` minus its length.
    mutating func advance(to time: Timestamp) {
        for w in lengths.indices {
            let cutoff = time.milliseconds - lengths[w]
            var head = heads[w]
            let longest = w == lengths.count - 1
            while head < times.count, times[head] <= cutoff {
                if alive[head] {
                    counts[w] -= 1
                    if longest {
                        latest.removeValue(forKey: keys[head])
                        alive[head] = false
                    }
                }
                head += 1
            }
            heads[w] = head
        }
        compact()
    }

    /// Drops the observations every window has passed, once they are most of the ring.
    private mutating func compact() {
        guard let drop = heads.min(), drop > 1024, drop * 2 > times.count else { return }
        times.removeFirst(drop)
        keys.removeFirst(drop)
        alive.removeFirst(drop)
        for w in heads.indices { heads[w] -= drop }
        base += drop
    }
}
