import Foundation
import Testing
import VedettaCore
import VedettaSimulator
import VedettaTesting

/// The whole pure engine (normalise, cluster, detect, incidents) over the project's own demo stream.
@Suite struct EngineOnSimulatedStreamTests {
    static func demoStream() throws -> (events: [TicketEvent], truth: VedettaSimulator.Truth) {
        let path = Fixtures.repositoryRoot() + "/scenarios/demo.yaml"
        let scenario = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), file: path)
        var events: [TicketEvent] = []
        let truth = Simulator(scenario: scenario).run { event, _ in events.append(event) }
        return (events, truth)
    }

    static func replay(_ events: [TicketEvent], checkpointAt cut: Int? = nil) throws -> ReplayRecorder {
        var engine = Engine()
        var recorder = ReplayRecorder()
        for (index, event) in events.enumerated() {
            if index == cut {
                // Through the checkpoint format, exactly as the daemon restores it.
                let data = try JSONEncoder().encode(engine.snapshot())
                engine = Engine(snapshot: try JSONDecoder().decode(EngineSnapshot.self, from: data))
            }
            recorder.record(engine.ingest(event))
        }
        return recorder
    }

    @Test func detectsBothInjectedFailuresWithoutFalseAlerts() throws {
        let (events, truth) = try Self.demoStream()
        let recorder = try Self.replay(events)
        for failure in truth.incidents {
            let tickets = Set(failure.tickets)
            let matching = recorder.order.compactMap { recorder.incidents[$0] }.filter { record in
                record.tickets.filter(tickets.contains).count >= 3
            }
            let first = try #require(matching.map(\.openedAt).min(), "\(failure.id) not detected")
            #expect(first.since(failure.start) < .hours(3), "\(failure.id) detected after \(first.since(failure.start).seconds / 60) min")
        }
        let failureTickets = Set(truth.incidents.flatMap(\.tickets))
        let unmatched = recorder.order.compactMap { recorder.incidents[$0] }
            .filter { $0.tickets.filter(failureTickets.contains).count < 3 }
        #expect(unmatched.isEmpty, "false alerts: \(unmatched.map(\.incident.title))")
    }

    @Test func replayIsDeterministicAndSurvivesACheckpoint() throws {
        let (events, _) = try Self.demoStream()
        let first = try Self.replay(events)
        let second = try Self.replay(events)
        let restored = try Self.replay(events, checkpointAt: events.count / 2)
        #expect(first.incidentsJSONLines() == second.incidentsJSONLines())
        #expect(first.assignmentsJSONLines() == second.assignmentsJSONLines())
        #expect(first.incidentsJSONLines() == restored.incidentsJSONLines(), "a restart from a checkpoint changes nothing")
        #expect(first.assignmentsJSONLines() == restored.assignmentsJSONLines())
        #expect(!first.order.isEmpty)
    }

    /// The daemon encodes a snapshot on another thread while the engine goes on (`CheckpointWriter`), which is
    /// safe only if every part of the state is a value: the engine's later writes must copy, never reach the
    /// snapshot. Here the engine ingests the second half of the stream while the snapshot taken at the middle
    /// is encoded beside it, and again after; both encodings equal the one taken before the engine moved on.
    @Test func aSnapshotStaysAsTakenWhileTheEngineGoesOn() async throws {
        let (events, _) = try Self.demoStream()
        var engine = Engine()
        let cut = events.count / 2
        for event in events[..<cut] { _ = engine.ingest(event) }
        let snapshot = engine.snapshot()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let atOnce = try encoder.encode(snapshot)
        let beside = Task.detached { () throws -> Data in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(snapshot)
        }
        for event in events[cut...] { _ = engine.ingest(event) }
        let during = try await beside.value
        let after = try encoder.encode(snapshot)
        // Booleans, not the Data themselves: a failing `==` on megabytes makes Swift Testing diff them for hours.
        let sameDuring = during == atOnce
        let sameAfter = after == atOnce
        let movedOn = try encoder.encode(engine.snapshot()) != atOnce
        #expect(sameDuring, "encoded while the engine ingested: \(during.count) bytes against \(atOnce.count)")
        #expect(sameAfter, "encoded after the engine ingested: \(after.count) bytes against \(atOnce.count)")
        #expect(movedOn, "the engine did move on")
    }
}
