import Testing
@testable import VedettaCore

/// A rush raises every topic of a service, a failure one: a cluster's expectation follows the excess of the
/// rest of its service, with no calendar entry needed, while the same excess in one topic still fires.
@Suite struct ServiceRushTests {
    /// Three hours of the third morning with `extra` more reports a minute.
    static func run(extra: Int, oneTopic: Bool, extraNamesService: Bool = true, rules: RuleSet = .empty,
                    configuration: EngineConfiguration = EngineConfiguration()) -> [IncidentChange] {
        var engine = Engine(rules: rules, configuration: configuration)
        return OrdinaryQuestions(thirdDayMinutes: 180, extra: extra, oneTopic: oneTopic,
                                 extraNamesService: extraNamesService).feed(into: &engine)
    }

    @Test func sixTimesEveryTopicIsARushNotAFailure() {
        let changes = Self.run(extra: 5, oneTopic: false)
        #expect(changes.isEmpty, "a rush of the whole service raised \(changes.map(\.incident.reason))")
        // Without the rest of the service as a measure, the same rush fires clusters: the test is not vacuous.
        var blind = EngineConfiguration()
        blind.detection.restMinimumExpected = .infinity
        #expect(Self.run(extra: 5, oneTopic: false, configuration: blind).contains { $0.incident.state == .firing })
    }

    @Test func theSameExcessInOneTopicFires() throws {
        let changes = Self.run(extra: 5, oneTopic: true)
        let firing = try #require(changes.first { $0.incident.state == .firing })
        #expect(firing.incident.reason.contains("c:"), "the topic's cluster fired: \(firing.incident.reason)")
    }

    /// The third day (4 March) is a declared peak of the service, six times its usual flow.
    static let peakDay = RuleSet(offices: [], services: [], peaks: [
        CalendarPeak(id: "scadenza", services: ["denuncia-infortunio"],
                     span: .once(from: Timestamp(rfc3339: "2026-03-04T00:00:00Z")!,
                                 to: Timestamp(rfc3339: "2026-03-05T00:00:00Z")!), factor: 6),
    ])

    @Test func aDeclaredPeakCoversReportsThatNameNoService() {
        // The peak's extra reports land in one topic; the calendar's factor covers them when they name the
        // service and, through their cluster's service, when they do not.
        let named = Self.run(extra: 4, oneTopic: true, rules: Self.peakDay).map(\.incident.reason)
        #expect(named.isEmpty, "a declared peak raised incidents")
        let unnamed = Self.run(extra: 4, oneTopic: true, extraNamesService: false, rules: Self.peakDay).map(\.incident.reason)
        #expect(unnamed.isEmpty, "a declared peak's reports without service raised incidents")
        // Outside a declared peak the same reports fire: the test is not vacuous.
        #expect(Self.run(extra: 4, oneTopic: true, extraNamesService: false).contains { $0.incident.state == .firing })
    }
}
