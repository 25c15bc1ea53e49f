extension Timestamp {
    /// Parses an RFC 3339 date-time with a mandatory offset (`Z` or `±hh:mm`), optional fractional seconds.
    ///
    /// Returns nil for anything else, including a time without an offset: an event time whose zone is unknown
    /// would silently shift by an hour or two, so the contract rejects it.
    public init?(rfc3339 text: String) {
        var utf8 = Array(text.utf8)
        // Trim surrounding ASCII spaces, which CSV exports like to add.
        while let last = utf8.last, last == 0x20 { utf8.removeLast() }
        var start = 0
        while start < utf8.count, utf8[start] == 0x20 { start += 1 }
        guard let value = Timestamp.parseRFC3339(utf8[start...]) else { return nil }
        self = value
    }

    static func parseRFC3339(_ bytes: ArraySlice<UInt8>) -> Timestamp? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func digits(_ n: Int) -> Int? {
            guard end - i >= n else { return nil }
            var value = 0
            for _ in 0..<n {
                let c = bytes[i]
                guard c >= 0x30, c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
                i += 1
            }
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < end, bytes[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else {
            return nil
        }
        guard i < end, bytes[i] == 0x54 || bytes[i] == 0x74 || bytes[i] == 0x20 else { return nil }
        i += 1
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), expect(0x3A), let second = digits(2) else {
            return nil
        }
        var millis = 0
        if i < end, bytes[i] == 0x2E {
            i += 1
            var scale = 100
            var count = 0
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                millis += Int(bytes[i] - 0x30) * scale
                scale /= 10
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
        }
        guard i < end else { return nil }
        var offsetMinutes = 0
        switch bytes[i] {
        case 0x5A, 0x7A:
            i += 1
        case 0x2B, 0x2D:
            let sign = bytes[i] == 0x2D ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(0x3A), let om = digits(2), oh < 24, om < 60 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        default:
            return nil
        }
        guard i == end else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilDate.daysFromCivil(year: year, month: month, day: day)
        let secs = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
            - Int64(offsetMinutes * 60)
        return Timestamp(milliseconds: secs * 1000 + Int64(millis))
    }

    /// RFC 3339 in UTC with millisecond precision.
    public var rfc3339: String {
        let parts = CivilDate.parts(of: self, offsetMinutes: 0)
        return parts.format(millisecond: true, offsetMinutes: 0)
    }

    /// RFC 3339 in UTC with whole seconds and a `Z`, e.g. `2026-03-02T08:15:00Z`.
    public var rfc3339Seconds: String {
        CivilDate.parts(of: self, offsetMinutes: 0).format(millisecond: false, offsetMinutes: 0)
    }

    /// A compact UTC stamp for file names: `20260302T081500Z`.
    public var compactUTC: String {
        let p = CivilDate.parts(of: self, offsetMinutes: 0)
        return CivilDate.pad(p.year, 4) + CivilDate.pad(p.month, 2) + CivilDate.pad(p.day, 2) + "T"
            + CivilDate.pad(p.hour, 2) + CivilDate.pad(p.minute, 2) + CivilDate.pad(p.second, 2) + "Z"
    }
}

/// Proleptic Gregorian calendar arithmetic without Foundation (Howard Hinnant's algorithms), so that the pure
/// core computes hours of week and days exactly and fast.
public struct CivilDate: Hashable, Sendable {
    /// Calendar fields.
    public var year, month, day, hour, minute, second, millisecond: Int
    /// Day of week, 0 = Monday … 6 = Sunday.
    public var weekday: Int

    /// Days since 1970-01-01 of a civil date.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Number of days in a month.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Calendar fields of an instant seen at a fixed UTC offset.
    public static func parts(of t: Timestamp, offsetMinutes: Int) -> CivilDate {
        let local = t.milliseconds + Int64(offsetMinutes) * 60_000
        var days = local / 86_400_000
        var rem = local % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let (y, m, d) = civilFromDays(Int(days))
        let secs = Int(rem / 1000)
        // 1970-01-01 was a Thursday (3 with Monday = 0).
        let weekday = ((Int(days) % 7) + 7 + 3) % 7
        return CivilDate(year: y, month: m, day: d, hour: secs / 3600, minute: (secs % 3600) / 60,
                         second: secs % 60, millisecond: Int(rem % 1000), weekday: weekday)
    }

    /// Zero-padded decimal.
    public static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// RFC 3339 text of these fields at `offsetMinutes`.
    public func format(millisecond withMillis: Bool, offsetMinutes: Int) -> String {
        var s = CivilDate.pad(year, 4) + "-" + CivilDate.pad(month, 2) + "-" + CivilDate.pad(day, 2) + "T"
            + CivilDate.pad(hour, 2) + ":" + CivilDate.pad(minute, 2) + ":" + CivilDate.pad(second, 2)
        if withMillis { s += "." + CivilDate.pad(millisecond, 3) }
        if offsetMinutes == 0 { return s + "Z" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let a = abs(offsetMinutes)
        return s + sign + CivilDate.pad(a / 60, 2) + ":" + CivilDate.pad(a % 60, 2)
    }
}
