import ArgumentParser
import Foundation
import VedettaCore
import VedettaRules
import VedettaStore

/// `vedetta replay`: the daemon's engine over stored or given events, as fast as it can.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the engine over event files and write incidents, assignments, alert files and a report.",
        discussion: """
            Writes OUT/incidents.jsonl (one line per incident), OUT/assignments.jsonl (final cluster of every \
            report), OUT/alerts/<office>/..., OUT/report.{html,csv,md} (not with --no-report); with --truth also OUT/evaluation.json \
            and a printed evaluation (recall, precision, detection delay, false alerts per week, NMI/ARI). \
            Replaying the same events twice gives byte-identical incidents.jsonl and assignments.jsonl. The \
            truth file's planned maintenance windows are added as silencing notices, as notices.yaml would.
            """)

    @Argument(help: "Event files (.jsonl, .ndjson, .csv), replayed in the order given.")
    var events: [String]

    @Option(help: "Rules folder.") var rules: String = "./rules"
    @Option(help: "Output folder.") var out: String
    @Option(help: "Ground truth (truth.json) to evaluate against.") var truth: String?
    @Flag(inversion: .prefixedNo,
          help: "Store every event and assignment and write OUT/report.{html,csv,md}; --no-report replays faster.")
    var report = true
    @Flag(help: "Print progress and throughput to stderr.") var verbose = false
    @Flag(help: "Print every incident revision (id, revision, state, time, offices, what changed).") var changes = false

    func run() async throws {
        let ruleSet: RuleSet
        switch RulesLoader.load(directory: rules) {
        case .success(let loaded): ruleSet = loaded
        case .failure(let errors):
            for line in errors.lines { FileHandle.standardError.write(Data((rules + "/" + line + "\n").utf8)) }
            throw ExitCode(1)
        }
        var groundTruth: GroundTruth?
        if let truth {
            guard let data = FileManager.default.contents(atPath: truth) else {
                throw ValidationError("\(truth): cannot read the truth file")
            }
            groundTruth = try JSONDecoder().decode(GroundTruth.self, from: data)
        }
        // Planned maintenance in the truth file is known in advance: silence it as notices.yaml would.
        let rulesForReplay = ruleSet.addingPlannedMaintenance(groundTruth?.maintenance ?? [])
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // A fresh store beside the outputs: the alert files and the report are made by the daemon's own code.
        let storeDirectory = out + "/store"
        try? FileManager.default.removeItem(atPath: storeDirectory)
        try? FileManager.default.removeItem(atPath: out + "/alerts")
        if !report {
            for name in ["report.html", "report.csv", "report.md"] { try? FileManager.default.removeItem(atPath: out + "/" + name) }
        }
        try FileManager.default.createDirectory(atPath: storeDirectory, withIntermediateDirectories: true)
        let store = try EventStore(directory: storeDirectory, durability: .scratch)
        let replayer = Replayer(rules: rulesForReplay, verbose: verbose, store: store, storeEvents: report)
        let result = try replayer.replay(files: events)
        try result.write(to: out, rules: rulesForReplay)
        try await result.writeAlertsAndReport(store: store, to: out, rules: rulesForReplay, report: report)
        if changes {
            for change in result.recorder.changes {
                let i = change.incident
                print("\(i.updatedAt.rfc3339Seconds) \(i.id) r\(i.revision) \(i.state.rawValue) \(i.severity.rawValue) "
                    + "\(i.service) requesters=\(i.counts.requesters) tickets=\(change.tickets.count) "
                    + "to=[\(change.deliveries.map(\.office).joined(separator: ","))] changes=\(i.changes)")
            }
        }
        print("replayed \(result.events) events (\(result.rejected) rejected) in \(String(format: "%.2f", result.seconds)) s "
            + "(\(Int(Double(result.events) / max(result.seconds, 1e-9))) events/s), "
            + "\(result.recorder.order.count) incidents, \(result.recorder.assignments.count) clustered reports")
        if let groundTruth {
            let weeks = max(result.span.seconds / (7 * 86_400), 1.0 / 7)
            let evaluation = DetectionEvaluation.evaluate(result.recorder, truth: groundTruth, weeks: weeks)
            try AtomicFile.write(Array(evaluation.json.utf8), to: out + "/evaluation.json")
            print(evaluation.summary)
        }
    }
}
