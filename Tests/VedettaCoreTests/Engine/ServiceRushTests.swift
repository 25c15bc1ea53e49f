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

    /// The novelty group (a service's voices using words new to the stream) grows with a rush too: more people
    /// bring more names and typos. Its expectation follows the rest of the service's excess, as a cluster's does
    /// (in the April scenario's DURC rush it fired on two of five seeds before).
    @Test func theNoveltyGroupsExpectationFollowsARush() throws {
        func noveltyExpectation(extra: Int) throws -> Double {
            var detector = EmergenceDetector()
            let monday = OrdinaryQuestions.monday
            var n = 0
            func observe(_ at: Timestamp, _ terms: [String]) -> [String: UnitTest] {
                n += 1
                var o = Observation(ticket: "T-\(n)", requester: "r-\(n)", at: at, service: "s", cluster: "c1",
                                    clusterFirstSeen: monday)
                o.terms = terms
                return Dictionary(uniqueKeysWithValues: detector.observe(o, rules: .empty, young: false)
                    .map { ($0.key, $0.test) })
            }
            for day in 0..<2 {
                for minute in 0..<600 { _ = observe(monday.adding(.days(Int64(day))).adding(.minutes(Int64(minute))), ["modello", "ricevuta"]) }
            }
            let third = monday.adding(.days(2))
            var novelty: UnitTest?
            for minute in 0..<180 {
                let at = third.adding(.minutes(Int64(minute)))
                for _ in 0...extra { _ = observe(at, ["modello", "ricevuta"]) }
                // The same few new words either way: a surname written by two people every eight minutes.
                if minute % 4 == 0, let test = observe(at, ["cognome\(minute / 8)"])["n:s"] { novelty = test }
            }
            return try #require(novelty).expected1h
        }
        let calm = try noveltyExpectation(extra: 0)
        let rush = try noveltyExpectation(extra: 5)
        #expect(rush >= 2 * calm, "a sixfold rush raised the novelty group's expectation from \(calm) to \(rush) only")
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
