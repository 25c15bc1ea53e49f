import Foundation
import Testing
@testable import VedettaCore

@Suite struct OnlineClustererTests {
    @Test func explainsWhyReportsWereGrouped() throws {
        var c = LexicalClusterer()
        let first = c.feed(opened("A", "portal=portale errore #503 firma=firmare denuncia infortunio"))
        let second = c.feed(opened("B", "dopo firma=firma errore #503 portal=portale"))
        guard case .assigned(_, let cluster, _, true) = first[0] else { Issue.record("not seeded: \(first)"); return }
        #expect(second == [.assigned(ticket: "B", cluster: cluster, similarity: second.similarity, seeded: false)])
        let why = try #require(c.membership(ticket: "B"))
        #expect(why.cluster == cluster)
        #expect(!why.seeded)
        #expect(why.sharedCodes == ["503"])
        #expect(Set(why.sharedTerms).isSuperset(of: ["portale", "errore"]))
        #expect(why.similarity > 0.3 && why.similarity < 1)
        let view = try #require(c.cluster(id: cluster))
        #expect(view.errorCodes == [LabelCount(label: "503", count: 2)])
        #expect(view.size == 2)
        #expect(view.label.contains("503"))
        #expect(c.membership(ticket: "A")?.seeded == true)
    }

    @Test func labelsUseTheMostFrequentSurfaceForm() throws {
        var c = LexicalClusterer()
        _ = c.feed(opened("A", "pagament=pagamenti rifiut=rifiutato cart=carta"))
        _ = c.feed(opened("B", "pagament=pagamento rifiut=rifiutato cart=carta"))
        _ = c.feed(opened("C", "pagament=pagamento rifiut=rifiutati cart=carta"))
        let id = try #require(c.clusterID(ofTicket: "A"))
        let label = try #require(c.cluster(id: id)?.topTerms)
        #expect(Set(label) == ["pagamento", "rifiutato", "carta"])
    }

    @Test func mergeKeepsIDsResolvable() throws {
        var config = ClusteringConfiguration()
        config.joinThreshold = 0.95
        config.mergeThreshold = 0.3
        config.mergeInterval = 0
        config.topicDimensions = 0  // lexical thresholds as set (the topic space would replace them)
        var c = LexicalClusterer(configuration: config)
        _ = c.feed(opened("A", "alfa beta gamma"))
        _ = c.feed(opened("B", "alfa beta gamma delta"))
        _ = c.feed(opened("C", "alfa beta gamma delta"))
        let a = try #require(c.clusterID(ofTicket: "A"))
        let b = try #require(c.clusterID(ofTicket: "B"))
        #expect(a != b)
        #expect(c.clusterID(ofTicket: "C") == b)
        let updates = c.consolidate()
        // B's cluster is larger, so it survives; A's id now resolves to it.
        #expect(updates == [.merged(from: a, into: b, tickets: ["A"])])
        #expect(c.resolve(id: a) == b)
        #expect(c.cluster(id: a)?.id == b)
        #expect(c.cluster(id: b)?.absorbed == [a])
        #expect(c.clusterID(ofTicket: "A") == b)
        #expect(c.cluster(id: b)?.size == 3)
        #expect(c.activeClusterCount == 1)
    }

