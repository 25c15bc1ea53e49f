import Testing
import VedettaCore

@Suite("Notices")
struct NoticeTests {
    static func t(_ s: String) -> Timestamp { Timestamp(rfc3339: s)! }

    /// Sunday 22:00 to Monday 06:00, Rome time, from 2026-01-04.
    static let sundayNight = Notice(
        id: "rilascio", services: ["durc-online"], kind: .maintenance, from: t("2026-01-03T23:00:00Z"),
        recurrence: .init(frequency: .weekly, weekdays: [6], start: LocalTime(hour: 22, minute: 0), end: LocalTime(hour: 6, minute: 0)),
        zone: .rome, action: .silence)

    @Test("weekly window across midnight", arguments: [
        ("2026-01-11T20:59:59Z", false),  // Sunday 21:59:59 Rome
        ("2026-01-11T21:00:00Z", true),   // Sunday 22:00 Rome
        ("2026-01-11T23:30:00Z", true),   // Monday 00:30 Rome, still Sunday's window
        ("2026-01-12T04:59:59Z", true),   // Monday 05:59:59 Rome
        ("2026-01-12T05:00:00Z", false),  // Monday 06:00 Rome: closed (end exclusive)
        ("2026-01-13T21:30:00Z", false),  // Tuesday night
        ("2026-01-03T21:30:00Z", false),  // Saturday before validity
    ])
    func acrossMidnight(_ instant: String, _ active: Bool) {
        #expect(Self.sundayNight.isActive(at: Self.t(instant)) == active)
    }

    @Test("windows follow the wall clock across DST changes")
    func acrossDST() throws {
        // Sunday 29 March 2026 (spring forward, 02:00 -> 03:00): the window opens 22:00 CEST = 20:00Z and closes
        // Monday 06:00 CEST = 04:00Z.
        let spring = try #require(Self.sundayNight.window(containing: Self.t("2026-03-29T22:00:00Z")))
        #expect(spring == Self.t("2026-03-29T20:00:00Z")..<Self.t("2026-03-30T04:00:00Z"))
        // Sunday 22 March (before the change): 22:00 CET = 21:00Z.
        let before = try #require(Self.sundayNight.window(containing: Self.t("2026-03-22T21:30:00Z")))
        #expect(before.lowerBound == Self.t("2026-03-22T21:00:00Z"))
        // Sunday 25 October (fall back): the window opens 22:00 CET = 21:00Z on the 25th.
        let autumn = try #require(Self.sundayNight.window(containing: Self.t("2026-10-25T21:00:00Z")))
        #expect(autumn == Self.t("2026-10-25T21:00:00Z")..<Self.t("2026-10-26T05:00:00Z"))
        #expect(!Self.sundayNight.isActive(at: Self.t("2026-10-25T20:30:00Z")))
    }

    @Test("a daily night window that spans the spring change is an hour shorter")
    func dailyAcrossChange() throws {
        let nightly = Notice(
            id: "backup", services: ["protocollo"], kind: .maintenance, from: Self.t("2026-03-01T00:00:00Z"),
            recurrence: .init(frequency: .daily, start: LocalTime(hour: 1, minute: 0), end: LocalTime(hour: 4, minute: 0)),
            action: .silence)
        let w = try #require(nightly.window(containing: Self.t("2026-03-29T00:30:00Z")))
        #expect(w.upperBound.since(w.lowerBound) == .hours(2))
        let normal = try #require(nightly.window(containing: Self.t("2026-03-28T00:30:00Z")))
        #expect(normal.upperBound.since(normal.lowerBound) == .hours(3))
        let autumn = try #require(nightly.window(containing: Self.t("2026-10-25T01:30:00Z")))
        #expect(autumn.upperBound.since(autumn.lowerBound) == .hours(4))
    }

