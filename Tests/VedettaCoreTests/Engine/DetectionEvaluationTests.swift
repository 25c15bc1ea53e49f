import Testing
@testable import VedettaCore

/// How a replay's incidents are scored against the injected failures.
@Suite struct DetectionEvaluationTests {
    static let start = Timestamp(rfc3339: "2026-02-12T09:15:00Z")!
    static let truth = GroundTruth(
        incidents: [GroundTruth.Failure(id: "f", service: "autoliquidazione", kind: "during-rush", start: start,
                                        end: start.adding(.hours(4)), tickets: ["F-1", "F-2", "F-3", "F-4"])],
        rushes: [])

    /// Revision `revision` of incident `id` at `at` holding `tickets`, delivered to one office.
    static func change(_ id: String, revision: Int, at: Timestamp, openedAt: Timestamp, tickets: [String]) -> Action {
        let incident = Incident(
            id: id, revision: revision, state: revision == 1 ? .firing : .updated, severity: .major,
            service: "autoliquidazione", serviceName: "Autoliquidazione", owner: "ufficio", title: "t",
            firstSeen: openedAt, lastSeen: at, openedAt: openedAt, updatedAt: at,
            counts: IncidentCounts(tickets: tickets.count, requesters: tickets.count, requesters15m: 0,
                                   requesters1h: 0, requesters4h: 0),
            growth: 1, expectedPerHour: 1)
        return .incident(IncidentChange(incident: incident, deliveries: [Delivery(office: "ufficio", route: "root", escalation: false)],
                                        tickets: tickets))
    }

    @Test func anIncidentOpenedForTheFailureCountsFromItsOpening() throws {
        var recorder = ReplayRecorder()
        recorder.record([Self.change("INC-2", revision: 1, at: Self.start.adding(.minutes(20)),
                                     openedAt: Self.start.adding(.minutes(20)), tickets: ["F-1", "F-2", "F-3"])])
        let evaluation = DetectionEvaluation.evaluate(recorder, truth: Self.truth, weeks: 1)
        let outcome = try #require(evaluation.failures.first)
        #expect(outcome.detected)
        #expect(outcome.delaySeconds == Double(20 * 60))
        #expect(evaluation.falseAlerts.isEmpty)
    }

    @Test func anIncidentAlreadyOpenCountsFromItsFirstAlertThatHoldsTheFailure() throws {
        // Opened the day before about something else; the failure's tickets join it later.
        let opened = Self.start.adding(.hours(-18))
        var recorder = ReplayRecorder()
        recorder.record([
            Self.change("INC-1", revision: 1, at: opened, openedAt: opened, tickets: ["B-1", "B-2"]),
            Self.change("INC-1", revision: 2, at: Self.start.adding(.minutes(5)), openedAt: opened,
                        tickets: ["B-1", "B-2", "B-3"]),
            Self.change("INC-1", revision: 3, at: Self.start.adding(.minutes(31)), openedAt: opened,
                        tickets: ["B-1", "B-2", "B-3", "F-1", "F-2", "F-3"]),
        ])
        let evaluation = DetectionEvaluation.evaluate(recorder, truth: Self.truth, weeks: 1)
        let outcome = try #require(evaluation.failures.first)
        #expect(outcome.detected)
        #expect(outcome.delaySeconds == Double(31 * 60), "not 0: the office heard of the failure with revision 3")
    }
}
