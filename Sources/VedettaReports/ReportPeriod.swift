import VedettaCore

/// The span a report covers: `[from, to)` in event time, with the local calendar it was cut on.
public struct ReportPeriod: Hashable, Sendable, Codable {
    /// How the period was chosen.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// One local day (hourly series).
        case day
        /// Monday to Sunday, local.
        case week
        /// One calendar month, local.
        case month
        /// Any `[from, to)` (daily series, hourly when two days or shorter).
        case custom
    }

    /// Kind.
    public var kind: Kind
    /// Start, inclusive.
    public var from: Timestamp
    /// End, exclusive.
    public var to: Timestamp
    /// Zone identifier of the local calendar (e.g. `Europe/Rome`).
    public var zone: String

    /// Creates a period; `zone` must be an identifier `ZoneRule` understands.
    public init(kind: Kind, from: Timestamp, to: Timestamp, zone: ZoneRule = .rome) {
        self.kind = kind
        self.from = from
        self.to = to
        self.zone = zone.identifier
    }

    /// The zone rule (Europe/Rome if the stored identifier is unknown, which `init` prevents).
    public var zoneRule: ZoneRule { ZoneRule(identifier: zone) ?? .rome }

    /// The local day (days since 1970-01-01) containing `t`, as a day period.
    public static func day(containing t: Timestamp, zone: ZoneRule = .rome) -> ReportPeriod {
        day(localDay: zone.localDay(of: t), zone: zone)
    }

    /// The local day `localDay` as a period.
    public static func day(localDay: Int, zone: ZoneRule = .rome) -> ReportPeriod {
        ReportPeriod(kind: .day, from: zone.instant(day: localDay, at: LocalTime(hour: 0, minute: 0)),
                     to: zone.instant(day: localDay + 1, at: LocalTime(hour: 0, minute: 0)), zone: zone)
    }

    /// The Monday-to-Sunday week containing `t`.
    public static func week(containing t: Timestamp, zone: ZoneRule = .rome) -> ReportPeriod {
        let day = zone.localDay(of: t)
        let monday = day - (((day % 7) + 7 + 3) % 7)
        return ReportPeriod(kind: .week, from: zone.instant(day: monday, at: LocalTime(hour: 0, minute: 0)),
                            to: zone.instant(day: monday + 7, at: LocalTime(hour: 0, minute: 0)), zone: zone)
    }

    /// The calendar month containing `t`.
    public static func month(containing t: Timestamp, zone: ZoneRule = .rome) -> ReportPeriod {
        let p = zone.localParts(of: t)
        let next = p.month == 12 ? (p.year + 1, 1) : (p.year, p.month + 1)
        return ReportPeriod(kind: .month, from: zone.instant(year: p.year, month: p.month, day: 1),
                            to: zone.instant(year: next.0, month: next.1, day: 1), zone: zone)
    }

    /// The period of the same kind just before this one (same length for `custom`), for trends.
    public var previous: ReportPeriod {
        let zone = zoneRule
        switch kind {
        case .day: return ReportPeriod.day(localDay: zone.localDay(of: from) - 1, zone: zone)
        case .week: return ReportPeriod.week(containing: from.adding(.hours(-12)), zone: zone)
        case .month: return ReportPeriod.month(containing: from.adding(.hours(-12)), zone: zone)
        case .custom: return ReportPeriod(kind: .custom, from: from.adding(from.since(to)), to: from, zone: zone)
        }
    }

    /// Whether the time series is hourly (a day or less than two days) rather than daily.
    public var isHourly: Bool { kind == .day || (kind == .custom && to.since(from) <= .hours(48)) }

    /// A short name: `2026-03-02`, `2026-W10`, `2026-03`, or `2026-03-02–2026-03-05`.
    public var name: String {
        let zone = zoneRule
        let start = zone.localParts(of: from)
        let date = CivilDate.pad(start.year, 4) + "-" + CivilDate.pad(start.month, 2) + "-" + CivilDate.pad(start.day, 2)
        switch kind {
        case .day: return date
        case .month: return CivilDate.pad(start.year, 4) + "-" + CivilDate.pad(start.month, 2)
        case .week:
            let (year, week) = ReportPeriod.isoWeek(localDay: zone.localDay(of: from))
            return CivilDate.pad(year, 4) + "-W" + CivilDate.pad(week, 2)
        case .custom:
            let end = zone.localParts(of: to.adding(Timestamp.Duration(milliseconds: -1)))
            return date + "–" + CivilDate.pad(end.year, 4) + "-" + CivilDate.pad(end.month, 2) + "-"
                + CivilDate.pad(end.day, 2)
        }
    }

    /// ISO 8601 week-numbering year and week of a local day.
    public static func isoWeek(localDay day: Int) -> (year: Int, week: Int) {
        let weekday = ((day % 7) + 7 + 3) % 7
        let thursday = day - weekday + 3
        let year = CivilDate.civilFromDays(thursday).year
        let jan1 = CivilDate.daysFromCivil(year: year, month: 1, day: 1)
        return (year, (thursday - jan1) / 7 + 1)
    }
}