    @Test("one-off and open-ended notices")
    func oneOff() {
        let known = Notice(id: "ps", services: ["certificati-medici"], kind: .knownProblem,
                           from: Self.t("2026-03-02T08:00:00Z"), action: .annotate)
        #expect(!known.isActive(at: Self.t("2026-03-02T07:59:59Z")))
        #expect(known.isActive(at: Self.t("2030-01-01T00:00:00Z")))
        let bounded = Notice(id: "nodo", services: ["pagamenti-pagopa"], kind: .maintenance,
                             from: Self.t("2026-04-18T19:00:00Z"), to: Self.t("2026-04-19T00:00:00Z"), action: .annotate)
        #expect(bounded.isActive(at: Self.t("2026-04-18T23:59:59Z")))
        #expect(!bounded.isActive(at: Self.t("2026-04-19T00:00:00Z")))
    }

    @Test("the matcher returns active notices of the service only")
    func matcher() {
        let known = Notice(id: "ps", services: ["certificati-medici", "durc-online"], kind: .knownProblem,
                           from: Self.t("2026-01-01T00:00:00Z"), action: .annotate)
        let m = NoticeMatcher(notices: [Self.sundayNight, known])
        let sundayNight = Self.t("2026-01-11T22:00:00Z")
        #expect(m.active(for: "durc-online", at: sundayNight).map(\.id) == ["rilascio", "ps"])
        #expect(m.active(for: "certificati-medici", at: sundayNight).map(\.id) == ["ps"])
        #expect(m.active(for: "vpn", at: sundayNight).isEmpty)
        #expect(m.silences("durc-online", at: sundayNight))
        #expect(!m.silences("certificati-medici", at: sundayNight))
    }
}

@Suite("Calendar peaks")
struct CalendarPeakTests {
    static func t(_ s: String) -> Timestamp { Timestamp(rfc3339: s)! }

    static let calendar = PeakCalendar(peaks: [
        CalendarPeak(id: "autoliq", services: ["autoliquidazione"], span: .yearly(fromMonth: 2, fromDay: 1, toMonth: 2, toDay: 16), factor: 4),
        CalendarPeak(id: "durc-fine", services: ["durc-online"], span: .monthly(fromDay: -3, toDay: -1), factor: 1.8),
        CalendarPeak(id: "durc-cavallo", services: ["durc-online"], span: .monthly(fromDay: -1, toDay: 2), factor: 2.5),
        CalendarPeak(id: "natale", services: ["vpn"], span: .yearly(fromMonth: 12, fromDay: 20, toMonth: 1, toDay: 6), factor: 0.5),
    ])

    @Test("factors", arguments: [
        ("autoliquidazione", "2026-01-31T22:59:59Z", 1.0),  // 23:59:59 on 31 January, Rome
        ("autoliquidazione", "2026-01-31T23:00:00Z", 4.0),  // 00:00 on 1 February, Rome
        ("autoliquidazione", "2027-02-16T22:59:00Z", 4.0),  // 23:59 on the 16th
        ("autoliquidazione", "2027-02-16T23:00:00Z", 1.0),
        ("durc-online", "2026-02-26T12:00:00Z", 1.8),  // 26 Feb: third-last day of a 28-day month
        ("durc-online", "2026-02-25T12:00:00Z", 1.0),
        ("durc-online", "2026-03-31T12:00:00Z", 2.5),  // both peaks: the larger factor
        ("durc-online", "2026-04-02T12:00:00Z", 2.5),  // wraps the month end
        ("durc-online", "2026-04-03T12:00:00Z", 1.0),
        ("vpn", "2026-12-31T12:00:00Z", 0.5), ("vpn", "2027-01-06T12:00:00Z", 0.5), ("vpn", "2027-01-07T12:00:00Z", 1.0),
        ("vpn", "2026-12-19T12:00:00Z", 1.0), ("sconosciuto", "2026-02-10T12:00:00Z", 1.0),
    ])
    func factors(_ service: String, _ instant: String, _ factor: Double) {
        #expect(Self.calendar.expectedFactor(service: service, at: Self.t(instant)) == factor)
    }
}
