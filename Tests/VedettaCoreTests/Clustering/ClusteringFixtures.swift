import Foundation
import Testing
@testable import VedettaCore

/// Hand-built normalised texts, so that clustering tests do not depend on the normaliser's stemming: each
/// space-separated word is a token; `#X` is an error code, `<x>` a placeholder; `stem=surface` gives both.
func normalized(_ text: String) -> NormalizedText {
    let tokens = text.split(separator: " ").map { raw -> Token in
        let word = String(raw)
        if word.hasPrefix("#") { return Token(term: word, surface: String(word.dropFirst()), kind: .errorCode) }
        if word.hasPrefix("<") { return Token(term: word, surface: word, kind: .placeholder(.number)) }
        let parts = word.split(separator: "=").map(String.init)
        return Token(term: parts[0], surface: parts.count > 1 ? parts[1] : parts[0], kind: .word)
    }
    return NormalizedText(language: .italian, tokens: tokens)
}

let t0 = Timestamp(rfc3339: "2026-03-02T08:00:00Z")!

func opened(_ ticket: String, _ text: String, minutes: Int64 = 0, requester: String? = nil) -> TicketEvent {
    TicketEvent(ticket: ticket, type: .opened, at: t0.adding(.minutes(minutes)), requester: requester, text: text)
}

extension OnlineClusterer where F == LexicalFeaturizer {
    /// Feeds an event whose text is hand-normalised with `normalized(_:)`.
    mutating func feed(_ event: TicketEvent, service: String? = nil) -> [ClusterUpdate] {
        let text = event.text ?? event.subject
        return process(event, normalized: text.map(normalized), service: service)
    }
}

/// A deterministic synthetic stream: topics of characteristic words, shared filler words, some codes, services,
/// updates and resolutions, with gaps long enough to retire clusters.
func syntheticStream(count: Int, seed: UInt64) -> [(TicketEvent, String?)] {
    var state = seed
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    var events: [(TicketEvent, String?)] = []
    var minutes: Int64 = 0
    for i in 0..<count {
        minutes += Int64(next() % 30)
        if i == count / 2 { minutes += 60 * 24 * 8 }  // a long quiet spell: everything retires
        let topic = Int(next() % 12)
        var words: [String] = []
        for _ in 0..<5 { words.append("t\(topic)w\(next() % 6)") }
        words.append("f\(next() % 40)")
        if topic % 3 == 0 { words.append("#E\(topic)") }
        let service = topic % 4 == 0 ? nil : "svc\(topic % 4)"
        let at = t0.adding(.minutes(minutes))
        let roll = next() % 10
        if roll == 0 && i > 10 {
            let earlier = "T\(next() % UInt64(i))"
            events.append((TicketEvent(ticket: earlier, type: .updated, at: at, text: words.joined(separator: " ")), service))
        } else if roll == 1 && i > 10 {
            let earlier = "T\(next() % UInt64(i))"
            events.append((TicketEvent(ticket: earlier, type: .resolved, at: at, resolution: "fix \(topic)"), nil))
        } else {
            events.append((TicketEvent(ticket: "T\(i)", type: .opened, at: at, requester: "r\(next() % 50)",
                                       text: words.joined(separator: " ")), service))
        }
    }
    return events
}

/// Feeds `stream` through one clusterer, and for each cut through a clusterer checkpointed (JSON) at the cut and
/// restored; expects the same updates event by event and the same active clusters (and, with `compareClusters`,
/// equal clusters). Returns the uninterrupted clusterer and its updates.
@discardableResult
func expectCheckpointContinuity(
    _ config: ClusteringConfiguration, _ stream: [(TicketEvent, String?)], cuts: [Int], compareClusters: Bool = false
) throws -> (straight: LexicalClusterer, updates: [[ClusterUpdate]]) {
    var straight = LexicalClusterer(configuration: config)
    var expected: [[ClusterUpdate]] = []
    for (event, service) in stream { expected.append(straight.feed(event, service: service)) }
    for cut in cuts {
        var first = LexicalClusterer(configuration: config)
        var got: [[ClusterUpdate]] = []
        for (event, service) in stream[..<cut] { got.append(first.feed(event, service: service)) }
        var restored = try JSONDecoder().decode(LexicalClusterer.self, from: JSONEncoder().encode(first))
        for (event, service) in stream[cut...] { got.append(restored.feed(event, service: service)) }
        let diverged = zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(got.count == expected.count && diverged == nil, "diverged at event \(diverged ?? -1) after a checkpoint at \(cut)")
        #expect(restored.activeClusterIDs == straight.activeClusterIDs)
        if compareClusters {
            for id in straight.activeClusterIDs { #expect(restored.cluster(id: id) == straight.cluster(id: id)) }
        }
    }
    return (straight, expected)
}
