import Foundation
import Testing
import VedettaCore
@testable import VedettaSimulator

@Suite("Labelled stream builder")
struct LabelledStreamBuilderTests {
    /// Synthetic labelled texts: 12 labels, each with distinct numbered texts.
    static let examples: [(text: String, label: String)] = (0..<12).flatMap { l in
        (0..<150).map { i in ("request \(i) about topic \(l) number \(i * 7 + l)", "topic_\(l)") }
    }

    static func config(_ burst: LabelledStreamBuilder.Burst) -> LabelledStreamBuilder.Configuration {
        var c = LabelledStreamBuilder.Configuration(
            seed: 11, start: RomeTime.instant(year: 2026, month: 3, day: 2), duration: .days(14))
        c.ticketsPerWeekday = 80
        c.warmUp = .days(7)
        c.burst = burst
        c.burstRate = 30
        return c
    }

    @Test("the burst is where the truth says, with a ramp then a plateau", arguments: [false, true])
    func burst(novel: Bool) throws {
        let burst: LabelledStreamBuilder.Burst = novel ? .novel(label: "topic_3") : .rampPlateau(label: "topic_3")
        let stream = LabelledStreamBuilder(examples: Self.examples, configuration: Self.config(burst)).build()
        let incident = try #require(stream.truth.incidents.first)
        #expect(incident.service == "topic-3")
        #expect(incident.kind == (novel ? "novel" : "burst"))
        #expect(incident.start >= Self.config(burst).start.adding(.days(7)))
        let local = RomeTime.local(incident.start)
        #expect(local.weekday < 5 && (9...10).contains(local.hour))
        var inBurst: [Timestamp] = []
        for (i, e) in stream.events.enumerated() {
            if stream.labels[i] != "background" {
                #expect(stream.labels[i] == incident.id)
                #expect(stream.intents[i] == "topic_3")
                #expect(e.at >= incident.start && e.at < incident.end)
                inBurst.append(e.at)
            } else if novel {
                #expect(stream.intents[i] != "topic_3", "a novel label never appears in the background")
            }
        }
        #expect(inBurst.count == incident.tickets.count)
        #expect(inBurst.count > 60)
        let firstHour = inBurst.filter { $0 < incident.start.adding(.hours(1)) }.count
        let lastHour = inBurst.filter { $0 >= incident.end.adding(.hours(-1)) }.count
        #expect(lastHour > firstHour, "ramp then plateau: \(firstHour) then \(lastHour)")
        #expect(zip(stream.events, stream.events.dropFirst()).allSatisfy { $0.at <= $1.at })
    }

    @Test("texts are drawn at most maxDrawsPerText times; shares are skewed; deterministic")
    func draws() {
        var c = Self.config(.rampPlateau(label: nil))
        c.maxDrawsPerText = 2
        let stream = LabelledStreamBuilder(examples: Self.examples, configuration: c).build()
        var uses: [String: Int] = [:]
        for e in stream.events { uses[e.text ?? "", default: 0] += 1 }
        #expect(uses.values.max() ?? 0 <= 2)
        var perLabel: [String: Int] = [:]
        for l in stream.intents { perLabel[l, default: 0] += 1 }
        let counts = perLabel.values.sorted()
        #expect((counts.last ?? 0) > 3 * (counts.first ?? 1))
        let again = LabelledStreamBuilder(examples: Self.examples, configuration: c).build()
        #expect(again.events == stream.events)
        #expect(again.labels == stream.labels)
    }
}

@Suite("Labelled stream builder on Banking77")
struct Banking77StreamTests {
    /// `<repo root>/../shared/data`, or one level higher for a git worktree under `wt/`.
    static let csv: URL = {
        let up = SimulationFixtures.repoRoot.deletingLastPathComponent()
        let candidates = [up, up.deletingLastPathComponent()].map {
            $0.appendingPathComponent("shared/data/banking77/train.csv")
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }()

    /// `text,category` rows; texts with commas are double-quoted, `""` escapes a quote.
    static func load() throws -> [(text: String, label: String)] {
        let content = try String(contentsOf: csv, encoding: .utf8)
        var rows: [(String, String)] = []
        for line in content.split(whereSeparator: \.isNewline).dropFirst() {
            guard let comma = line.lastIndex(of: ",") else { continue }
            var text = String(line[..<comma])
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            }
            rows.append((text, String(line[line.index(after: comma)...])))
        }
        return rows
    }

    @Test("a novel intent bursts where the truth says; no text is used more than twice",
          .enabled(if: FileManager.default.fileExists(atPath: csv.path)))
    func banking77() throws {
        let examples = try Self.load()
        #expect(examples.count > 10_000)
        var c = LabelledStreamBuilder.Configuration(
            seed: 77, start: RomeTime.instant(year: 2026, month: 3, day: 2), duration: .days(14))
        c.ticketsPerWeekday = 600
        c.burst = .novel(label: nil)
        let stream = LabelledStreamBuilder(examples: examples, configuration: c).build()
        let incident = try #require(stream.truth.incidents.first)
        let burstIntents = Set(zip(stream.labels, stream.intents).filter { $0.0 == incident.id }.map(\.1))
        #expect(burstIntents.count == 1)
        #expect(LabelledStreamBuilder.serviceID(try #require(burstIntents.first)) == incident.service)
        #expect(incident.tickets.count > 50)
        #expect(!zip(stream.labels, stream.intents).contains { $0.0 == "background" && burstIntents.contains($0.1) })
        var uses: [String: Int] = [:]
        for (e, intent) in zip(stream.events, stream.intents) { uses[intent + "|" + (e.text ?? ""), default: 0] += 1 }
        #expect(uses.values.max() ?? 0 <= 2)
        #expect(stream.events.count > 3_000)
    }
}
