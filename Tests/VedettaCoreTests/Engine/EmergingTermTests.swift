import Testing
@testable import VedettaCore

/// New words (and error codes) that several people start using at once are tested as units of their own, while
/// more of the usual questions is load, not a failure.
@Suite struct EmergingTermTests {
    /// Two working days and two hours of a third morning, `extra` more questions a minute on that morning.
    static func background(into engine: inout Engine, extra: Int = 0) -> (actions: [IncidentChange], morning: Timestamp) {
        let questions = OrdinaryQuestions(thirdDayMinutes: 120, extra: extra)
        return (questions.feed(into: &engine), questions.end)
    }

    @Test func aNewErrorCodeUsedBySixPeopleOpensAnIncidentWithinMinutes() throws {
        var engine = Engine()
        var (changes, t) = Self.background(into: &engine)
        #expect(changes.isEmpty, "steady ordinary questions raise nothing")
        let start = t
        for i in 0..<8 {
            t = t.adding(.minutes(2))
            let event = TicketEvent(ticket: "F-\(i)", type: .opened, at: t, service: "denuncia-infortunio",
                                    requester: "f-\(i)", text: "all'invio della denuncia esce errore E-7731, pratica bloccata")
            for case .incident(let change) in engine.ingest(event) { changes.append(change) }
        }
        let firing = try #require(changes.first { $0.incident.state == .firing })
        #expect(firing.incident.service == "denuncia-infortunio")
        #expect(firing.incident.reason.contains("t:"), "an emerging term fired: \(firing.incident.reason)")
        #expect(firing.incident.openedAt.since(start) <= .minutes(12))
        #expect(firing.tickets.filter { $0.hasPrefix("F-") }.count >= 4, "the earlier reports with the code are grouped in")
    }

    @Test func threeTimesTheUsualQuestionsIsNotAFailure() {
        var engine = Engine()
        let (changes, _) = Self.background(into: &engine, extra: 2)
        #expect(changes.isEmpty, "a rush of familiar questions raised \(changes.map(\.incident.reason))")
    }

    @Test func aNewErrorCodeNeedsOneRequesterFewerThanANewWord() throws {
        var detector = EmergenceDetector()
        let rules = RuleSet.empty
        let minimum = rules.thresholds(for: "s").minRequesters
        let base = Timestamp(rfc3339: "2026-03-02T07:00:00Z")!
        func observe(_ n: Int, _ at: Timestamp, terms: [String] = ["xsdfault"], codes: [String] = ["E-9"]) -> [String: UnitTest] {
            var o = Observation(ticket: "T-\(n)", requester: "r-\(n)", at: at, service: "s", cluster: "c\(n)",
                                clusterFirstSeen: at, errorCodes: codes)
            o.terms = terms
            return Dictionary(uniqueKeysWithValues: detector.observe(o, rules: rules, young: true).map { ($0.key, $0.test) })
        }
        _ = observe(0, base, terms: ["portale"], codes: [])  // starts the vocabulary, which settles in two days
        let later = base.adding(.days(3))
        var tests: [String: UnitTest] = [:]
        for n in 1..<minimum { tests = observe(n, later.adding(.minutes(Int64(2 * n)))) }
        let code = try #require(tests["t:#E-9"])
        let word = try #require(tests["t:xsdfault"])
        #expect(code.significant && code.observed == minimum - 1,
                "\(minimum - 1) people quoting an unseen code: \(code)")
        #expect(!word.significant, "\(minimum - 1) people using an unseen word are fewer than minRequesters")
        tests = observe(minimum, later.adding(.minutes(Int64(2 * minimum))))
        #expect(tests["t:xsdfault"]?.significant == true, "the word needs minRequesters (\(minimum))")
    }

    /// The protocol system's failure of the shipped April scenario: the first two people quote SEG-500 a minute
    /// apart, a quarter of an hour after the failure began. The office asks for three voices; a new code needs
    /// two, and two are significant only if the code's test is not corrected as if it were one of the many new
    /// words of the day.
    @Test func twoPeopleQuotingAnUnseenCodeAMinuteApartAreEnoughWhereTheOfficeAsksForThree() throws {
        var detector = EmergenceDetector()
        let rules = RuleSet(offices: [], services: [
            Service(id: "protocollo", name: "Protocollo", office: "uff-sistemi", aliases: [],
                    thresholds: Service.Thresholds(minRequesters: 3)),
        ])
        let base = Timestamp(rfc3339: "2026-03-02T07:00:00Z")!
        func observe(_ n: Int, _ at: Timestamp) -> [String: UnitTest] {
            var o = Observation(ticket: "T-\(n)", requester: "r-\(n)", at: at, service: "protocollo", cluster: "c\(n)",
                                clusterFirstSeen: at, errorCodes: n == 0 ? [] : ["SEG-500"])
            o.terms = n == 0 ? ["protocollo"] : ["protocollo", "segnatur"]
            return Dictionary(uniqueKeysWithValues: detector.observe(o, rules: rules, young: true).map { ($0.key, $0.test) })
        }
        _ = observe(0, base)  // starts the vocabulary, which settles in two days
        let later = base.adding(.days(3))
        _ = observe(1, later)
        let second = observe(2, later.adding(.minutes(1)))
        let code = try #require(second["t:#SEG-500"])
        #expect(code.significant && code.observed == 2, "two people quoting an unseen code: \(code)")
        let word = try #require(second["t:segnatur"])
        #expect(!word.significant, "two people using an unseen word are fewer than the office's three")
    }

    @Test func aTermIsEmergingOnlyOnceASecondReportUsesIt() {
        var detector = EmergenceDetector()
        let base = Timestamp(rfc3339: "2026-03-02T07:00:00Z")!
        func observation(_ n: Int, _ at: Timestamp, _ terms: [String], codes: [String] = []) -> Observation {
            var o = Observation(ticket: "T-\(n)", requester: "r-\(n)", at: at, service: "s", cluster: "c1",
                                clusterFirstSeen: base, errorCodes: codes)
            o.terms = terms
            return o
        }
        #expect(detector.emergingTerms(of: observation(1, base, ["portale", "ricevuta"])).isEmpty)
        let later = base.adding(.days(3))
        #expect(detector.emergingTerms(of: observation(2, later, ["portale", "xsdfault"], codes: ["E-1"])).isEmpty,
                "first use: a typo or a name until someone else writes it")
        let second = detector.emergingTerms(of: observation(3, later.adding(.minutes(5)), ["portale", "xsdfault"], codes: ["E-1"]))
        #expect(second.map(\.term) == ["xsdfault", "#E-1"])
        #expect(second.first?.first?.requester == "r-2", "the first user is remembered")
        #expect(detector.emergingTerms(of: observation(4, later.adding(.hours(13)), ["xsdfault"])).isEmpty,
                "older than the emerging age")
    }
}
