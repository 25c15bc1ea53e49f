import VedettaCore

/// Europe/Rome civil time by the EU rule (summer time from the last Sunday of March 01:00 UTC to the last
/// Sunday of October 01:00 UTC, +02:00; otherwise +01:00), implemented here so that the hour-of-day curve and
/// the written offsets need no time-zone database.
public enum RomeTime {
    /// The UTC offset of Rome at `t`, in minutes (60 or 120).
    public static func offsetMinutes(at t: Timestamp) -> Int {
        let year = CivilDate.parts(of: t, offsetMinutes: 0).year
        let start = Timestamp(seconds: Int64(lastSunday(year: year, month: 3)) * 86_400 + 3_600)
        let end = Timestamp(seconds: Int64(lastSunday(year: year, month: 10)) * 86_400 + 3_600)
        return t >= start && t < end ? 120 : 60
    }

    /// Local calendar fields of `t` in Rome.
    public static func local(_ t: Timestamp) -> CivilDate {
        CivilDate.parts(of: t, offsetMinutes: offsetMinutes(at: t))
    }

    /// RFC 3339 text of `t` with Rome's offset, whole seconds, e.g. `2026-02-02T09:15:00+01:00`.
    public static func format(_ t: Timestamp) -> String {
        let offset = offsetMinutes(at: t)
        return CivilDate.parts(of: t, offsetMinutes: offset).format(millisecond: false, offsetMinutes: offset)
    }

    /// The instant of a local wall-clock time in Rome (the skipped spring hour maps forward, the repeated
    /// autumn hour takes its first occurrence).
    public static func instant(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) -> Timestamp {
        let localSeconds = Int64(CivilDate.daysFromCivil(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3_600 + minute * 60)
        let summer = Timestamp(seconds: localSeconds - 7_200)
        if offsetMinutes(at: summer) == 120 { return summer }
        return Timestamp(seconds: localSeconds - 3_600)
    }

    /// Local midnight starting the Rome day that contains `t`.
    public static func startOfDay(_ t: Timestamp) -> Timestamp {
        let p = local(t)
        return instant(year: p.year, month: p.month, day: p.day)
    }

    /// Days since 1970-01-01 of the Rome calendar day containing `t`.
    public static func dayNumber(_ t: Timestamp) -> Int {
        let p = local(t)
        return CivilDate.daysFromCivil(year: p.year, month: p.month, day: p.day)
    }

    static func lastSunday(year: Int, month: Int) -> Int {
        let last = CivilDate.daysFromCivil(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))
        let weekday = ((last % 7) + 7 + 3) % 7  // 0 = Monday
        return last - (weekday + 1) % 7
    }
}

extension Timestamp.Duration {
    /// `n` milliseconds (VedettaCore spells only seconds and larger units).
    static func millis(_ n: Int64) -> Timestamp.Duration { Timestamp.Duration(milliseconds: n) }
}
