import Testing
@testable import VedettaCore

/// The nested windows against a plain model: a window holds the keys whose latest observation (late ones
/// counted at the latest time seen) is inside it.
@Suite struct DistinctWindowTests {
    static let lengths: [Timestamp.Duration] = [.minutes(15), .hours(1), .hours(4)]
    static let start = Timestamp(milliseconds: 1_700_000_000_000)

    /// Reading a window "as of" a later time must agree with advancing a copy to that time (the load factor
    /// relies on it to avoid copying every service's windows).
    @Test(arguments: [0, 10, 29, 30, 31, 45, 59, 60, 61, 90, 200])
    func distinctAtMatchesAdvancing(minutes: Int) {
        var window = DistinctWindow(lengths: Self.lengths)
        let requesters = ["a", "b", "a", "c", "b", "a", "d", "c"]
        for (i, r) in requesters.enumerated() {
            window.add(DistinctWindow.key(r), at: Self.start.adding(.minutes(Int64(i) * 5)))
        }
        let later = Self.start.adding(.minutes(35 + Int64(minutes)))
        var advanced = window
        advanced.advance(to: later)
        for w in Self.lengths.indices { #expect(window.distinct(w, at: later) == advanced.distinct(w)) }
        #expect(window.distinctCounts == [3, 4, 4], "reading as of a later time leaves the window untouched")
    }

    /// Random streams (some observations late, some far too late, long quiet gaps that force compaction)
    /// against a dictionary of latest times.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func matchesPlainModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var window = DistinctWindow(lengths: Self.lengths)
        var latestTime: [String: Int64] = [:]
        var clock = Self.start.milliseconds
        var newest = Int64.min
        for step in 0..<20_000 {
            let roll = random.next() % 100
            clock += roll < 2 ? Int64(random.next() % 18_000_000) : Int64(random.next() % 40_000)
            var t = clock
            if roll >= 90 { t -= Int64(random.next() % 20_000_000) }  // late, sometimes beyond the 4 h window
            let key = "r\(random.next() % 600)"
            let wasNew = window.add(DistinctWindow.key(key), at: Timestamp(milliseconds: t))
            // The model: too late is ignored, late counts at the newest time.
            if newest != .min, t <= newest - Self.lengths[2].milliseconds {
                #expect(!wasNew)
            } else {
                let effective = max(t, newest)
                let known = latestTime[key].map { $0 > effective - Self.lengths[2].milliseconds } ?? false
                #expect(wasNew == !known, "step \(step)")
                latestTime[key] = effective
                newest = effective
            }
            if step % 97 == 0 {
                for (w, length) in Self.lengths.enumerated() {
                    let expected = latestTime.values.filter { $0 > newest - length.milliseconds }.count
                    #expect(window.distinct(w) == expected, "step \(step), window \(w)")
                }
            }
        }
    }

    /// A key seen again moves forward: it stays counted in the short window only from its latest observation.
    @Test func repeatedKeyMovesForward() {
        var window = DistinctWindow(lengths: Self.lengths)
        let a = DistinctWindow.key("a")
        let first = window.add(a, at: Self.start)
        let again = window.add(a, at: Self.start.adding(.minutes(10)))
        #expect(first && !again)
        window.advance(to: Self.start.adding(.minutes(20)))
        #expect(window.distinctCounts == [1, 1, 1])
        window.advance(to: Self.start.adding(.minutes(26)))
        #expect(window.distinctCounts == [0, 1, 1])
        window.advance(to: Self.start.adding(.minutes(250)))
        #expect(window.distinctCounts == [0, 0, 0])
        #expect(!window.contains(a))
    }
}
