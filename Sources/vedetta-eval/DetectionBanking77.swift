import Foundation
import VedettaCore
import VedettaSimulator

/// `vedetta-eval detection-banking77 --data PATH [--seeds 1,2,3] [--weeks N] [--verbose]`
///
/// The detection evaluation on real text nobody here wrote: timed streams built from Banking77's `train.csv`
/// (`PATH` is the shared data folder, its `banking77` folder, or the CSV itself) by `LabelledStreamBuilder`.
/// Each intent is a service. Per seed, four streams: a burst of a frequent intent (1 h ramp, then plateau),
/// a slow burst (3 h ramp), an intent never seen before, and a negative: a rush of a frequent intent (three times
/// its usual questions for 30 hours, undeclared) with no failure in it. Prints, per stream and overall, recall,
/// detection delay, false alerts per stream-week and the NMI of every ticket's cluster against its intent.
/// The texts stay where they are: nothing is written.
enum DetectionBanking77 {
    struct Variant {
        var name: String
        var burst: LabelledStreamBuilder.Burst
        var ramp: Timestamp.Duration
        var rush: LabelledStreamBuilder.Rush?
    }

    static let variants: [Variant] = [
        Variant(name: "burst", burst: .rampPlateau(label: nil), ramp: .hours(1), rush: nil),
        Variant(name: "slow", burst: .rampPlateau(label: nil), ramp: .hours(3), rush: nil),
        Variant(name: "novel", burst: .novel(label: nil), ramp: .minutes(20), rush: nil),
        Variant(name: "rush", burst: .none, ramp: .hours(1), rush: LabelledStreamBuilder.Rush()),
    ]

    static func run(_ arguments: [String]) throws {
        var data = ""
        var seeds: [UInt64] = [1, 2, 3]
        var weeks = 2
        var verbose = false
        var configuration = EngineConfiguration()
        var options = OptionCursor(arguments)
        while let option = options.next() {
            switch option {
            case "--data": data = try options.value("a folder or file")
            case "--seeds": seeds = try options.uint64List()
            case "--weeks": weeks = try options.int(atLeast: 2)
            case "--verbose": verbose = true
            default:
                guard try options.topicOption(option, into: &configuration.clustering) else {
                    throw options.unknown(usage: "vedetta-eval detection-banking77 --data PATH [--seeds 1,2,3] [--weeks N] [--verbose] " + OptionCursor.topicUsage)
                }
            }
        }
        guard !data.isEmpty else { throw EvalError("missing --data PATH (the shared data folder or banking77/train.csv)") }
        var path = data
        for candidate in [data + "/banking77/train.csv", data + "/train.csv"] where FileManager.default.fileExists(atPath: candidate) {
            path = candidate
            break
        }
        let rows = try ClusteringEvaluation.readBanking77(path)
        let rules = generatedRules(labels: Set(rows.map(\.label)).sorted())
        print("Banking77 streams from \(path): \(rows.count) texts, \(Set(rows.map(\.label)).count) intents as services, \(weeks) weeks each")
        print("stream                 intent                          events  detected  delay-min  false  FA/week  NMI    events/s")
        var total = 0, detected = 0, falseAlerts = 0
        var streamWeeks = 0.0
        var delays: [Double] = []
        var nmis: [Double] = []
        for seed in seeds {
            for variant in variants {
                var c = LabelledStreamBuilder.Configuration(
                    seed: seed, start: Timestamp(milliseconds: 1_767_567_600_000),  // Monday 2026-01-05 00:00 Rome
                    duration: .days(Int64(7 * weeks)))
                c.burst = variant.burst
                c.burstRamp = variant.ramp
                c.rush = variant.rush
                let stream = LabelledStreamBuilder(examples: rows, configuration: c).build()
                let truth = stream.truth.groundTruth
                var engine = Engine(rules: rules, configuration: configuration)
                var recorder = ReplayRecorder()
                let started = Date()
                recorder.replay(stream.events, through: &engine, tail: .hours(6))
                let seconds = Date().timeIntervalSince(started)
                let evaluation = DetectionEvaluation.evaluate(recorder, truth: truth, weeks: Double(weeks))
                var truthLabels: [String] = []
                var predicted: [String] = []
                for (index, event) in stream.events.enumerated() {
                    guard let cluster = recorder.assignments[event.ticket] else { continue }
                    truthLabels.append(stream.intents[index])
                    predicted.append(cluster)
                }
                let nmi = ClusteringMetrics.nmi(truth: truthLabels, predicted: predicted)
                let intent = stream.truth.incidents.first?.service ?? stream.truth.rushes.first.map { "(rush) " + $0.service } ?? "-"
                let found = evaluation.failures.filter(\.detected).count
                let delay = evaluation.failures.compactMap(\.delaySeconds).first
                print("seed \(seed) \(variant.name)".padding(toLength: 23, withPad: " ", startingAt: 0)
                    + intent.padding(toLength: 30, withPad: " ", startingAt: 0)
                    + String(format: "%8d  %4d/%-3d  %9@  %5d  %7.2f  %.3f  %8.0f", stream.events.count, found,
                             evaluation.failures.count, (delay.map { String(format: "%.1f", $0 / 60) } ?? "-") as NSString,
                             evaluation.falseAlerts.count, evaluation.falseAlertsPerWeek, nmi,
                             Double(stream.events.count) / max(seconds, 1e-9)))
                if verbose {
                    for id in recorder.order {
                        guard let record = recorder.incidents[id], record.alerted else { continue }
                        let isFalse = evaluation.falseAlerts.contains(id)
                        print("    \(isFalse ? "!" : "=") \(id) \(record.openedAt.rfc3339) [\(record.incident.service)] "
                            + "\(record.tickets.count) tickets — \(record.incident.reason)")
                    }
                }
                total += evaluation.failures.count
                detected += found
                falseAlerts += evaluation.falseAlerts.count
                streamWeeks += Double(weeks)
                delays += evaluation.failures.compactMap(\.delaySeconds)
                nmis.append(nmi)
            }
        }
        let median = DetectionEvaluation.quantile(delays, 0.5)
        print(String(format: "overall: %d/%d bursts detected (recall %.2f), median delay %@ min, %d false alerts in %.0f stream-weeks (%.2f per week), mean NMI %.3f",
                     detected, total, total == 0 ? 1 : Double(detected) / Double(total),
                     (median.map { String(format: "%.1f", $0 / 60) } ?? "-") as NSString, falseAlerts, streamWeeks,
                     streamWeeks > 0 ? Double(falseAlerts) / streamWeeks : 0,
                     nmis.isEmpty ? 0 : nmis.reduce(0, +) / Double(nmis.count)))
    }

    /// One office receiving everything, one service per intent with the standard thresholds: what an
    /// institution would write on day one, before it knows its volumes.
    static func generatedRules(labels: [String]) -> RuleSet {
        let office = Office(id: "ops", name: "Operations", locale: .english)
        let services = labels.map {
            Service(id: LabelledStreamBuilder.serviceID($0), name: $0, office: "ops")
        }
        return RuleSet(offices: [office], services: services, route: RouteNode(name: "root", receivers: ["ops"]))
    }
}
