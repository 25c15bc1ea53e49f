import ArgumentParser
import Foundation
import VedettaCore
import VedettaReports
import VedettaStore

/// Benchmarks (not timed tests): figures go in the README with the machine they ran on.
@main
struct VedettaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vedetta-bench", abstract: "Vedetta benchmarks.",
        subcommands: [ReportBench.self, IngestBench.self, PruneBench.self])
}

/// `vedetta-bench report`: builds (once) a store with N events and a month of incidents, then times the month
/// report: the build from the store and each renderer.
struct ReportBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Time report generation.")

    @OptionGroup var generated: GeneratedMonth

    @Option(help: "Repetitions of the timed build (the best and the median are printed).")
    var repeats: Int = 3

    func run() throws {
        let store = try generated.prepare()
        let month = GeneratedMonth.month
        var times: [Duration] = []
        var data: ReportData?
        for _ in 0..<max(1, repeats) {
            let started = ContinuousClock.now
            data = try ReportBuilder(store: store).build(month)
            times.append(ContinuousClock.now - started)
        }
        times.sort()
        let report = data!
        print("build \(month.name): best \(times[0]), median \(times[times.count / 2]) "
              + "(\(report.totals.events) events, \(report.totals.tickets) tickets, \(report.incidents.count) incidents)")
        for format in ReportFormat.allCases {
            let started = ContinuousClock.now
            let text = try format.render(report, language: .italian)
            print("render \(format.rawValue): \(ContinuousClock.now - started), \(text.utf8.count) bytes")
        }
    }
}
