import VedettaCore

extension Timestamp {
    private static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The RFC 5322 §3.3 date-time of this instant in UTC, e.g. `Mon, 02 Mar 2026 08:15:00 +0000`.
    ///
    /// UTC rather than local time keeps rendering independent of the machine's zone; every mail reader shows
    /// the reader's own local time anyway.
    public var rfc5322: String {
        let p = CivilDate.parts(of: self, offsetMinutes: 0)
        return Self.weekdayNames[p.weekday] + ", " + CivilDate.pad(p.day, 2) + " " + Self.monthNames[p.month - 1]
            + " " + CivilDate.pad(p.year, 4) + " " + CivilDate.pad(p.hour, 2) + ":" + CivilDate.pad(p.minute, 2)
            + ":" + CivilDate.pad(p.second, 2) + " +0000"
    }
}
