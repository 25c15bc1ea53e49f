import Foundation
import Testing
@testable import VedettaCore

/// The cost of a report must not grow with the number of active clusters: checked in operations (postings and
/// centroid entries read), which are deterministic, rather than in time, which is not.
@Suite struct ClusteringCostTests {
    /// A stream over `topics` latent topics of 6 characteristic words (drawn from a vocabulary that grows with the
    /// topics, so that words are shared between topics) plus two common filler words.
    func feed(topics: Int, reports: Int) -> LexicalClusterer {
        var generator = SplitMix64(seed: 7)
        let vocabulary = topics * 3
        let topicWords = (0..<topics).map { _ in (0..<6).map { _ in generator.next(vocabulary) } }
        var c = LexicalClusterer()
        for r in 0..<reports {
            let topic = generator.next(topics)
            var words = (0..<4).map { _ in "w\(topicWords[topic][generator.next(6)])" }
            words += ["k\(generator.next(50))", "k\(generator.next(50))"]
            _ = c.feed(opened("T\(r)", words.joined(separator: " "), minutes: Int64(r / 100)))
        }
        return c
    }

    @Test func workPerLookupIsBoundedByTheTuning() {
        let c = feed(topics: 1_500, reports: 6_000)
        let config = c.configuration
        #expect(c.activeClusterCount > 500)
        #expect(c.work.maxPostings <= config.queryTerms * config.postingsPerTerm)
        // The budget binds once lists fill up: a lookup reads at most the budget, or one full list.
        #expect(c.work.maxPostings <= max(config.postingsBudget, config.postingsPerTerm))
        // A centroid holds at most 1.5 × centroidTerms entries (truncation runs with slack).
        #expect(c.work.maxCentroidEntries <= config.candidates * (config.centroidTerms * 3 / 2))
    }

    @Test func workPerReportStaysFlatFromFewToManyClusters() {
        let few = feed(topics: 30, reports: 6_000)
        let many = feed(topics: 1_500, reports: 6_000)
        #expect(many.activeClusterCount > 30 * few.activeClusterCount)
        func perReport(_ c: LexicalClusterer) -> Double { Double(c.work.postings + c.work.centroidEntries) / 6_000 }
        // A hundredfold more clusters may cost more per report (fuller posting lists, more second looks), but
        // within a small constant factor, never in proportion to the clusters.
        #expect(perReport(many) < 4 * perReport(few), "few \(perReport(few)), many \(perReport(many))")
        #expect(Double(many.work.lookups) / 6_000 < 4)
    }

    /// With many small clusters (every report lands in one) the amortised lookups stay bounded: consolidation
    /// checks come only after a cluster grew by half, second looks only for tickets that do not fit their own
    /// cluster, and postings per lookup stay within the budget.
    @Test func lookupsPerReportStayBoundedWithManySmallClusters() {
        let many = feed(topics: 1_500, reports: 6_000)
        let config = many.configuration
        let kinds = many.lookupKinds
        #expect(Double(kinds.consolidations) / 6_000 <= 0.5, "\(kinds)")
        #expect(Double(kinds.revisits) / 6_000 <= Double(config.revisitAfter.count), "\(kinds)")
        #expect(kinds.placements == 6_000)
        #expect(many.work.postings <= many.work.lookups * max(config.postingsBudget, config.postingsPerTerm))
    }

    @Test(arguments: [
        // (size, checked, due): a cluster of one is never checked; later checks after growing by half.
        (1, 0, false), (2, 0, true), (2, 2, false), (3, 2, true), (4, 3, false), (5, 3, true), (6, 5, false),
        (8, 5, true), (11, 8, false), (12, 8, true), (150, 100, true), (149, 100, false),
    ])
    func consolidationChecksAfterGrowingByHalf(size: Int, checked: Int, due: Bool) {
        #expect(LexicalClusterer.mergeCheckDue(size: size, checked: checked, growth: 0.5) == due)
    }

    @Test func postingsBudgetDropsFullListsOfWeakerTermsFirst() {
        var index = CandidateIndex(cap: 4)
        // Term 1: full list; term 2: full list; term 3: one posting; term 4: none.
        for cluster in Int32(1)...4 {
            index.insert(cluster: cluster, term: 1, weight: 0.5)
            index.insert(cluster: cluster + 10, term: 2, weight: 0.5)
        }
        index.insert(cluster: 30, term: 3, weight: 0.9)
        var scratch = CandidateScratch()
        let query: [(id: UInt32, weight: Float)] = [(2, 0.9), (1, 0.8), (3, 0.5), (4, 0.1)]
        #expect(index.accumulate(query, budget: 6, into: &scratch) == 5)
        #expect(scratch.ranked(10, excluding: nil).sorted() == [11, 12, 13, 14, 30])
        #expect(index.accumulate(query, budget: 0, into: &scratch) == 9)
        #expect(scratch.ranked(10, excluding: nil).count == 9)
        // The strongest term is read even when its list alone overruns the budget.
        #expect(index.accumulate([(1, 0.9), (3, 0.5)], budget: 2, into: &scratch) == 4)
        #expect(scratch.ranked(10, excluding: nil).sorted() == [1, 2, 3, 4])
    }

