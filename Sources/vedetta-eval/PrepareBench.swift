import Foundation
import VedettaCore
import VedettaSimulator

/// `vedetta-eval prepare-bench [--events 200000] [--scenario FILE] [--rounds 3] [--profile parse|prepare]`
///
/// Throughput of a replay's feed thread on a simulated stream: (a) parsing JSON lines with
/// `EventStreamParser` and (b) `Engine.prepare` (text normalisation, alias words) of the parsed events. The
/// stream is `EngineBench.stream(of:count:)` encoded as `vedetta simulate` writes events.jsonl (keys sorted,
/// Rome offset, a `label`); generation and encoding are outside the timed sections. Each stage runs
/// `--rounds` times and the fastest round counts (CPU time: other builds on the shared machine stretch wall
/// time, not this). Prints events/s and µs/event per stage, and FNV-1a digests of the parsed events
/// (canonical JSON) and of the prepared outputs (language, tokens' term/surface/kind, alias words), so that
/// speed work can be shown to change no output. `--profile parse|prepare` runs only that stage `--rounds` times
/// (the other once), for `perf record`.
enum PrepareBench {
    static func run(_ arguments: [String]) throws {
        var target = 200_000
        var scenarioPath = "scenarios/autumn-mixed.yaml"
        var rounds = 3
        var profileStage: String?
        var options = OptionCursor(arguments)
        while let option = options.next() {
            switch option {
            case "--events": target = try options.int()
            case "--rounds": rounds = try options.int()
            case "--scenario": scenarioPath = try options.value("a scenario file")
            case "--profile": profileStage = try options.choice(["parse", "prepare"])
            default: throw options.unknown(usage: "vedetta-eval prepare-bench [--events N] [--rounds N] [--scenario FILE] [--profile parse|prepare]")
            }
        }
        let base = try Scenario.load(yaml: try String(contentsOfFile: scenarioPath, encoding: .utf8), file: scenarioPath)
        let generated = EngineBench.stream(of: base, count: target)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(generated.count * 400)
        for event in generated {
            // As `vedetta simulate` writes events.jsonl; the benchmark stream has lost the real labels (the parser
            // ignores them anyway).
            bytes.append(contentsOf: SimulationWriter.jsonLine(event, label: "background").utf8)
            bytes.append(0x0A)
        }
        print("prepare-bench: \(generated.count) events from \(scenarioPath), \(bytes.count) bytes of JSON lines, "
            + "one core, best of \(rounds) rounds, generation excluded")

        // (a) parsing, in 64 KiB chunks as a file reader feeds it.
        var parsed: [TicketEvent] = []
        var errors = 0
        var parseCPU = Double.infinity
        for _ in 0..<(profileStage == "prepare" ? 1 : rounds) {
            var events: [TicketEvent] = []
            events.reserveCapacity(generated.count)
            errors = 0
            var parser = EventStreamParser(format: .jsonLines, source: "bench")
            let c0 = ClusteringBench.cpuSeconds()
            bytes.withUnsafeBufferPointer { all in
                var offset = 0
                while offset < all.count {
                    let end = min(offset + 65_536, all.count)
                    parser.feed(UnsafeBufferPointer(rebasing: all[offset..<end])) { item in
                        switch item {
                        case .event(let event, _): events.append(event)
                        case .error: errors += 1
                        }
                    }
                    offset = end
                }
            }
            parser.finish { item in
                switch item {
                case .event(let event, _): events.append(event)
                case .error: errors += 1
                }
            }
            parseCPU = min(parseCPU, ClusteringBench.cpuSeconds() - c0)
            parsed = events
        }
        report("parse", count: parsed.count, cpu: parseCPU, extra: "errors \(errors)")

        // (b) preparation.
        var prepared: [Engine.PreparedEvent] = []
        var prepareCPU = Double.infinity
        // The first round starts with the normaliser's word memo empty: shown apart.
        var prepareRounds: [Double] = []
        for _ in 0..<(profileStage == "parse" ? 1 : rounds) {
            var out: [Engine.PreparedEvent] = []
            out.reserveCapacity(parsed.count)
            let c0 = ClusteringBench.cpuSeconds()
            for event in parsed { out.append(Engine.prepare(event)) }
            let c = ClusteringBench.cpuSeconds() - c0
            prepareRounds.append(c * 1e6 / Double(max(parsed.count, 1)))
            prepareCPU = min(prepareCPU, c)
            prepared = out
        }
        let normalised = prepared.reduce(0) { $0 + ($1.normalized == nil ? 0 : 1) }
        let tokens = prepared.reduce(0) { $0 + ($1.normalized?.tokens.count ?? 0) }
        report("prepare", count: prepared.count, cpu: prepareCPU,
               extra: "texts normalised \(normalised), tokens \(tokens); µs/event by round "
                   + prepareRounds.map { String(format: "%.3f", $0) }.joined(separator: " "))
        report("both", count: parsed.count, cpu: parseCPU + prepareCPU, extra: "")

        var parseHash = FNV1a()
        for event in parsed {
            parseHash.combine(event.jsonLine)
            parseHash.combine("\n")
        }
        print("parse digest \(parseHash.hex)")
        print("prepare digest \(digest(prepared))")
    }

    /// FNV-1a of everything `Engine.prepare` adds to an event.
    static func digest(_ prepared: [Engine.PreparedEvent]) -> String {
        var hasher = FNV1a()
        for p in prepared {
            if let normalized = p.normalized {
                hasher.combine(normalized.language.rawValue)
                for token in normalized.tokens {
                    hasher.combine("\u{1}")
                    hasher.combine(token.term)
                    hasher.combine("\u{2}")
                    hasher.combine(token.surface)
                    hasher.combine("\u{2}")
                    switch token.kind {
                    case .word: hasher.combine("w")
                    case .errorCode: hasher.combine("e")
                    case .placeholder(let kind): hasher.combine("p" + kind.rawValue)
                    }
                }
            } else {
                hasher.combine("-")
            }
            hasher.combine("|")
            if let words = p.aliasWords {
                for word in words {
                    hasher.combine(word)
                    hasher.combine(" ")
                }
            } else {
                hasher.combine("-")
            }
            hasher.combine("\n")
        }
        return hasher.hex
    }

    static func report(_ stage: String, count: Int, cpu: Double, extra: String) {
        print(String(format: "%-8@ events %d  cpu %.3f s  events/s %.0f  µs/event %.3f  ", stage, count, cpu,
                     Double(count) / max(cpu, 1e-9), cpu * 1e6 / Double(max(count, 1))) + extra)
    }
}
