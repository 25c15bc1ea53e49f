/// How far after its arrival an event may be stamped.
///
/// Engine time is event time: the latest `at` seen moves it. One event stamped decades ahead (a year typed
/// 2062, a clock or time zone set wrong at the source) would move it there for good: every quiet hold expires
/// at once, every window and profile ages decades, and the real events after it all arrive "late". Replaying the
/// demo stream with one such event raised five false alerts. Ingest therefore refuses an event stamped more than
/// `maxAhead` after it arrived, as a line error naming the `at` field (the spool keeps the line in `failed/`,
/// HTTP answers with it), so the source can be fixed and the event sent again.
public struct ArrivalWindow: Sendable, Equatable {
    /// The most an event's `at` may lie after its arrival.
    public var maxAhead: Timestamp.Duration

    /// One hour: clocks drift by seconds, a misread time zone by an hour or two, a wrong year by far more.
    public static let standard = ArrivalWindow(maxAhead: .hours(1))

    /// A window accepting events stamped up to `maxAhead` after their arrival.
    public init(maxAhead: Timestamp.Duration) {
        self.maxAhead = maxAhead
    }

    /// Nil when `event` may be taken at `receivedAt`; else the error for line `line` of `source`.
    public func check(_ event: TicketEvent, receivedAt: Timestamp, source: String, line: Int) -> EventParseError? {
        let ahead = event.at.since(receivedAt)
        guard ahead.milliseconds > maxAhead.milliseconds else { return nil }
        return EventParseError(
            source: source, line: line, field: "at",
            reason: "\(event.at) is \(Self.describe(ahead)) after the event arrived (\(receivedAt)); at most "
                + "\(Self.describe(maxAhead)) ahead is accepted (a wrong year, clock or time zone at the source?)")
    }

    /// `3 min`, `5 h`, `12 days`, `35 years`: the largest unit that gives at least one.
    static func describe(_ duration: Timestamp.Duration) -> String {
        let minutes = duration.milliseconds / 60_000
        if minutes < 120 { return "\(minutes) min" }
        if minutes < 2 * 1440 { return "\(minutes / 60) h" }
        if minutes < 730 * 1440 { return "\(minutes / 1440) days" }
        return "\(minutes / (365 * 1440)) years"
    }
}
