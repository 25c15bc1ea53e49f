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
}