    /// Memory stays bounded: a ticket silent past `ticketHorizon` is forgotten, its mass stays in the cluster,
    /// and a ticket that keeps talking is kept.
    @Test func forgetsSilentTicketsButKeepsTheirMass() throws {
        var config = ClusteringConfiguration()
        config.ticketHorizon = .hours(2)
        config.retirementHorizon = .days(30)
        var c = LexicalClusterer(configuration: config)
        _ = c.feed(opened("A", "stampa modello unico bloccata"))
        _ = c.feed(opened("B", "stampa modello unico bloccata", minutes: 10))
        let id = try #require(c.clusterID(ofTicket: "A"))
        #expect(c.clusterID(ofTicket: "B") == id)
        // B writes again after 100 minutes: it stays remembered when A is forgotten.
        _ = c.feed(TicketEvent(ticket: "B", type: .updated, at: t0.adding(.minutes(100)),
                               text: "stampa modello unico bloccata"))
        let updates = c.advance(to: t0.adding(.hours(3)))
        #expect(updates == [.forgotten(tickets: ["A"])])
        #expect(c.clusterID(ofTicket: "A") == nil)
        #expect(c.clusterID(ofTicket: "B") == id)
        #expect(c.cluster(id: id)?.size == 2)
        #expect(c.ticketCount == 1)
        // After another quiet horizon B goes too; the cluster keeps both members' mass.
        _ = c.advance(to: t0.adding(.hours(8)))
        #expect(c.ticketCount == 0)
        #expect(c.cluster(id: id)?.size == 2)
    }

    @Test func retiresIdleClusters() throws {
        var config = ClusteringConfiguration()
        config.retirementHorizon = .hours(2)
        var c = LexicalClusterer(configuration: config)
        _ = c.feed(opened("A", "stampa modello unico bloccata"))
        let id = try #require(c.clusterID(ofTicket: "A"))
        #expect(c.advance(to: t0.adding(.minutes(90))).isEmpty)
        // Retirement happens between one and two horizons after the last report.
        let updates = c.advance(to: t0.adding(.hours(4)).adding(.minutes(1)))
        #expect(updates == [.forgotten(tickets: ["A"]), .retired(cluster: id)])
        #expect(c.cluster(id: id) == nil)
        #expect(c.clusterID(ofTicket: "A") == nil)
        let again = c.feed(opened("B", "stampa modello unico bloccata", minutes: 300))
        guard case .assigned(_, let newID, _, true) = again.first else { Issue.record("\(again)"); return }
        #expect(newID != id)
    }

    @Test(arguments: [
        (Float(0.6), "svcB", true),   // a shared upstream failure: near-identical text joins across services
        (Float(0.95), "svcB", false), // a stricter cross-service threshold keeps services apart
        (Float(0.95), "svcA", true),  // the same service joins at the ordinary threshold
    ])
    func crossServiceThreshold(cross: Float, secondService: String, joins: Bool) {
        var config = ClusteringConfiguration()
        config.crossServiceThreshold = cross
        var c = LexicalClusterer(configuration: config)
        _ = c.feed(opened("A", "accesso spid negato errore #401"), service: "svcA")
        _ = c.feed(opened("B", "accesso spid negato errore #401 stamattina"), service: secondService)
        #expect((c.clusterID(ofTicket: "A") == c.clusterID(ofTicket: "B")) == joins)
    }

    @Test func updatesRefineATicketAndMayMoveIt() throws {
        var c = LexicalClusterer()
        for i in 0..<3 { _ = c.feed(opened("P\(i)", "password dimenticata accesso bloccato account", minutes: Int64(i))) }
        for i in 0..<3 { _ = c.feed(opened("Q\(i)", "pagamento rifiutato carta credito", minutes: Int64(i))) }
        let passwords = try #require(c.clusterID(ofTicket: "P0"))
        _ = c.feed(opened("X", "problema urgente aiuto subito", minutes: 5))
        let own = try #require(c.clusterID(ofTicket: "X"))
        #expect(own != passwords)
        let update = TicketEvent(ticket: "X", type: .updated, at: t0.adding(.minutes(9)),
                                 text: "password dimenticata account bloccato")
        let updates = c.feed(update)
        #expect(updates.count == 2)
        #expect(updates.contains(.retired(cluster: own)))  // emptied by the move
        #expect(updates.contains { if case .moved("X", own, passwords, _) = $0 { true } else { false } })
        #expect(c.clusterID(ofTicket: "X") == passwords)
        // A ticket counts once, however many texts it has.
        #expect(c.cluster(id: passwords)?.size == 4)
        let again = c.feed(TicketEvent(ticket: "X", type: .escalated, at: t0.adding(.minutes(10)),
                                       text: "ancora bloccato"))
        #expect(again.isEmpty)
        #expect(c.cluster(id: passwords)?.size == 4)
        #expect(c.cluster(id: passwords)?.windows.first?.tickets == 4)
    }

