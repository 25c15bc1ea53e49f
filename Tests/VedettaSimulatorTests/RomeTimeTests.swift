import Testing
import VedettaCore
@testable import VedettaSimulator

@Suite("Rome time")
struct RomeTimeTests {
    @Test("EU summer-time rule", arguments: [
        ("2026-03-29T00:59:59Z", 60), ("2026-03-29T01:00:00Z", 120), ("2026-10-25T00:59:59Z", 120),
        ("2026-10-25T01:00:00Z", 60), ("2026-07-01T12:00:00Z", 120), ("2026-01-15T12:00:00Z", 60),
        ("2027-03-28T01:00:00Z", 120), ("2027-10-31T00:30:00Z", 120),
    ])
    func offsets(_ text: String, _ minutes: Int) throws {
        let t = try #require(Timestamp(rfc3339: text))
        #expect(RomeTime.offsetMinutes(at: t) == minutes)
    }

    @Test("local wall-clock instants and formatting round-trip")
    func instants() {
        let t = RomeTime.instant(year: 2026, month: 7, day: 1, hour: 9, minute: 30)
        #expect(RomeTime.format(t) == "2026-07-01T09:30:00+02:00")
        #expect(Timestamp(rfc3339: RomeTime.format(t)) == t)
        let skipped = RomeTime.instant(year: 2026, month: 3, day: 29, hour: 2, minute: 30)
        #expect(RomeTime.format(skipped) == "2026-03-29T03:30:00+02:00")
        #expect(RomeTime.local(RomeTime.instant(year: 2026, month: 2, day: 16)).weekday == 0)
    }

    @Test("portable math matches the expected values")
    func math() {
        #expect(abs(logApprox(10) - 2.302585092994046) < 1e-13)
        #expect(abs(expApprox(-3.5) - 0.0301973834223185) < 1e-15)
        #expect(abs(cosApprox(2.0) - (-0.4161468365471424)) < 1e-13)
        var rng = SeededGenerator(seed: 9)
        let n = 20_000
        var sum = 0
        for _ in 0..<n { sum += rng.poisson(4.5) }
        #expect(abs(Double(sum) / Double(n) - 4.5) < 0.06)
    }
}
