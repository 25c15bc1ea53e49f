import ArgumentParser
import Foundation
import VedettaCore
import VedettaReports
import VedettaRules
import VedettaStore

/// `vedetta report`: writes a supervisors' report of a period from the state folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report (volumes, incidents with lead times, alerts per office, false alerts, FAQ, newsletter).",
        discussion: """
            --from/--to take RFC 3339 times or local dates (YYYY-MM-DD; --to as a date is inclusive). With --period \
            the period is the day, week (Monday–Sunday) or month containing --from. CSV: one file with all tables \
            (each after a "# table: NAME" line), or, when --out is a folder (existing, or ending in /), one NAME.csv \
            per table.
            """)

    @OptionGroup var state: StateOptions

    @Option(help: "Start: RFC 3339 time or local date YYYY-MM-DD.")
    var from: String

    @Option(help: "End (exclusive time, or inclusive date). Default: the end of --period, or one day after --from.")
    var to: String?

    @Option(help: "day, week or month (containing --from).")
    var period: String?

    @Option(help: "html, csv, md or json.")
    var format: String = "html"

    @Option(help: "it or en.")
    var lang: String = "it"

    @Option(help: "Time zone of the local calendar.")
    var timeZone: String = "Europe/Rome"

    @Option(help: "Output file (or folder for CSV); - for standard output.")
    var out: String = "-"

    func run() throws {
        guard let zone = ZoneRule(identifier: timeZone) else { throw ValidationError("unknown time zone \(timeZone)") }
        guard let format = ReportFormat(rawValue: format) else { throw ValidationError("--format must be html, csv, md or json") }
        guard let language = Language(rawValue: lang) else { throw ValidationError("--lang must be it or en") }
        guard let start = ReportCommand.parse(from, zone: zone, endOfDay: false) else {
            throw ValidationError("--from \(from) is neither an RFC 3339 time nor a date YYYY-MM-DD")
        }
        let reportPeriod: ReportPeriod
        switch period {
        case "day"?: reportPeriod = .day(containing: start, zone: zone)
        case "week"?: reportPeriod = .week(containing: start, zone: zone)
        case "month"?: reportPeriod = .month(containing: start, zone: zone)
        case nil:
            let end = try to.map { text -> Timestamp in
                guard let t = ReportCommand.parse(text, zone: zone, endOfDay: true) else {
                    throw ValidationError("--to \(text) is neither an RFC 3339 time nor a date YYYY-MM-DD")
                }
                return t
            } ?? ReportPeriod.day(containing: start, zone: zone).to
            guard start < end else { throw ValidationError("--to must be after --from") }
            let day = ReportPeriod.day(containing: start, zone: zone)
            reportPeriod = day.from == start && day.to == end ? day
                : ReportPeriod(kind: .custom, from: start, to: end, zone: zone)
        case let other?: throw ValidationError("--period must be day, week or month, not \(other)")
        }
        let configuration = try state.resolve()
        let store = try EventStore(directory: configuration.stateDirectory, readOnly: true)
        let rules: RuleSet
        if FileManager.default.fileExists(atPath: configuration.rulesDirectory) {
            switch RulesLoader.load(directory: configuration.rulesDirectory) {
            case .success(let loaded): rules = loaded
            case .failure(let errors): throw ValidationError("rules in \(configuration.rulesDirectory) are invalid:\n\(errors)")
            }
        } else {
            rules = .empty
        }
        let data = try ReportBuilder(store: store, rules: rules).build(reportPeriod)
        var isDirectory: ObjCBool = false
        if format == .csv, out != "-",
           out.hasSuffix("/") || (FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && isDirectory.boolValue) {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for table in CSVReportRenderer().tables(data) {
                try AtomicFile.write(Array(table.csv.utf8), to: (out as NSString).appendingPathComponent(table.name + ".csv"))
            }
            return
        }
        let text = try format.render(data, language: language)
        if out == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            try AtomicFile.write(Array(text.utf8), to: out)
        }
    }

    static func parse(_ text: String, zone: ZoneRule, endOfDay: Bool) -> Timestamp? {
        if let t = Timestamp(rfc3339: text) { return t }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        let day = CivilDate.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]) + (endOfDay ? 1 : 0)
        return zone.instant(day: day, at: LocalTime(hour: 0, minute: 0))
    }
}
