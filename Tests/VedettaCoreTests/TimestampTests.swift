import Testing
@testable import VedettaCore

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-03-02T09:15:00+01:00", Int64(1_772_439_300_000)),
        ("2026-03-02T08:15:00Z", Int64(1_772_439_300_000)),
        ("2026-03-02T08:15:00.250Z", Int64(1_772_439_300_250)),
        ("1970-01-01T00:00:00Z", Int64(0)),
    ])
    func parsesRFC3339(text: String, expected: Int64) {
        #expect(Timestamp(rfc3339: text)?.milliseconds == expected)
    }

    @Test(arguments: ["2026-03-02T09:15:00", "2026-13-02T09:15:00Z", "2026-02-30T09:15:00Z", "yesterday", "",
                      "2026-03-02T09:15:00+1:00", "2026-03-02T09:15:00Zjunk"])
    func rejectsInvalidTimes(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func formatsAndRoundTrips() {
        let t = Timestamp(rfc3339: "2026-03-02T09:15:00.5+01:00")!
        #expect(t.rfc3339 == "2026-03-02T08:15:00.500Z")
        #expect(t.compactUTC == "20260302T081500Z")
        #expect(Timestamp(rfc3339: t.rfc3339) == t)
        // 2026-03-02 is a Monday.
        #expect(CivilDate.parts(of: t, offsetMinutes: 60).weekday == 0)
    }
}
