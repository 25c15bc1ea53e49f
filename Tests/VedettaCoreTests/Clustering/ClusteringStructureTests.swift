import Foundation
import Testing
@testable import VedettaCore

/// The cache-friendly structures behind candidate lookups give the answers of the plain ones they replaced.
@Suite struct ClusteringStructureTests {
    @Test func vocabularyInternsDenselyAndFindsEveryTermAfterGrowingAndDecoding() throws {
        var v = TermVocabulary()
        // Enough terms to grow the table several times, with short and long (heap) strings.
        let terms = (0..<5_000).map { $0 % 3 == 0 ? "termine-lungo-oltre-quindici-byte-\($0)" : "t\($0)" }
        for _ in 0..<2 {
            for (i, t) in terms.enumerated() {
                let id = v.intern(t, kind: .word)
                #expect(id == UInt32(i))
            }
        }
        #expect(v.count == terms.count)
        #expect(v.id(of: "assente") == nil)
        let decoded = try JSONDecoder().decode(TermVocabulary.self, from: JSONEncoder().encode(v))
        for (i, t) in terms.enumerated() where i % 97 == 0 { #expect(decoded.id(of: t) == UInt32(i)) }
        var grown = decoded
        let fresh = grown.intern("nuovo", kind: .word)
        #expect(fresh == UInt32(terms.count))
    }

    @Test func surfaceFormsFollowMisraGriesWithThreeSlots() throws {
        var v = TermVocabulary()
        let id = v.intern("pagament", kind: .word)
        for s in ["pagamento", "pagamento", "pagamenti", "pagata"] { v.observe(surface: s, for: id) }
        #expect(v.surface(id) == "pagamento")
        // A fourth form lowers every count by one: "pagamenti" and "pagata" (1 each) leave, "pagamento" stays at 1.
        v.observe(surface: "pagare", for: id)
        #expect(v.surfaces[Int(id)].list == [TermVocabulary.Surface(text: "pagamento", count: 1)])
        v.observe(surface: "pagare", for: id)
        v.observe(surface: "pagare", for: id)
        #expect(v.surface(id) == "pagare")
        let decoded = try JSONDecoder().decode(TermVocabulary.self, from: JSONEncoder().encode(v))
        #expect(decoded.surfaces[Int(id)].list == v.surfaces[Int(id)].list)
    }

    @Test func rankingKeepsTheBestScoresWithTiesToTheOlderClusterAndSkipsTheExcluded() {
        var scratch = CandidateScratch()
        var index = CandidateIndex(cap: 8)
        // Term 0: clusters 1...6 with weights that tie in pairs; term 1 adds to cluster 6 only.
        for (cluster, w) in [(1, 0.5), (2, 0.5), (3, 0.9), (4, 0.9), (5, 0.1), (6, 0.2)] {
            index.insert(cluster: Int32(cluster), term: 0, weight: Float(w))
        }
        index.insert(cluster: 6, term: 1, weight: 1)
        _ = index.accumulate([(id: 0, weight: 1), (id: 1, weight: 1)], budget: 0, into: &scratch)
        #expect(scratch.ranked(4, excluding: 3) == [6, 4, 1, 2])
        // The table is cleared by ranking: a second lookup starts from zero.
        _ = index.accumulate([(id: 0, weight: 1)], budget: 0, into: &scratch)
        #expect(scratch.ranked(10, excluding: nil) == [3, 4, 1, 2, 6, 5])
    }

    @Test func candidateRatioDropsClustersFarBelowTheBestPartialScoreNotCountingTheExcluded() {
        var scratch = CandidateScratch()
        var index = CandidateIndex(cap: 8)
        // Partial scores: cluster 1: 1.0 (excluded), 2: 0.6, 3: 0.3, 4: 0.17, 5: 0.1.
        for (cluster, w) in [(1, 1.0), (2, 0.6), (3, 0.3), (4, 0.17), (5, 0.1)] {
            index.insert(cluster: Int32(cluster), term: 0, weight: Float(w))
        }
        _ = index.accumulate([(id: 0, weight: 1)], budget: 0, into: &scratch)
        // The cut is 0.3 × 0.6 (the best of the others), so 3 stays and 4 and 5 go.
        #expect(scratch.ranked(16, excluding: 1, ratio: 0.3) == [2, 3])
        _ = index.accumulate([(id: 0, weight: 1)], budget: 0, into: &scratch)
        #expect(scratch.ranked(16, excluding: nil, ratio: 0.3) == [1, 2, 3])
        _ = index.accumulate([(id: 0, weight: 1)], budget: 0, into: &scratch)
        #expect(scratch.ranked(16, excluding: nil, ratio: 0) == [1, 2, 3, 4, 5])
    }

    @Test func listLengthsFollowInsertionsEvictionsAndRemovalsAndSurviveDecoding() throws {
        var index = CandidateIndex(cap: 3)
        for (cluster, term) in [(1, 4), (2, 4), (3, 4), (4, 4), (5, 9), (6, 0)] {
            index.insert(cluster: Int32(cluster), term: UInt32(term), weight: Float(cluster))
        }
        index.remove(cluster: 2, term: 4)
        index.remove(cluster: 7, term: 4)
        for term in UInt32(0)..<10 { #expect(Int(index.lengths[Int(term)]) == index.list(term).count) }
        #expect(index.lengths[4] == 2)
        let decoded = try JSONDecoder().decode(CandidateIndex.self, from: JSONEncoder().encode(index))
        #expect(decoded == index)
    }

    @Test func cappedPostingsKeepTheStrongestClustersAndEvictTheOlderOnTies() {
        var index = CandidateIndex(cap: 3)
        let accepted = [(1, 0.5), (2, 0.5), (3, 0.9), (4, 0.4), (5, 0.6)].map { cluster, w in
            index.insert(cluster: Int32(cluster), term: 7, weight: Float(w))
        }
        // Full at three: 0.4 is weaker than all; 0.6 evicts cluster 1 (0.5, tied with 2 and older).
        #expect(accepted == [true, true, true, false, true])
        #expect(Set(index.list(7).map(\.cluster)) == [2, 3, 5])
    }

    @Test func hotCentroidLookupsMatchTheSparseVector() {
        let v = SparseVector(sortedIDs: [2, 5, 9, 40, 41], weights: [0.1, 0.7, 0.3, 0.2, 0.6])
        let entries = zip(v.ids, v.weights).map { ClusterTable.Entry(id: $0, weight: $1) }
        entries.withUnsafeBufferPointer { c in
            for id in UInt32(0)..<45 { #expect(ClusterTable.weight(of: id, in: c) == v.weight(of: id)) }
        }
    }
}