    /// A follow-up in generic words ("any news?") pulls a ticket's refined text towards the cluster of reminders;
    /// while the ticket still fits its own cluster at `revisitSettled` it stays there, without a candidate lookup
    /// (on the simulated scenarios, moving such tickets had scattered failures: failure-ticket NMI 0.52 → 0.82).
    @Test(arguments: [(Float(0.5), false), (Float(1), true)])
    func aRefinedTicketThatStillFitsItsClusterStays(settled: Float, moves: Bool) throws {
        var config = ClusteringConfiguration()
        config.revisitSettled = settled
        var c = LexicalClusterer(configuration: config)
        for i in 0..<4 { _ = c.feed(opened("F\(i)", "invio denuncia fallito errore #503 portale", minutes: Int64(i))) }
        for i in 0..<4 { _ = c.feed(opened("R\(i)", "sollecito nessuna risposta invio denuncia portale", minutes: Int64(i))) }
        let failures = try #require(c.clusterID(ofTicket: "F0"))
        let reminders = try #require(c.clusterID(ofTicket: "R0"))
        #expect(failures != reminders)
        _ = c.feed(TicketEvent(ticket: "F0", type: .updated, at: t0.adding(.minutes(20)),
                               text: "sollecito nessuna risposta invio denuncia"))
        #expect((c.clusterID(ofTicket: "F0") == reminders) == moves, "F0 is in \(String(describing: c.clusterID(ofTicket: "F0")))")
    }

    @Test func resolutionBecomesAKnownSolution() throws {
        var c = LexicalClusterer()
        _ = c.feed(opened("A", "certificato malattia non visibile"))
        _ = c.feed(opened("B", "certificato malattia non visibile portale"))
        let id = try #require(c.clusterID(ofTicket: "A"))
        let fix = "Svuotare la cache e riaccedere"
        let first = c.feed(TicketEvent(ticket: "A", type: .resolved, at: t0.adding(.minutes(30)), resolution: fix))
        #expect(first == [.solutionAdded(cluster: id, ticket: "A")])
        _ = c.feed(TicketEvent(ticket: "B", type: .closed, at: t0.adding(.minutes(40)), resolution: fix))
        let solutions = try #require(c.cluster(id: id)?.solutions)
        #expect(solutions == [KnownSolution(text: fix, ticket: "B", at: t0.adding(.minutes(40)), count: 2)])
        #expect(c.feed(TicketEvent(ticket: "Z", type: .resolved, at: t0.adding(.hours(1)), resolution: fix)).isEmpty)
    }

    @Test func windowsCountTicketsAndDistinctRequesters() throws {
        var c = LexicalClusterer()
        _ = c.feed(opened("A", "mail non arriva casella piena", minutes: 0, requester: "r1"))
        _ = c.feed(opened("B", "mail non arriva casella piena", minutes: 30, requester: "r1"))
        _ = c.feed(opened("C", "mail non arriva casella piena", minutes: 50, requester: "r2"))
        let id = try #require(c.clusterID(ofTicket: "A"))
        let counts = c.windowCounts(of: id, now: t0.adding(.minutes(52)))
        #expect(counts.map(\.window) == WindowCounter.windows)
        #expect(counts.map(\.tickets) == [1, 3, 3, 3])
        // r1 filed twice: one voice.
        #expect(counts.map(\.requesters) == [1, 2, 2, 2])
    }

    @Test func representativesAreFewAndDistinct() throws {
        var c = LexicalClusterer()
        for i in 0..<20 { _ = c.feed(opened("R\(i)", "rimborso non pagato iban w\(i % 7)", minutes: Int64(i))) }
        let id = try #require(c.clusterID(ofTicket: "R0"))
        let reps = try #require(c.cluster(id: id)?.representatives)
        #expect((3...5).contains(reps.count))
        #expect(Set(reps.map(\.ticket)).count == reps.count)
        #expect(c.members(of: id).count == 20)
    }

