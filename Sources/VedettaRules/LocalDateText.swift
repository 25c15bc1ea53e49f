import VedettaCore

/// Parses the instants of `notices.yaml` and `calendar.yaml`: an RFC 3339 time with offset, a local
/// `YYYY-MM-DD HH:MM[:SS]` (or with `T`) in the item's zone, or a local date `YYYY-MM-DD`.
enum LocalDateText {
    /// The instant; a bare date means the start of that day, or with `endOfDay` the start of the next day (so
    /// `to: 2026-02-16` includes the whole of the 16th).
    static func instant(_ text: String, zone: ZoneRule, endOfDay: Bool) -> Timestamp? {
        if let t = Timestamp(rfc3339: text) { return t }
        let chars = Array(text)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            let digits = chars[range]
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(String(digits))
        }
        guard chars.count >= 10, chars[4] == "-", chars[7] == "-", let y = number(0..<4), let m = number(5..<7),
              let d = number(8..<10), (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(year: y, month: m)
        else { return nil }
        if chars.count == 10 {
            let day = CivilDate.daysFromCivil(year: y, month: m, day: d) + (endOfDay ? 1 : 0)
            return zone.instant(day: day, at: LocalTime(hour: 0, minute: 0))
        }
        guard chars.count == 16 || chars.count == 19, chars[10] == "T" || chars[10] == " ", chars[13] == ":",
              let h = number(11..<13), let mi = number(14..<16), h < 24, mi < 60
        else { return nil }
        var s = 0
        if chars.count == 19 {
            guard chars[16] == ":", let sec = number(17..<19), sec < 60 else { return nil }
            s = sec
        }
        return zone.instant(year: y, month: m, day: d, hour: h, minute: mi, second: s)
    }

    /// `MM-DD` (February 29 allowed: it exists in leap years).
    static func monthDay(_ text: String) -> (month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let m = Int(parts[0]), let d = Int(parts[1]), (1...12).contains(m),
              d >= 1, d <= CivilDate.daysInMonth(year: 2000, month: m)
        else { return nil }
        return (m, d)
    }

    /// Weekday names (English and Italian, three letters or full) to 0 = Monday … 6 = Sunday.
    static func weekday(_ text: String) -> Int? {
        let names: [[String]] = [
            ["mon", "monday", "lun", "lunedi", "lunedì"], ["tue", "tuesday", "mar", "martedi", "martedì"],
            ["wed", "wednesday", "mer", "mercoledi", "mercoledì"], ["thu", "thursday", "gio", "giovedi", "giovedì"],
            ["fri", "friday", "ven", "venerdi", "venerdì"], ["sat", "saturday", "sab", "sabato"],
            ["sun", "sunday", "dom", "domenica"],
        ]
        let lower = text.lowercased()
        return names.firstIndex { $0.contains(lower) }
    }
}
