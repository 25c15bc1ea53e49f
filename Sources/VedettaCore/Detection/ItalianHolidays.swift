/// Italian national public holidays: offices are closed, so a silent source on those days is expected.
public enum ItalianHolidays {
    /// Whether the civil date is a national holiday (fixed dates, Easter Sunday and Easter Monday).
    public static func isHoliday(year: Int, month: Int, day: Int) -> Bool {
        let fixed: [(Int, Int)] = [(1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)]
        if fixed.contains(where: { $0.0 == month && $0.1 == day }) { return true }
        let easter = easterSunday(year: year)
        let easterDays = CivilDate.daysFromCivil(year: year, month: easter.month, day: easter.day)
        let today = CivilDate.daysFromCivil(year: year, month: month, day: day)
        return today == easterDays || today == easterDays + 1
    }

    /// Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm).
    public static func easterSunday(year: Int) -> (month: Int, day: Int) {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return (month, day)
    }
}