    @Test func secondLookScoresTheTicketAsIfTakenOutOfItsCluster() {
        var c = LexicalClusterer()
        _ = c.feed(opened("A", "alfa beta gamma delta"))
        _ = c.feed(opened("B", "alfa beta gamma epsilon"))
        _ = c.feed(opened("C", "alfa beta zeta"))
        let seq = OnlineClusterer<LexicalFeaturizer>.seq(c.clusterID(ofTicket: "C")!)!
        #expect(c.clusterID(ofTicket: "A") == c.clusterID(ofTicket: "C"))
        let state = c.tickets[TicketKey("C")]!
        let cluster = c.clusters[seq]!
        var without = cluster
        without.centroid = cluster.centroid.adding(state.vector, scale: -1)
        without.centroidNorm = without.centroid.norm
        let expected = without.cosine(state.vector)
        let analytic = LexicalClusterer.cosineWithout(state.vector, cluster)
        #expect(abs(analytic - expected) < 1e-5)
        #expect(analytic < cluster.cosine(state.vector))
    }

    @Test func clusterTableReusesSlotsAndEncodesBySequence() throws {
        var table = ClusterTable()
        for seq in Int32(1)...4 { table[seq] = ClusterState(seq: seq, at: t0) }
        _ = table.removeValue(forKey: 2)
        table[9] = ClusterState(seq: 9, at: t0)
        #expect(table.count == 4)
        #expect(table.sortedKeys == [1, 3, 4, 9])
        #expect(table.read(9) { $0.pointee.seq } == 9)
        #expect(table.read(2) { $0.pointee.seq } == nil)
        table.update(3) { $0.checkedSize = 5 }
        #expect(table[3]?.checkedSize == 5)
        let data = try JSONEncoder().encode(table)
        let decoded = try JSONDecoder().decode(ClusterTable.self, from: data)
        #expect(decoded.sortedKeys == [1, 3, 4, 9])
        #expect(decoded[3]?.checkedSize == 5)
    }

    /// The hot copy scoring reads (norm, size, dominant service, centroid) must mirror each cluster's state after
    /// joins, updates that move tickets, merges, retirements and a checkpoint, and scoring through it must pick
    /// what the cosines and thresholds computed from the states pick.
    @Test func hotCopyMirrorsClusterStates() throws {
        var c = LexicalClusterer()
        for (event, service) in syntheticStream(count: 900, seed: 5) {
            _ = c.feed(event, service: service)
        }
        let restored = try JSONDecoder().decode(LexicalClusterer.self, from: JSONEncoder().encode(c))
        for clusterer in [c, restored] {
            let table = clusterer.clusters
            #expect(table.count > 3)
            for seq in table.sortedKeys {
                let s = try #require(table.slot(of: seq))
                let state = try #require(table[seq])
                let hot = table.hot[s]
                #expect(hot.norm == state.centroidNorm)
                #expect(Int(hot.size) == state.size)
                #expect(hot.service == table.serviceID(state.dominantService))
                let entries = table.centroidEntries(slot: s)
                #expect(entries.map(\.id) == state.centroid.ids)
                #expect(entries.map(\.weight) == state.centroid.weights)
            }
        }
        // Scoring: every active cluster as a candidate, for reports of a known, an unknown and no service.
        var scratch = CandidateScratch()
        // Codes count as in `SparseVector.dot` here: the reference below is the plain cosine of the full state.
        var config = c.configuration
        config.codeShareFloor = 0
        let all = c.clusters.sortedKeys
        var found = 0
        for (probe, service) in [("t3w1 t3w2 t3w4 f7", "svc3"), ("t5w0 t5w1 f2 t1w1", "other"), ("t0w2 t0w3 #E0", nil)] {
            var featurizer = c.featurizer
            let vector = featurizer.featurize(normalized(probe), service: service, at: c.now)
            scratch.spread(vector)
            var table = c.clusters
            let fast = table.best(among: all, scratch: scratch, query: c.profile(vector),
                                  service: c.clusters.serviceID(service), configuration: config, space: c.topics).best
            scratch.clear(vector)
            var reference: (seq: Int32, similarity: Float)?
            for seq in all {
                let state = try #require(c.clusters[seq])
                let sim = state.cosine(vector)
                var t = config.joinThreshold
                if let service, let theirs = state.dominantService, service != theirs { t = config.crossServiceThreshold }
                let bonus = service != nil && service == state.dominantService ? config.sameServiceBonus : 0
                guard sim + bonus >= t else { continue }
                if reference == nil || sim > reference!.similarity { reference = (seq, sim) }
            }
            if fast != nil { found += 1 }
            #expect(fast?.seq == reference?.seq)
            #expect(fast?.similarity == reference?.similarity)
        }
        #expect(found >= 2)
        #expect(scratch.dense.allSatisfy { $0 == 0 } && scratch.bits.allSatisfy { $0 == 0 })
    }
}

extension OnlineClusterer {
    /// `cosineWithout` on a cluster's full state (its centroid copied into the hot form): the tests' way in.
    static func cosineWithout(_ v: SparseVector, _ cluster: ClusterState) -> Float {
        let c = cluster.centroid
        let entries = zip(c.ids, c.weights).map { ClusterTable.Entry(id: $0, weight: $1) }
        let header = ClusterTable.Hot(norm: cluster.centroidNorm, size: Int32(cluster.size), service: ClusterTable.noService,
                                      count: Int32(entries.count))
        return entries.withUnsafeBufferPointer { cosineWithout(v, CodeProfile(), $0, header: header, floor: 0) }
    }
}
