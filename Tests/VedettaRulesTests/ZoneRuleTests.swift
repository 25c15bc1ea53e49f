import Testing
import VedettaCore

@Suite("Zone rules")
struct ZoneRuleTests {
    static func t(_ s: String) -> Timestamp { Timestamp(rfc3339: s)! }

    @Test("EU summer time boundaries", arguments: [
        (2026, "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"),
        (2025, "2025-03-30T01:00:00Z", "2025-10-26T01:00:00Z"),
        (2024, "2024-03-31T01:00:00Z", "2024-10-27T01:00:00Z"),
        (2027, "2027-03-28T01:00:00Z", "2027-10-31T01:00:00Z"),
    ])
    func boundaries(_ year: Int, _ start: String, _ end: String) {
        let (s, e) = ZoneRule.euSummerTime(year: year)
        #expect(Timestamp(seconds: s) == Self.t(start))
        #expect(Timestamp(seconds: e) == Self.t(end))
    }

    @Test("Rome offsets around the changes", arguments: [
        ("2026-03-29T00:59:59Z", 60), ("2026-03-29T01:00:00Z", 120), ("2026-10-25T00:59:59Z", 120),
        ("2026-10-25T01:00:00Z", 60), ("2026-07-01T12:00:00Z", 120), ("2026-01-15T12:00:00Z", 60),
    ])
    func offsets(_ instant: String, _ minutes: Int) {
        #expect(ZoneRule.rome.offsetMinutes(at: Self.t(instant)) == minutes)
    }

    @Test("local parts in Rome")
    func localParts() {
        let p = ZoneRule.rome.localParts(of: Self.t("2026-03-29T01:30:00Z"))
        #expect((p.year, p.month, p.day, p.hour, p.minute, p.weekday) == (2026, 3, 29, 3, 30, 6))
        let q = ZoneRule.rome.localParts(of: Self.t("2026-12-31T23:30:00Z"))
        #expect((q.year, q.month, q.day, q.hour) == (2027, 1, 1, 0))
    }

    @Test("local to instant: normal, skipped and repeated times")
    func instants() {
        let rome = ZoneRule.rome
        #expect(rome.instant(year: 2026, month: 1, day: 10, hour: 9) == Self.t("2026-01-10T08:00:00Z"))
        #expect(rome.instant(year: 2026, month: 7, day: 10, hour: 9) == Self.t("2026-07-10T07:00:00Z"))
        // 02:30 does not exist on 29 March 2026: read with the standard offset, i.e. 03:30 summer time.
        #expect(rome.instant(year: 2026, month: 3, day: 29, hour: 2, minute: 30) == Self.t("2026-03-29T01:30:00Z"))
        // 02:30 happens twice on 25 October 2026: the first (summer time) is taken.
        #expect(rome.instant(year: 2026, month: 10, day: 25, hour: 2, minute: 30) == Self.t("2026-10-25T00:30:00Z"))
        #expect(rome.instant(year: 2026, month: 10, day: 25, hour: 3) == Self.t("2026-10-25T02:00:00Z"))
    }

    @Test("identifiers", arguments: [
        ("UTC", 0, false), ("Europe/Rome", 60, true), ("Europe/London", 0, true), ("Europe/Athens", 120, true),
        ("+01:00", 60, false), ("-05:30", -330, false), ("UTC+2", 120, false), ("+0530", 330, false),
    ])
    func identifiers(_ id: String, _ offset: Int, _ dst: Bool) throws {
        let z = try #require(ZoneRule(identifier: id))
        #expect(z.standardOffsetMinutes == offset)
        #expect(z.observesEUSummerTime == dst)
        #expect(z.identifier == id)
    }

    @Test("unknown identifiers", arguments: ["Europe/Roma", "CEST", "America/New_York", "+25:00", "+1:00", "", "UTC+"])
    func unknown(_ id: String) {
        #expect(ZoneRule(identifier: id) == nil)
    }

    @Test("durations", arguments: [
        ("15m", Int64(900_000)), ("1h", 3_600_000), ("2d", 172_800_000), ("1h30m", 5_400_000), ("30s", 30_000), ("1w", 604_800_000),
    ])
    func durations(_ text: String, _ ms: Int64) throws {
        let d = try #require(Timestamp.Duration(ruleText: text))
        #expect(d.milliseconds == ms)
        #expect(Timestamp.Duration(ruleText: d.ruleText) == d)
    }

    @Test("bad durations", arguments: ["", "15", "m", "1x", "1 h", "1.5h", "-1h", "1h30", "h1"])
    func badDurations(_ text: String) {
        #expect(Timestamp.Duration(ruleText: text) == nil)
    }
}