    @Test func tuningsWrittenBeforeNewKeysStillDecode() throws {
        let old = Data(#"{"joinThreshold":0.4,"mergeThreshold":0.5}"#.utf8)
        let config = try JSONDecoder().decode(ClusteringConfiguration.self, from: old)
        var expected = ClusteringConfiguration()
        expected.joinThreshold = 0.4
        expected.mergeThreshold = 0.5
        // Keys added since session 17 decode, when missing, to the behaviour before them (not today's default),
        // so a checkpoint's older tuning is not mistaken for this build's.
        expected.topicMinReports = 1
        expected.topicShareFull = 0
        expected.topicRefitTolerance = 0
        #expect(config == expected)
        let features = try JSONDecoder().decode(LexicalFeaturizer.Configuration.self, from: Data(#"{"idfOffset":1}"#.utf8))
        #expect(features.idfOffset == 1)
        #expect(features.prefixWeight == LexicalFeaturizer.Configuration().prefixWeight)
        let roundTrip = try JSONDecoder().decode(ClusteringConfiguration.self, from: JSONEncoder().encode(expected))
        #expect(roundTrip == expected)
    }

    @Test func stemPrefixesLinkVariantsTheStemmerKeepsApart() throws {
        var f = LexicalFeaturizer()
        let a = f.featurize(NormalizedText(language: .english, tokens: [Token(term: "verification", surface: "verification", kind: .word)]),
                            service: nil, at: t0)
        let b = f.featurize(NormalizedText(language: .english, tokens: [Token(term: "verifi", surface: "verify", kind: .word)]),
                            service: nil, at: t0)
        #expect(a.dot(b) > 0)
        var off = LexicalFeaturizer.Configuration()
        off.prefixWeight = 0
        var g = LexicalFeaturizer(configuration: off)
        let c = g.featurize(NormalizedText(language: .english, tokens: [Token(term: "verification", surface: "verification", kind: .word)]),
                            service: nil, at: t0)
        let d = g.featurize(NormalizedText(language: .english, tokens: [Token(term: "verifi", surface: "verify", kind: .word)]),
                            service: nil, at: t0)
        #expect(c.dot(d) == 0)
    }

    @Test func checkpointRestoreContinuesExactly() throws {
        var config = ClusteringConfiguration()
        config.revisitAfter = [8, 40]
        config.mergeInterval = 8
        // Low enough for the synthetic stream to merge, so that the checkpoint covers aliases too.
        config.mergeThreshold = 0.45
        // Lexical thresholds as set; `TopicClusteringTests` checks the same across topic space refits.
        config.topicDimensions = 0
        let (_, expected) = try expectCheckpointContinuity(config, syntheticStream(count: 600, seed: 7),
                                                           cuts: [1, 150, 299, 301, 450], compareClusters: true)
        #expect(expected.joined().contains { if case .merged = $0 { true } else { false } })
        #expect(expected.joined().contains { if case .retired = $0 { true } else { false } })
        #expect(expected.joined().contains { if case .moved = $0 { true } else { false } })
    }

    @Test func sameInputGivesSameAssignments() {
        let stream = syntheticStream(count: 400, seed: 11)
        var a = LexicalClusterer()
        var b = LexicalClusterer()
        let ua = stream.map { a.feed($0.0, service: $0.1) }
        let ub = stream.map { b.feed($0.0, service: $0.1) }
        #expect(ua == ub)
        #expect(a.activeClusterIDs.map { a.members(of: $0) } == b.activeClusterIDs.map { b.members(of: $0) })
    }
}

extension [ClusterUpdate] {
    /// The similarity of the first assignment (for comparing whole update lists).
    var similarity: Float {
        for u in self { if case .assigned(_, _, let s, _) = u { return s } }
        return 0
    }
}
