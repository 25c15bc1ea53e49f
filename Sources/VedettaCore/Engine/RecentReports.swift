/// A service's reports of the last detection window, with whether each used emerging words: a unit that fires
/// takes its earlier reports from here.
///
/// The live reports are `observations[head...]`; expired ones move `head`, and the arrays are compacted only
/// when the dead prefix is as long as the rest (O(1) amortised instead of a shift per report). At most 4,096
/// live reports are kept per service.
struct RecentReports: Sendable, Codable {
    private(set) var observations: [Observation] = []
    private(set) var young: [Bool] = []
    private(set) var head = 0

    mutating func append(_ o: Observation, young isYoung: Bool, horizon: Timestamp.Duration) {
        observations.append(o)
        young.append(isYoung)
        let count = observations.count - head
        guard count > 4096 || o.at.since(observations[head].at) > horizon else { return }
        var cut = head
        while cut < observations.count, o.at.since(observations[cut].at) > horizon { cut += 1 }
        let drop = max(cut - head, count - 4096)
        guard drop > 0 else { return }
        let newHead = head + drop
        if newHead >= 256, newHead * 2 >= observations.count {
            observations.removeFirst(newHead)
            young.removeFirst(min(newHead, young.count))
            head = 0
        } else {
            head = newHead
        }
    }
}
