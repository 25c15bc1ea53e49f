/// A time zone the pure core can compute without Foundation or a tz database: UTC, fixed offsets, and the
/// European Union zones with the EU summer-time rule.
///
/// EU rule (Directive 2000/84/EC): summer time from the last Sunday of March at 01:00 UTC to the last Sunday of
/// October at 01:00 UTC, one hour ahead of standard time. It holds for every year since 1996, which covers any
/// ticket history Vedetta will see.
public struct ZoneRule: Hashable, Sendable, CustomStringConvertible {
    /// The identifier as written in the rules, e.g. `Europe/Rome`, `UTC`, `+02:00`.
    public let identifier: String
    /// Offset from UTC in standard time, in minutes.
    public let standardOffsetMinutes: Int
    /// Whether the EU summer-time rule applies.
    public let observesEUSummerTime: Bool

    /// Europe/Rome, the institution's zone.
    public static let rome = ZoneRule(identifier: "Europe/Rome", standardOffsetMinutes: 60, observesEUSummerTime: true)
    /// UTC.
    public static let utc = ZoneRule(identifier: "UTC", standardOffsetMinutes: 0, observesEUSummerTime: false)

    private init(identifier: String, standardOffsetMinutes: Int, observesEUSummerTime: Bool) {
        self.identifier = identifier
        self.standardOffsetMinutes = standardOffsetMinutes
        self.observesEUSummerTime = observesEUSummerTime
    }

    /// EU zones by standard offset (minutes). Only zones whose rules are exactly "EU rule since 1996" belong here.
    static let euZones: [String: Int] = {
        var zones: [String: Int] = [:]
        for name in ["London", "Dublin", "Lisbon"] { zones["Europe/" + name] = 0 }
        zones["Atlantic/Canary"] = 0
        zones["Atlantic/Madeira"] = 0
        for name in [
            "Rome", "Vatican", "San_Marino", "Malta", "Paris", "Berlin", "Madrid", "Vienna", "Brussels", "Amsterdam",
            "Luxembourg", "Zurich", "Prague", "Bratislava", "Budapest", "Warsaw", "Ljubljana", "Zagreb",
            "Copenhagen", "Stockholm", "Oslo", "Monaco", "Andorra", "Belgrade", "Sarajevo", "Skopje", "Podgorica",
            "Tirane", "Gibraltar",
        ] { zones["Europe/" + name] = 60 }
        for name in ["Athens", "Helsinki", "Bucharest", "Sofia", "Riga", "Tallinn", "Vilnius"] {
            zones["Europe/" + name] = 120
        }
        zones["Asia/Nicosia"] = 120
        zones["CET"] = 60
        zones["EET"] = 120
        zones["WET"] = 0
        return zones
    }()

    /// Every named zone this type knows (sorted), for did-you-mean suggestions.
    public static var knownIdentifiers: [String] {
        (Array(euZones.keys) + ["UTC", "Etc/UTC", "GMT"]).sorted()
    }

