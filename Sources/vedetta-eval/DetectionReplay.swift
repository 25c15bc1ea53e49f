import Foundation
import VedettaCore
import VedettaRules
import VedettaSimulator

/// `vedetta-eval detection [--rules DIR] [--seed N] SCENARIO.yaml...`
///
/// Simulates each scenario in memory, runs the pure engine over it with the given rules (the same engine as
/// `vedetta replay`, without the store and the alert files) and prints, per scenario and overall, recall,
/// detection delay, false alerts per stream-week, NMI/ARI of the failure tickets and the engine's throughput.
/// It needs only the pure targets, so detection and clustering changes can be measured in the fast build.
enum DetectionReplay {
    static func run(_ arguments: [String]) throws {
        var rulesDirectory = "rules"
        var seed: UInt64?
        var scenarios: [String] = []
        var verbose = false
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--rules":
                i += 1
                guard i < arguments.count else { throw EvalError("option --rules needs a folder") }
                rulesDirectory = arguments[i]
            case "--seed":
                i += 1
                guard i < arguments.count, let value = UInt64(arguments[i]) else { throw EvalError("option --seed needs an integer") }
                seed = value
            case "--verbose": verbose = true
            default: scenarios.append(arguments[i])
            }
            i += 1
        }
        guard !scenarios.isEmpty else { throw EvalError("usage: vedetta-eval detection [--rules DIR] [--seed N] [--verbose] SCENARIO.yaml...") }
        let rules: RuleSet
        switch RulesLoader.load(directory: rulesDirectory) {
        case .success(let loaded): rules = loaded
        case .failure(let errors): throw EvalError("rules: " + errors.lines.joined(separator: "; "))
        }
        print("scenario              failures detected recall  median-min  p90-min  false  FA/week  NMI    ARI    events/s")
        var total = 0, detected = 0, falseAlerts = 0
        var weeks = 0.0
        var delays: [Double] = []
        for path in scenarios {
            var scenario = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), file: path)
            if let seed { scenario.seed = seed }
            var events: [TicketEvent] = []
            let truth = Simulator(scenario: scenario).run { event, _ in events.append(event) }
            let groundTruth = try JSONDecoder().decode(GroundTruth.self, from: JSONEncoder().encode(truth))
            var engine = Engine(rules: rules)
            var recorder = ReplayRecorder()
            let started = Date()
            for event in events { recorder.record(engine.ingest(event)) }
            if let last = events.last?.at { recorder.record(engine.tick(last)) }
            let seconds = Date().timeIntervalSince(started)
            let span = (events.last?.at).map { $0.since(events.first!.at).seconds } ?? 0
            let evaluation = DetectionEvaluation.evaluate(recorder, truth: groundTruth, weeks: max(span / (7 * 86_400), 1.0 / 7))
            let name = (path as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
            func minutes(_ s: Double?) -> String { s.map { String(format: "%.1f", $0 / 60) } ?? "-" }
            print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: "%8d %8d %6.2f  %10@ %8@ %6d %8.2f  %.3f  %.3f  %8.0f",
                         evaluation.failures.count, evaluation.failures.filter(\.detected).count, evaluation.recall,
                         minutes(evaluation.medianDelay) as NSString, minutes(evaluation.p90Delay) as NSString,
                         evaluation.falseAlerts.count, evaluation.falseAlertsPerWeek, evaluation.nmi, evaluation.ari,
                         Double(events.count) / max(seconds, 1e-9)))
            if verbose { print(evaluation.summary) }
            total += evaluation.failures.count
            detected += evaluation.failures.filter(\.detected).count
            falseAlerts += evaluation.falseAlerts.count
            weeks += evaluation.weeks
            delays += evaluation.failures.compactMap(\.delaySeconds)
        }
        let sorted = delays.sorted()
        let median = sorted.isEmpty ? nil : (sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        print(String(format: "overall: %d/%d detected (recall %.2f), median delay %@ min, %d false alerts in %.1f weeks (%.2f per week)",
                     detected, total, total == 0 ? 1 : Double(detected) / Double(total),
                     (median.map { String(format: "%.1f", $0 / 60) } ?? "-") as NSString, falseAlerts, weeks,
                     weeks > 0 ? Double(falseAlerts) / weeks : 0))
    }
}
