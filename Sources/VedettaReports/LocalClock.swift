import VedettaCore

/// Local wall-clock arithmetic for a period, fast enough for a million events: the summer-time boundaries of
/// the years involved are computed once instead of per event.
struct LocalClock: Sendable {
    let zone: ZoneRule
    private let transitions: [(start: Int64, end: Int64)]
    private let firstYear: Int

    init(zone: ZoneRule, from: Timestamp, to: Timestamp) {
        self.zone = zone
        let y0 = CivilDate.parts(of: from, offsetMinutes: 0).year - 1
        let y1 = CivilDate.parts(of: to, offsetMinutes: 0).year + 1
        firstYear = y0
        transitions = (y0...max(y0, y1)).map { year in
            let (s, e) = ZoneRule.euSummerTime(year: year)
            return (s * 1000, e * 1000)
        }
    }

    /// Offset in minutes at `ms` (UTC milliseconds).
    func offsetMinutes(_ ms: Int64) -> Int {
        guard zone.observesEUSummerTime else { return zone.standardOffsetMinutes }
        for window in transitions where ms >= window.start && ms < window.end {
            return zone.standardOffsetMinutes + 60
        }
        if ms < transitions.first!.start || ms >= transitions.last!.end {
            return zone.offsetMinutes(at: Timestamp(milliseconds: ms))
        }
        return zone.standardOffsetMinutes
    }

    /// Local day number, hour of day and weekday (0 = Monday) of `ms`.
    func local(_ ms: Int64) -> (day: Int, hour: Int, weekday: Int) {
        let local = ms + Int64(offsetMinutes(ms)) * 60_000
        var day = local / 86_400_000
        var rem = local % 86_400_000
        if rem < 0 { rem += 86_400_000; day -= 1 }
        let d = Int(day)
        return (d, Int(rem / 3_600_000), ((d % 7) + 7 + 3) % 7)
    }

    /// `2026-03-02 08:15` in the zone.
    static func format(_ t: Timestamp, zone: ZoneRule, seconds: Bool = false) -> String {
        let p = zone.localParts(of: t)
        var s = CivilDate.pad(p.year, 4) + "-" + CivilDate.pad(p.month, 2) + "-" + CivilDate.pad(p.day, 2) + " "
            + CivilDate.pad(p.hour, 2) + ":" + CivilDate.pad(p.minute, 2)
        if seconds { s += ":" + CivilDate.pad(p.second, 2) }
        return s
    }

    /// `2026-03-02` of a local day number.
    static func date(localDay: Int) -> String {
        let (y, m, d) = CivilDate.civilFromDays(localDay)
        return CivilDate.pad(y, 4) + "-" + CivilDate.pad(m, 2) + "-" + CivilDate.pad(d, 2)
    }
}
