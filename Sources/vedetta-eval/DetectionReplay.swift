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
    /// One line per false alert: when, which service, why it fired, and what its tickets really were.
    static func printFalseAlerts(_ evaluation: DetectionEvaluation, recorder: ReplayRecorder, labelOf: [String: String],
                                 truth: Truth) {
        for failure in evaluation.failures {
            for id in failure.incidents.prefix(2) {
                guard let record = recorder.incidents[id] else { continue }
                print("  = \(failure.id) ← \(id) \(record.openedAt.rfc3339): \(record.incident.reason)")
            }
        }
        for id in evaluation.falseAlerts {
            guard let record = recorder.incidents[id] else { continue }
            var mix: [String: Int] = [:]
            for ticket in record.tickets { mix[labelOf[ticket] ?? "?", default: 0] += 1 }
            let labels = mix.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(3).map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            var context: [String] = []
            for rush in truth.rushes where rush.start <= record.openedAt && record.openedAt <= rush.end {
                context.append("in " + rush.id + (rush.service == record.incident.service ? " (same service)" : ""))
            }
            for peak in truth.peaks where peak.start <= record.openedAt && record.openedAt <= peak.end.adding(.hours(2)) {
                context.append("near " + peak.id)
            }
            for m in truth.maintenance where m.start <= record.openedAt && record.openedAt <= m.end.adding(.hours(2)) {
                context.append("near " + m.id + (m.service == record.incident.service ? " (same service)" : ""))
            }
            print("  ! \(id) \(record.openedAt.rfc3339) [\(record.incident.service)] \(record.tickets.count) tickets "
                + "(\(labels)) \(context.joined(separator: ", ")) — \(record.incident.reason)")
        }
    }

    /// Per failure, the earliest delay any detector could reach under the service's `minRequesters` (the office's
    /// "fewest distinct requesters before an incident may open", one fewer for an error code new to the stream):
    /// the arrival of the failure's k-th distinct requester minus the failure's start. Delays near this floor are
    /// bounded by the stream, not the engine.
    static func floors(_ truth: GroundTruth, events: [TicketEvent], labelOf: [String: String], rules: RuleSet) -> [String: Double] {
        var floors: [String: Double] = [:]
        let detection = DetectionConfiguration()
        for failure in truth.incidents {
            let needed = detection.newCodeMinimum(rules.thresholds(for: failure.service).minRequesters)
            var seen = Set<String>()
            for event in events where event.type == .opened && labelOf[event.ticket] == failure.id {
                seen.insert(event.requester ?? "ticket:" + event.ticket)
                if seen.count >= needed {
                    floors[failure.id] = event.at.since(failure.start).seconds
                    break
                }
            }
        }
        return floors
    }

    static func run(_ arguments: [String]) throws {
        var rulesDirectory = "rules"
        var seed: UInt64?
        var seedCount: Int?
        var scenarios: [String] = []
        var verbose = false
        var configuration = EngineConfiguration()
        var options = OptionCursor(arguments)
        while let option = options.next() {
            switch option {
            case "--rules": rulesDirectory = try options.value("a folder")
            case "--seed": seed = UInt64(try options.int(atLeast: 0))
            case "--seeds": seedCount = try options.int(atLeast: 1)
            case "--verbose": verbose = true
            case "--code-share-floor": configuration.clustering.codeShareFloor = try options.float()
            case "--new-code-age": configuration.clustering.newCodeAge = .hours(Int64(try options.int(atLeast: 0)))
            default: if try !options.topicOption(option, into: &configuration.clustering) { scenarios.append(option) }
            }
        }
        guard !scenarios.isEmpty else { throw EvalError("usage: vedetta-eval detection [--rules DIR] [--seed N | --seeds N] [--verbose] [--code-share-floor F] [--new-code-age HOURS] \(OptionCursor.topicUsage) SCENARIO.yaml...") }
        let rules = try EvalRules.load(rulesDirectory)
        print("scenario              failures detected recall  median-min  p90-min  false  FA/week  NMI    ARI    events/s")
        var total = 0, detected = 0, falseAlerts = 0
        var weeks = 0.0
        var delays: [Double] = []
        var floorDelays: [Double] = []
        var delaysByKind: [String: [Double]] = [:]
        // `--seeds N` pools seeds 1...N: one seed's median over fifteen failures moves by minutes with chance.
        let seeds: [UInt64?] = seedCount.map { (1...$0).map { UInt64($0) } } ?? [seed]
        for path in scenarios {
            for seed in seeds {
                var scenario = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), file: path)
                if let seed { scenario.seed = seed }
                var events: [TicketEvent] = []
                var labelOf: [String: String] = [:]
                let truth = Simulator(scenario: scenario).run { event, label in
                    events.append(event)
                    if event.type == .opened { labelOf[event.ticket] = label }
                }
                let groundTruth = truth.groundTruth
                var engine = Engine(rules: rules.addingPlannedMaintenance(groundTruth.maintenance ?? []),
                                    configuration: configuration)
                var recorder = ReplayRecorder()
                let started = Date()
                recorder.replay(events, through: &engine)
                let seconds = Date().timeIntervalSince(started)
                let span = (events.last?.at).map { $0.since(events.first!.at).seconds } ?? 0
                let evaluation = DetectionEvaluation.evaluate(recorder, truth: groundTruth, weeks: max(span / (7 * 86_400), 1.0 / 7))
                let name = (path as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
                    + (seedCount != nil ? "#\(scenario.seed)" : "")
                func minutes(_ s: Double?) -> String { s.map { String(format: "%.1f", $0 / 60) } ?? "-" }
                print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: "%8d %8d %6.2f  %10@ %8@ %6d %8.2f  %.3f  %.3f  %8.0f",
                             evaluation.failures.count, evaluation.failures.filter(\.detected).count, evaluation.recall,
                             minutes(evaluation.medianDelay) as NSString, minutes(evaluation.p90Delay) as NSString,
                             evaluation.falseAlerts.count, evaluation.falseAlertsPerWeek, evaluation.nmi, evaluation.ari,
                             Double(events.count) / max(seconds, 1e-9)))
                let floorOf = floors(groundTruth, events: events, labelOf: labelOf, rules: rules)
                floorDelays += floorOf.values
                if verbose {
                    print(evaluation.summary)
                    for failure in evaluation.failures {
                        print("  floor \(failure.id): \(minutes(floorOf[failure.id])) min (k-th distinct requester, k the rules minimum)")
                    }
                    printFalseAlerts(evaluation, recorder: recorder, labelOf: labelOf, truth: truth)
                }
                total += evaluation.failures.count
                detected += evaluation.failures.filter(\.detected).count
                falseAlerts += evaluation.falseAlerts.count
                weeks += evaluation.weeks
                delays += evaluation.failures.compactMap(\.delaySeconds)
                for failure in evaluation.failures {
                    if let delay = failure.delaySeconds { delaysByKind[failure.kind ?? "-", default: []].append(delay) }
                }
            }
        }
        func median(_ values: [Double]) -> String {
            DetectionEvaluation.quantile(values, 0.5).map { String(format: "%.1f", $0 / 60) } ?? "-"
        }
        print(String(format: "overall: %d/%d detected (recall %.2f), median delay %@ min (floor %@ min), %d false alerts in %.1f weeks (%.2f per week)",
                     detected, total, total == 0 ? 1 : Double(detected) / Double(total),
                     median(delays) as NSString, median(floorDelays) as NSString, falseAlerts, weeks,
                     weeks > 0 ? Double(falseAlerts) / weeks : 0))
        print("median delay by kind: " + delaysByKind.keys.sorted().map {
            "\($0) \(median(delaysByKind[$0]!)) min (\(delaysByKind[$0]!.count))"
        }.joined(separator: ", "))
    }
}
