/// A wall-clock time of day (`23:30`), interpreted in some time zone.
public struct LocalTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Hour, 0…23.
    public var hour: Int
    /// Minute, 0…59.
    public var minute: Int

    /// Creates a time of day; the values are not checked (the loader does that).
    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Parses `HH:MM` (hour 0…24; `24:00` means the end of the day).
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m),
              h < 24 || m == 0
        else { return nil }
        self.init(hour: h, minute: m)
    }

    /// Minutes since midnight.
    public var minutesOfDay: Int { hour * 60 + minute }

    /// `HH:MM`.
    public var description: String { CivilDate.pad(hour, 2) + ":" + CivilDate.pad(minute, 2) }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutesOfDay < rhs.minutesOfDay }
}
