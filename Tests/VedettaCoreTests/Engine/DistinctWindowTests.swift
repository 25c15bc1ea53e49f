import Testing
@testable import VedettaCore

/// Reading a window "as of" a later time must agree with advancing a copy to that time (the load factor relies
/// on it to avoid copying every service's windows).
@Suite struct DistinctWindowTests {
    @Test(arguments: [0, 10, 29, 30, 31, 45, 59, 60, 61, 90, 200])
    func distinctAtMatchesAdvancing(minutes: Int) {
        var window = DistinctWindow(length: .minutes(60))
        let start = Timestamp(milliseconds: 1_700_000_000_000)
        let requesters = ["a", "b", "a", "c", "b", "a", "d", "c"]
        for (i, r) in requesters.enumerated() { window.add(r, at: start.adding(.minutes(Int64(i) * 5))) }
        let later = start.adding(.minutes(35 + Int64(minutes)))
        var advanced = window
        advanced.advance(to: later)
        #expect(window.distinct(at: later) == advanced.distinct)
        #expect(window.distinct == 4, "reading as of a later time leaves the window untouched")
    }
}