    /// Parses a zone identifier: `UTC`/`Etc/UTC`/`GMT`/`Z`, a fixed offset (`+01:00`, `-0530`, `UTC+2`,
    /// `UTC+01:00`), or a known EU zone such as `Europe/Rome`. Returns nil for anything else.
    public init?(identifier: String) {
        if ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z"].contains(identifier) {
            self.init(identifier: identifier, standardOffsetMinutes: 0, observesEUSummerTime: false)
            return
        }
        if let std = ZoneRule.euZones[identifier] {
            self.init(identifier: identifier, standardOffsetMinutes: std, observesEUSummerTime: true)
            return
        }
        var rest = Substring(identifier)
        if rest.hasPrefix("UTC") { rest = rest.dropFirst(3) } else if rest.hasPrefix("GMT") { rest = rest.dropFirst(3) }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        rest = rest.dropFirst()
        let hours: Int
        let minutes: Int
        let digits = rest.filter { $0 != ":" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), rest.filter({ $0 == ":" }).count <= 1 else { return nil }
        switch digits.count {
        case 1, 2:
            guard !rest.contains(":") else { return nil }
            hours = Int(digits) ?? 99
            minutes = 0
        case 4:
            if rest.contains(":") && rest.firstIndex(of: ":") != rest.index(rest.startIndex, offsetBy: 2) { return nil }
            hours = Int(digits.prefix(2)) ?? 99
            minutes = Int(digits.suffix(2)) ?? 99
        default:
            return nil
        }
        guard hours <= 14, minutes < 60 else { return nil }
        let offset = (hours * 60 + minutes) * (sign == "-" ? -1 : 1)
        self.init(identifier: identifier, standardOffsetMinutes: offset, observesEUSummerTime: false)
    }

    /// The identifier.
    public var description: String { identifier }

    /// Start and end of EU summer time in `year`, as UTC seconds since the epoch.
    public static func euSummerTime(year: Int) -> (start: Int64, end: Int64) {
        let start = lastSunday(year: year, month: 3)
        let end = lastSunday(year: year, month: 10)
        return (Int64(start) * 86_400 + 3600, Int64(end) * 86_400 + 3600)
    }

    /// Day count (since 1970-01-01) of the last Sunday of a month.
    static func lastSunday(year: Int, month: Int) -> Int {
        let last = CivilDate.daysFromCivil(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))
        let weekday = ((last % 7) + 7 + 3) % 7  // 0 = Monday … 6 = Sunday
        return last - (weekday + 1) % 7
    }

    /// Offset from UTC in minutes at instant `t`.
    public func offsetMinutes(at t: Timestamp) -> Int {
        guard observesEUSummerTime else { return standardOffsetMinutes }
        let utcYear = CivilDate.parts(of: t, offsetMinutes: 0).year
        let (start, end) = ZoneRule.euSummerTime(year: utcYear)
        let seconds = t.milliseconds >= 0 ? t.milliseconds / 1000 : (t.milliseconds - 999) / 1000
        return seconds >= start && seconds < end ? standardOffsetMinutes + 60 : standardOffsetMinutes
    }

    /// The wall-clock fields of `t` in this zone.
    public func localParts(of t: Timestamp) -> CivilDate {
        CivilDate.parts(of: t, offsetMinutes: offsetMinutes(at: t))
    }

    /// The instant at which the wall clock of this zone shows the given fields.
    ///
    /// A time skipped by the spring change (02:30 in Rome on the last Sunday of March) is read with the standard
    /// offset, which lands just after the gap (03:30 summer time): a maintenance window set at 02:30 still opens
    /// that night. A time repeated by the autumn change is read as its first occurrence (summer time), so a
    /// window starting at 02:30 opens as early as it can.
    public func instant(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Timestamp {
        let days = Int64(CivilDate.daysFromCivil(year: year, month: month, day: day))
        let localSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        guard observesEUSummerTime else {
            return Timestamp(seconds: localSeconds - Int64(standardOffsetMinutes) * 60)
        }
        let summer = Timestamp(seconds: localSeconds - Int64(standardOffsetMinutes + 60) * 60)
        if offsetMinutes(at: summer) == standardOffsetMinutes + 60 { return summer }
        return Timestamp(seconds: localSeconds - Int64(standardOffsetMinutes) * 60)
    }

    /// The instant at which the local day `days` (since 1970-01-01) shows `time`.
    public func instant(day days: Int, at time: LocalTime) -> Timestamp {
        let (y, m, d) = CivilDate.civilFromDays(days)
        return instant(year: y, month: m, day: d, hour: time.hour, minute: time.minute)
    }

    /// The local day number (days since 1970-01-01 on this zone's calendar) of `t`.
    public func localDay(of t: Timestamp) -> Int {
        let p = localParts(of: t)
        return CivilDate.daysFromCivil(year: p.year, month: p.month, day: p.day)
    }
}
