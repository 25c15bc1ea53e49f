/// An expected rise of traffic (`rules/calendar.yaml`), e.g. the rush before a filing deadline: during it the
/// expected volume of its services is multiplied by `factor`, so a rush is not mistaken for a failure.
public struct CalendarPeak: Hashable, Sendable {
    /// When the peak happens, on the local calendar of `zone`.
    public enum Span: Hashable, Sendable {
        /// Once, from an instant to another (end exclusive).
        case once(from: Timestamp, to: Timestamp)
        /// Every year between two month-day pairs, both days included; may wrap the new year (Dec 20 – Jan 6).
        case yearly(fromMonth: Int, fromDay: Int, toMonth: Int, toDay: Int)
        /// Every month between two days, both included; negative days count from the end (-1 = last day), and
        /// the range may wrap the month end (from -2 to 3).
        case monthly(fromDay: Int, toDay: Int)
    }

    /// Stable id.
    public var id: String
    /// Ids of the services whose expected volume rises.
    public var services: [String]
    /// When.
    public var span: Span
    /// Multiplier of the expected volume (> 0; 3 means three times the usual flow).
    public var factor: Double
    /// Zone of the calendar dates.
    public var zone: ZoneRule

    /// Creates a peak.
    public init(id: String, services: [String], span: Span, factor: Double, zone: ZoneRule = .rome) {
        self.id = id
        self.services = services
        self.span = span
        self.factor = factor
        self.zone = zone
    }

    /// Whether `t` falls inside the peak.
    public func contains(_ t: Timestamp) -> Bool {
        switch span {
        case let .once(from, to):
            return t >= from && t < to
        case let .yearly(fm, fd, tm, td):
            let p = zone.localParts(of: t)
            let md = p.month * 100 + p.day
            let lo = fm * 100 + fd
            let hi = tm * 100 + td
            return lo <= hi ? (md >= lo && md <= hi) : (md >= lo || md <= hi)
        case let .monthly(fromDay, toDay):
            let p = zone.localParts(of: t)
            let dim = CivilDate.daysInMonth(year: p.year, month: p.month)
            func resolve(_ d: Int) -> Int { d < 0 ? dim + 1 + d : min(d, dim) }
            let lo = resolve(fromDay)
            let hi = resolve(toDay)
            return lo <= hi ? (p.day >= lo && p.day <= hi) : (p.day >= lo || p.day <= hi)
        }
    }
}
