import Foundation
import Logging
import Synchronization
import Testing
import VedettaCore
import VedettaReports
import VedettaStore
import VedettaTesting
@testable import VedettaDaemon

/// The scheduler under a manual clock: its `sleep` moves the clock instead of waiting.
@Suite struct ReportSchedulerTests {
    static func t(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    func makeScheduler(clock: ManualClock, sleeps: SleepLog? = nil, stopAfter: Int = .max)
        throws -> (ReportScheduler, String)
    {
        let state = Fixtures.temporaryDirectory("sched")
        let store = try ReportFixture.makeStore(in: state)
        let directory = state + "/reports"
        let scheduler = ReportScheduler(
            store: store, rules: { ReportFixture.rules }, directory: directory,
            schedule: .init(time: LocalTime(hour: 6, minute: 30), zone: .rome, languages: [.italian],
                            formats: [.md, .json]),
            logger: Logger(label: "test"), now: { clock.now },
            sleep: { duration in
                let count = sleeps?.durations.withLock { $0.append(duration); return $0.count } ?? 0
                if count >= stopAfter { throw CancellationError() }
                clock.advance(by: duration)
            })
        return (scheduler, directory)
    }

    func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func writesOncePerDayAtTheConfiguredLocalTime() throws {
        let clock = ManualClock(start: Self.t("2026-03-04T06:29:00+01:00"))
        let (scheduler, directory) = try makeScheduler(clock: clock)
        // First start, before 06:30: the latest due day is Monday the 2nd.
        #expect(try scheduler.writeDue(now: clock.now) == ["daily-2026-03-02.it.md", "daily-2026-03-02.json"])
        #expect(try scheduler.writeDue(now: clock.now).isEmpty)
        clock.advance(by: .seconds(59))
        #expect(try scheduler.writeDue(now: clock.now).isEmpty, "06:29:59 is not 06:30")
        clock.advance(by: .seconds(1))
        #expect(try scheduler.writeDue(now: clock.now) == ["daily-2026-03-03.it.md", "daily-2026-03-03.json"])
        clock.advance(by: .hours(17))
        #expect(try scheduler.writeDue(now: clock.now).isEmpty, "once per day")
        let text = try String(contentsOfFile: directory + "/daily-2026-03-03.it.md", encoding: .utf8)
        #expect(text.hasPrefix("# Rapporto Vedetta 2026-03-03"))
        #expect(text.contains("INC-20260303-0001"))
    }

    @Test func runLoopSleepsUntilTheNextDueTime() async throws {
        let clock = ManualClock(start: Self.t("2026-03-04T05:00:00+01:00"))
        let sleeps = SleepLog()
        let (scheduler, directory) = try makeScheduler(clock: clock, sleeps: sleeps, stopAfter: 3)
        // Cancellation is the normal way out of `run()` (a graceful shutdown): it returns without an error.
        try await scheduler.run()
        #expect(sleeps.durations.withLock { $0 } == [.minutes(90), .hours(24), .hours(24)])
        #expect(files(directory) == ["daily-2026-03-02.it.md", "daily-2026-03-02.json", "daily-2026-03-03.it.md",
                                     "daily-2026-03-03.json", "daily-2026-03-04.it.md", "daily-2026-03-04.json"])
        #expect(clock.now == Self.t("2026-03-05T06:30:00+01:00"))
    }

    @Test func catchesUpMissedDaysAndWritesTheWeeklyReportOnMonday() throws {
        let clock = ManualClock(start: Self.t("2026-03-04T07:00:00+01:00"))
        let (scheduler, directory) = try makeScheduler(clock: clock)
        try scheduler.writeDue(now: clock.now)
        // Down from Wednesday to the next Monday morning.
        clock.advance(by: .days(5))
        let written = try scheduler.writeDue(now: clock.now)
        #expect(written.filter { $0.hasSuffix(".md") } == [
            "daily-2026-03-04.it.md", "daily-2026-03-05.it.md", "daily-2026-03-06.it.md", "daily-2026-03-07.it.md",
            "daily-2026-03-08.it.md", "weekly-2026-W10.it.md",
        ])
        #expect(try scheduler.writeDue(now: clock.now).isEmpty)
        let weekly = try String(contentsOfFile: directory + "/weekly-2026-W10.json", encoding: .utf8)
        #expect(weekly.contains("\"kind\" : \"week\""))
        #expect(scheduler.nextRun(after: clock.now) == Self.t("2026-03-10T06:30:00+01:00"))
    }
}

/// The durations the scheduler asked to sleep.
final class SleepLog: Sendable {
    let durations = Mutex<[Timestamp.Duration]>([])
}
