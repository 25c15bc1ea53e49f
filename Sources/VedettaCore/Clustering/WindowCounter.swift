/// Tickets and distinct requesters of one cluster in sliding windows of event time (15 min, 1 h, 4 h, 1 day),
/// kept as 5-minute buckets so that recording is O(1) and only non-empty buckets cost memory.
///
/// Distinct requesters are exact at bucket resolution: each requester is counted in the bucket of their latest
/// report only (a later report moves the mark), so the sum of the buckets inside a window counts each requester
/// seen in it once.
public struct WindowCounter: Hashable, Sendable, Codable {
    /// Width of one bucket.
    public static let bucketWidth = Timestamp.Duration.minutes(5)
    /// The windows the detector reads.
    public static let windows: [Timestamp.Duration] = [.minutes(15), .hours(1), .hours(4), .days(1)]
    /// The longest window: buckets older than this are dropped.
    static let span = Int64(288)

    struct Bucket: Hashable, Sendable, Codable {
        var index: Int64
        var tickets: Int32
        var requesters: Int32
    }

    private var buckets: [Bucket] = []
    private var lastBucketOfRequester: [String: Int64] = [:]
    private var pruneAt = 64

    /// An empty counter.
    public init() {}

    static func bucket(of time: Timestamp) -> Int64 {
        let w = bucketWidth.milliseconds
        let ms = time.milliseconds
        return ms >= 0 ? ms / w : (ms - w + 1) / w
    }

    private mutating func add(at index: Int64, tickets: Int32, requesters: Int32) {
        if let last = buckets.last, last.index == index {
            buckets[buckets.count - 1].tickets += tickets
            buckets[buckets.count - 1].requesters += requesters
            return
        }
        if let last = buckets.last, last.index < index {
            buckets.append(Bucket(index: index, tickets: tickets, requesters: requesters))
            return
        }
        // Out-of-order time: search backwards (rare, and the list is at most a day of buckets).
        var pos = buckets.count
        while pos > 0 && buckets[pos - 1].index > index { pos -= 1 }
        if pos > 0 && buckets[pos - 1].index == index {
            buckets[pos - 1].tickets += tickets
            buckets[pos - 1].requesters += requesters
        } else {
            buckets.insert(Bucket(index: index, tickets: tickets, requesters: requesters), at: pos)
        }
    }

    /// Records a report of `requester` at `time`; `newTicket` is false for a further report on a ticket the
    /// cluster already counts.
    public mutating func record(requester: String, at time: Timestamp, newTicket: Bool) {
        let index = Self.bucket(of: time)
        var requesterDelta: Int32 = 1
        if let previous = lastBucketOfRequester[requester] {
            if previous >= index {
                requesterDelta = 0
            } else if let i = buckets.lastIndex(where: { $0.index == previous }) {
                buckets[i].requesters -= 1
            }
        }
        if requesterDelta == 1 { lastBucketOfRequester[requester] = index }
        add(at: index, tickets: newTicket ? 1 : 0, requesters: requesterDelta)
        expire(before: index - Self.span)
    }

    /// Removes one ticket counted at `time` (the ticket moved to another cluster).
    public mutating func removeTicket(at time: Timestamp) {
        let index = Self.bucket(of: time)
        if let i = buckets.lastIndex(where: { $0.index == index }), buckets[i].tickets > 0 { buckets[i].tickets -= 1 }
    }

    private mutating func expire(before oldest: Int64) {
        if let first = buckets.first, first.index <= oldest {
            buckets.removeAll { $0.index <= oldest }
        }
        // Requesters whose mark has expired no longer matter; drop them when the table has doubled.
        if lastBucketOfRequester.count >= pruneAt {
            lastBucketOfRequester = lastBucketOfRequester.filter { $0.value > oldest }
            pruneAt = max(64, lastBucketOfRequester.count * 2)
        }
    }

    /// Folds `other` (a merged cluster) into this counter; a requester seen in both counts once.
    public mutating func absorb(_ other: WindowCounter) {
        for b in other.buckets { add(at: b.index, tickets: b.tickets, requesters: b.requesters) }
        for (requester, theirs) in other.lastBucketOfRequester.sorted(by: { $0.key < $1.key }) {
            if let ours = lastBucketOfRequester[requester] {
                let older = min(ours, theirs)
                if let i = buckets.lastIndex(where: { $0.index == older }), buckets[i].requesters > 0 {
                    buckets[i].requesters -= 1
                }
                lastBucketOfRequester[requester] = max(ours, theirs)
            } else {
                lastBucketOfRequester[requester] = theirs
            }
        }
        if let last = buckets.last { expire(before: last.index - Self.span) }
    }

    /// Tickets and distinct requesters in the window of length `window` ending at `now` (the bucket holding
    /// `now` and the preceding ones, `window / 5 min` buckets in all).
    public func counts(in window: Timestamp.Duration, now: Timestamp) -> (tickets: Int, requesters: Int) {
        let current = Self.bucket(of: now)
        let n = max(1, window.milliseconds / Self.bucketWidth.milliseconds)
        var tickets = 0
        var requesters = 0
        for b in buckets.reversed() {
            if b.index > current { continue }
            if b.index <= current - n { break }
            tickets += Int(b.tickets)
            requesters += Int(b.requesters)
        }
        return (tickets, requesters)
    }
}
