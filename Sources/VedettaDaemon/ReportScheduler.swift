import Foundation
import Logging
import ServiceLifecycle
import VedettaCore
import VedettaReports
import VedettaStore

/// Writes the daily report (and on Mondays the weekly report of the week just ended) into `<state>/reports/`
/// at a configured local time. A marker file remembers the last day written, so each day is written exactly
/// once, and days missed while the daemon was down are written at the next start (up to `catchUpDays`).
///
/// Time comes from injected closures (`now`, `sleep`) so that a test drives it with a manual clock.
public final class ReportScheduler: ServiceLifecycle.Service, Sendable {
    /// When and what to write.
    public struct Schedule: Sendable, Equatable {
        /// Local time of day the previous day's report is due.
        public var time: LocalTime
        /// Zone of `time` and of the reports' calendar.
        public var zone: ZoneRule
        /// Languages of the HTML and Markdown outputs.
        public var languages: [Language]
        /// Formats written.
        public var formats: [ReportFormat]
        /// At most this many missed days are written after downtime.
        public var catchUpDays: Int

        /// A schedule; defaults: 06:30 Europe/Rome, Italian and English, every format, one week of catch-up.
        public init(time: LocalTime = LocalTime(hour: 6, minute: 30), zone: ZoneRule = .rome,
                    languages: [Language] = [.italian, .english], formats: [ReportFormat] = ReportFormat.allCases,
                    catchUpDays: Int = 7) {
            self.time = time
            self.zone = zone
            self.languages = languages
            self.formats = formats
            self.catchUpDays = catchUpDays
        }
    }

    let store: EventStore
    let rules: @Sendable () -> RuleSet
    /// The folder written (`<state>/reports`).
    public let directory: String
    let schedule: Schedule
    let logger: Logger
    let now: @Sendable () -> Timestamp
    let sleep: @Sendable (Timestamp.Duration) async throws -> Void

    /// A scheduler; `now` and `sleep` default to the wall clock and `Task.sleep`.
    public init(
        store: EventStore, rules: @escaping @Sendable () -> RuleSet, directory: String, schedule: Schedule,
        logger: Logger, now: @escaping @Sendable () -> Timestamp = { Timestamp.wallClock() },
        sleep: @escaping @Sendable (Timestamp.Duration) async throws -> Void = sleepOnWallClock
    ) {
        self.store = store
        self.rules = rules
        self.directory = directory
        self.schedule = schedule
        self.logger = logger
        self.now = now
        self.sleep = sleep
    }

    /// Writes what is due, then sleeps until the next due time; stops on cancellation or graceful shutdown.
    public func run() async throws {
        do {
            try await runUntilShutdown()
        } catch is CancellationError {
            // A graceful shutdown interrupts the wait for the next run: the normal way out.
        }
    }

    func runUntilShutdown() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let current = self.now()
                do {
                    let written = try self.writeDue(now: current)
                    if !written.isEmpty {
                        self.logger.info("reports written", metadata: ["files": "\(written.joined(separator: ", "))"])
                    }
                } catch {
                    // A failed report must not stop the daemon; the marker is unchanged, so the next wake retries.
                    self.logger.error("could not write the scheduled report: \(error)")
                }
                let next = self.nextRun(after: current)
                try await self.sleep(next.since(current))
            }
        }
    }

    /// The local day whose daily report is due at `now` (yesterday once the configured time has passed).
    public func dueDay(at now: Timestamp) -> Int {
        let today = schedule.zone.localDay(of: now)
        return now >= schedule.zone.instant(day: today, at: schedule.time) ? today - 1 : today - 2
    }

    /// The next instant after `now` at which a report becomes due.
    public func nextRun(after now: Timestamp) -> Timestamp {
        let today = schedule.zone.localDay(of: now)
        let todayRun = schedule.zone.instant(day: today, at: schedule.time)
        return now < todayRun ? todayRun : schedule.zone.instant(day: today + 1, at: schedule.time)
    }

    /// Writes every report due at `now` that is not written yet; returns the file names written, in order.
    @discardableResult
    public func writeDue(now: Timestamp) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let due = dueDay(at: now)
        let last = readMarker()
        guard last.map({ $0 < due }) ?? true else { return [] }
        let first = max(last.map { $0 + 1 } ?? due, due - schedule.catchUpDays + 1)
        var written: [String] = []
        let rules = self.rules()
        for day in first...due {
            let daily = ReportPeriod.day(localDay: day, zone: schedule.zone)
            written += try write(daily, prefix: "daily-" + daily.name, rules: rules)
            if ((day % 7) + 7 + 3) % 7 == 6 {
                let weekly = ReportPeriod.week(containing: daily.from, zone: schedule.zone)
                written += try write(weekly, prefix: "weekly-" + weekly.name, rules: rules)
            }
            try writeMarker(day)
        }
        return written
    }

    func write(_ period: ReportPeriod, prefix: String, rules: RuleSet) throws -> [String] {
        let data = try ReportBuilder(store: store, rules: rules).build(period)
        var names: [String] = []
        for format in schedule.formats {
            for language in format.isLocalized ? schedule.languages : [schedule.languages.first ?? .italian] {
                let name = prefix + (format.isLocalized ? "." + language.rawValue : "") + "." + format.fileExtension
                let path = directory + "/" + name
                // Written already (a crash between the files and the marker): keep the first, write once.
                if FileManager.default.fileExists(atPath: path) { continue }
                try AtomicFile.write(Array(try format.render(data, language: language).utf8), to: path)
                names.append(name)
            }
        }
        return names
    }

    var markerPath: String { directory + "/.last-daily" }

    func readMarker() -> Int? {
        guard let data = FileManager.default.contents(atPath: markerPath),
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              let start = Timestamp(rfc3339: text + "T12:00:00Z")
        else { return nil }
        return ZoneRule.utc.localDay(of: start)
    }

    func writeMarker(_ day: Int) throws {
        let (y, m, d) = CivilDate.civilFromDays(day)
        let text = CivilDate.pad(y, 4) + "-" + CivilDate.pad(m, 2) + "-" + CivilDate.pad(d, 2) + "\n"
        try AtomicFile.write(Array(text.utf8), to: markerPath)
    }
}
