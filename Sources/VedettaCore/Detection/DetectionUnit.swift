/// One thing whose demand is tested: a cluster, the new clusters of a service, a whole service, or a source.
struct DetectionUnit: Sendable, Codable, Hashable {
    /// Distinct requesters in each detection window (shortest first).
    var windows: DistinctWindow
    var level: RateLevel
    var lastSeen: Timestamp
    /// Whether an open incident covers the unit (its burst is clamped out of the level).
    var covered = false

    init(windows: [Timestamp.Duration], prior: Double, at: Timestamp) {
        self.windows = DistinctWindow(lengths: windows)
        self.level = RateLevel(prior: prior)
        self.lastSeen = at
    }

    // The readers below are `mutating` only so that a unit stored in a dictionary is read through a modify
    // access, in place: a plain read copies the unit out, retaining (and then releasing) every buffer of its
    // windows, several times per report.

    /// The level and the distinct requesters of every window (shortest first).
    mutating func readCounts() -> (level: Double, counts: [Int]) { (level.level, windows.distinctCounts) }

    /// The level.
    mutating func readLevel() -> Double { level.level }

    /// Distinct requesters window `index` would hold once advanced to `t` (nothing expires).
    mutating func readDistinct(_ index: Int, at t: Timestamp) -> Int { windows.distinct(index, at: t) }

    /// Records a requester; returns whether it is new in the longest window.
    @discardableResult
    mutating func record(_ requester: UInt64, at t: Timestamp, hour: Int64, factor: (Int64) -> Double) -> Bool {
        let isNew = !windows.contains(requester)
        if isNew {
            level.count(absoluteHour: hour, factor: factor, clamp: covered ? level.level : nil)
        } else {
            level.roll(to: hour, factor: factor, clamp: covered ? level.level : nil)
        }
        windows.add(requester, at: t)
        if t > lastSeen { lastSeen = t }
        return isNew
    }
}

/// The outcome of a count test on a unit.
struct UnitTest: Sendable, Hashable {
    var significant: Bool
    var pValue: Double
    var observed: Int
    var expected: Double
    var window: Timestamp.Duration
    /// Distinct requesters in the 1 h window and its expectation (for growth figures).
    var observed1h: Int
    var expected1h: Double
}
