import Foundation
import VedettaCore
import VedettaRules
import VedettaSimulator

/// `vedetta-eval engine-bench [--events 1000000] [--scenario FILE] [--rules DIR] [--digest]`
///
/// Throughput of the whole pure engine (`Engine.ingest`: normalise, service inference, cluster, detect,
/// incidents, routing) on a simulated stream. The scenario is simulated again with seeds seed, seed+1, … and
/// each copy is shifted by whole weeks after the previous one (ticket and event ids get a `~k` suffix) until
/// the stream holds `--events` events; the generation is outside the timed section. Prints events/s, µs per
/// event over chunks of 10,000 events (p50, p99, max), and peak memory (VmHWM). With `--digest` it also
/// prints an FNV-1a digest of every action (JSON, sorted keys), so that an optimisation can be shown to
/// change no output; the encoding then runs after the timed section.
enum EngineBench {
    static func run(_ arguments: [String]) throws {
        var target = 1_000_000
        var scenarioPath = "scenarios/autumn-mixed.yaml"
        var rulesDirectory = "rules"
        var digest = false
        var configuration = EngineConfiguration()
        var options = OptionCursor(arguments)
        while let option = options.next() {
            switch option {
            case "--digest": digest = true
            case "--events": target = try options.int()
            case "--scenario": scenarioPath = try options.value("a scenario file")
            case "--rules": rulesDirectory = try options.value("a folder")
            case "--code-share-floor": configuration.clustering.codeShareFloor = try options.float()
            default:
                guard try options.topicOption(option, into: &configuration.clustering) else {
                    throw options.unknown(usage: "vedetta-eval engine-bench [--events N] [--scenario FILE] [--rules DIR] [--digest] [--code-share-floor F] " + OptionCursor.topicUsage)
                }
            }
        }
        let rules = try EvalRules.load(rulesDirectory)
        let base = try Scenario.load(yaml: try String(contentsOfFile: scenarioPath, encoding: .utf8), file: scenarioPath)
        let events = stream(of: base, count: target)
        print("engine-bench: \(events.count) events from \(scenarioPath) (\(rulesDirectory)), one core, "
            + "generation excluded; peak memory after generation \(ClusteringBench.peakMemory())")

        var engine = Engine(rules: rules, configuration: configuration)
        let clock = ContinuousClock()
        let chunk = 10_000
        var chunkMicros: [Double] = []
        var allActions: [[Action]] = []
        if digest { allActions.reserveCapacity(events.count) }
        var actionCount = 0
        var elapsed = Swift.Duration.zero
        var cpu = 0.0
        var index = 0
        while index < events.count {
            let end = min(index + chunk, events.count)
            let t0 = clock.now
            let c0 = ClusteringBench.cpuSeconds()
            for j in index..<end {
                let actions = engine.ingest(events[j])
                actionCount += actions.count
                if digest { allActions.append(actions) }
            }
            let c = ClusteringBench.cpuSeconds() - c0
            let d = clock.now - t0
            elapsed += d
            cpu += c
            // CPU time per chunk: other builds on a shared machine stretch wall time, not this.
            chunkMicros.append(c * 1e6 / Double(end - index))
            index = end
        }
        let total = seconds(elapsed)
        let sorted = chunkMicros.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        print(String(format: "events/s %.0f cpu (%.0f wall)  cpu %.2f s  µs/event (cpu) over %d-event chunks: p50 %.2f  p99 %.2f  max %.2f",
                     Double(events.count) / max(cpu, 1e-9), Double(events.count) / max(total, 1e-9), cpu, chunk,
                     percentile(0.5), percentile(0.99), sorted.last ?? 0))
        print("actions \(actionCount)  active clusters \(engine.stats.activeClusters)  topic space fitted "
            + "\(engine.clusterer.topics.epoch) times of \(engine.clusterer.topics.seen) reports  peak memory (VmHWM) "
            + ClusteringBench.peakMemory())
        if digest {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var hasher = FNV1a()
            for actions in allActions {
                for action in actions {
                    switch action {
                    case .assigned(let a): hasher.combine(String(decoding: try encoder.encode(a), as: UTF8.self))
                    case .incident(let c): hasher.combine(String(decoding: try encoder.encode(c), as: UTF8.self))
                    }
                }
                hasher.combine("|")
            }
            print("digest \(hasher.hex)")
        }
    }

    /// The scenario simulated with successive seeds, each copy shifted by whole weeks past the previous one.
    static func stream(of base: Scenario, count: Int) -> [TicketEvent] {
        var events: [TicketEvent] = []
        events.reserveCapacity(count)
        var copy = 0
        var shift: Int64 = 0
        let week: Int64 = 7 * 86_400_000
        while events.count < count {
            var scenario = base
            scenario.seed = base.seed &+ UInt64(copy)
            var first: Timestamp?
            var last: Timestamp?
            _ = Simulator(scenario: scenario).run { event, _ in
                if first == nil { first = event.at }
                last = event.at
                guard events.count < count else { return }
                var e = event
                if copy > 0 {
                    e.at = Timestamp(milliseconds: e.at.milliseconds + shift)
                    e.ticket += "~\(copy)"
                    e.id += "~\(copy)"
                }
                events.append(e)
            }
            guard let first, let last else { break }
            let span = last.milliseconds - first.milliseconds
            shift += (span / week + 1) * week
            copy += 1
        }
        return events
    }

    static func seconds(_ d: Swift.Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
