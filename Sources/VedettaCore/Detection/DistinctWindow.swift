/// Distinct keys (requesters) seen in a sliding window of event time, in O(1) amortised per observation.
///
/// Keeps the window's observations in a ring (time, key) and a count per key; expired observations are
/// dropped as time advances. Out-of-order times older than the window are ignored.
struct DistinctWindow: Sendable, Codable, Hashable {
    let length: Int64
    private var times: [Int64] = []
    private var keys: [String] = []
    private var head = 0
    private var counts: [String: Int] = [:]

    init(length: Timestamp.Duration) { self.length = length.milliseconds }

    /// Distinct keys currently in the window.
    var distinct: Int { counts.count }
    /// Observations currently in the window.
    var observations: Int { times.count - head }

    /// Distinct keys the window would hold once advanced to `time`, without expiring anything (costs the
    /// observations that would expire, not a copy of the window).
    func distinct(at time: Timestamp) -> Int {
        let cutoff = time.milliseconds - length
        var i = head
        guard i < times.count, times[i] <= cutoff else { return counts.count }
        var gone: [String: Int] = [:]
        var vanished = 0
        while i < times.count, times[i] <= cutoff {
            let key = keys[i]
            let g = gone[key, default: 0] + 1
            gone[key] = g
            if g == counts[key] { vanished += 1 }
            i += 1
        }
        return counts.count - vanished
    }

    /// Whether `key` was seen in the window.
    func contains(_ key: String) -> Bool { counts[key] != nil }

    mutating func add(_ key: String, at time: Timestamp) {
        expire(before: time.milliseconds - length)
        // An observation already older than the window (out of order) would expire at once.
        if let last = times.last, time.milliseconds <= last - length { return }
        times.append(time.milliseconds)
        keys.append(key)
        counts[key, default: 0] += 1
    }

    mutating func advance(to time: Timestamp) { expire(before: time.milliseconds - length) }

    private mutating func expire(before cutoff: Int64) {
        while head < times.count, times[head] <= cutoff {
            let key = keys[head]
            if let c = counts[key] {
                if c <= 1 { counts.removeValue(forKey: key) } else { counts[key] = c - 1 }
            }
            head += 1
        }
        if head > 1024, head * 2 > times.count {
            times.removeFirst(head)
            keys.removeFirst(head)
            head = 0
        }
    }
}
