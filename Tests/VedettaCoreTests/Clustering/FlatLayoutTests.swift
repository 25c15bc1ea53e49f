import Foundation
import Testing
@testable import VedettaCore

/// The flat, cache-line-aligned layouts of the candidate index and the cluster table behave as the arrays of
/// arrays they replaced: same lists in the same order, value semantics, unchanged encoded form.
@Suite struct FlatLayoutTests {
    /// A reference model of a capped posting list with the index's rules (update in place, append below the cap,
    /// else replace the weakest — ties: older cluster — when stronger; removal keeps the order).
    struct ModelIndex {
        var lists: [[CandidateIndex.Posting]] = []
        let cap: Int

        mutating func insert(cluster: Int32, term: UInt32, weight: Float) -> Bool {
            let t = Int(term)
            if t >= lists.count { lists.append(contentsOf: repeatElement([], count: t + 1 - lists.count)) }
            if let i = lists[t].firstIndex(where: { $0.cluster == cluster }) {
                lists[t][i].weight = weight
                return true
            }
            if lists[t].count < cap {
                lists[t].append(.init(cluster: cluster, weight: weight))
                return true
            }
            var weakest = 0
            for i in lists[t].indices {
                let p = lists[t][i]
                let w = lists[t][weakest]
                if p.weight < w.weight || (p.weight == w.weight && p.cluster < w.cluster) { weakest = i }
            }
            guard weight > lists[t][weakest].weight else { return false }
            lists[t][weakest] = .init(cluster: cluster, weight: weight)
            return true
        }

        mutating func remove(cluster: Int32, term: UInt32) {
            let t = Int(term)
            guard t < lists.count, let i = lists[t].firstIndex(where: { $0.cluster == cluster }) else { return }
            lists[t].remove(at: i)
        }
    }

    /// Random insertions and removals on lists that cross the inline part of a block (15 postings) both ways.
    @Test(arguments: [3, 15, 16, 48])
    func postingListsMatchTheArrayModelAcrossTheInlineBoundary(cap: Int) throws {
        var index = CandidateIndex(cap: cap)
        var model = ModelIndex(cap: cap)
        var generator = SplitMix64(seed: UInt64(cap))
        for step in 0..<6_000 {
            let term = UInt32(generator.next() % 5)
            let cluster = Int32(1 + generator.next() % 60)
            if generator.next() % 3 == 0 {
                index.remove(cluster: cluster, term: term)
                model.remove(cluster: cluster, term: term)
            } else {
                let weight = Float(generator.next() % 16) / 16
                #expect(index.insert(cluster: cluster, term: term, weight: weight)
                        == model.insert(cluster: cluster, term: term, weight: weight))
            }
            if step % 500 == 0 { #expect(index.postings == model.lists) }
        }
        #expect(index.postings == model.lists)
        #expect(index.lengths == model.lists.map { Int32($0.count) })
        // Accumulation reads every posting of every list (no budget), inline and overflow alike.
        var scratch = CandidateScratch()
        let query = (0..<5).map { (id: UInt32($0), weight: Float(1)) }
        #expect(index.accumulate(query, budget: 0, into: &scratch) == model.lists.reduce(0) { $0 + $1.count })
        _ = scratch.ranked(0, excluding: nil)
    }

    @Test func encodedIndexIsTheListsAndDecodesToAnEqualIndex() throws {
        var index = CandidateIndex(cap: 20)
        for cluster in Int32(1)...18 { index.insert(cluster: cluster, term: 2, weight: Float(cluster) / 20) }
        index.insert(cluster: 5, term: 0, weight: 0.5)
        let data = try JSONEncoder().encode(index)
        let plain = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let lists = try #require(plain?["postings"] as? [[Any]])
        #expect(lists.map(\.count) == [1, 0, 18])
        #expect(Set(plain?.keys.map { $0 } ?? []) == ["postings", "cap"])
        let decoded = try JSONDecoder().decode(CandidateIndex.self, from: data)
        #expect(decoded == index)
        #expect(decoded.list(2).map(\.cluster) == Array(Int32(1)...18))
    }

    @Test func copiesOfTheIndexAreIndependent() {
        var a = CandidateIndex(cap: 32)
        for cluster in Int32(1)...20 { a.insert(cluster: cluster, term: 1, weight: 0.5) }
        var b = a
        b.remove(cluster: 3, term: 1)
        b.insert(cluster: 99, term: 4000, weight: 1)
        a.insert(cluster: 50, term: 1, weight: 0.7)
        #expect(a.list(1).count == 21)
        #expect(a.list(1).contains { $0.cluster == 3 })
        #expect(b.list(1).count == 19)
        #expect(!b.list(1).contains { $0.cluster == 50 })
        #expect(a.list(4000).isEmpty)
        #expect(b.list(4000).map(\.cluster) == [99])
    }

    @Test func copiesOfTheClusterTableAreIndependentAndBlocksFollowTheirStates() throws {
        var table = ClusterTable()
        func state(_ seq: Int32, _ ids: [UInt32]) -> ClusterState {
            var s = ClusterState(seq: seq, at: Timestamp(milliseconds: 0))
            s.centroid = SparseVector(sortedIDs: ids, weights: ids.map { Float($0) / 100 })
            s.centroidNorm = s.centroid.norm
            return s
        }
        for seq in Int32(1)...100 { table[seq] = state(seq, [UInt32(seq), UInt32(seq) + 1]) }
        var copy = table
        copy[7] = state(7, Array(UInt32(0)..<40))
        copy[8] = nil
        #expect(table.centroidEntries(slot: try #require(table.slot(of: 7))).map(\.id) == [7, 8])
        #expect(copy.centroidEntries(slot: try #require(copy.slot(of: 7))).map(\.id) == Array(UInt32(0)..<40))
        #expect(table.contains(8) && !copy.contains(8))
        // A centroid longer than a block widens the arena without losing the others.
        table[9] = state(9, Array(UInt32(0)..<200))
        #expect(table.stride >= 202 && table.stride % 8 == 0)
        for seq in Int32(1)...100 where seq != 9 {
            let s = try #require(table.slot(of: seq))
            #expect(table.centroidEntries(slot: s).map(\.id) == [UInt32(seq), UInt32(seq) + 1])
            #expect(table.hot[s].norm == table[seq]!.centroidNorm)
        }
        #expect(table.centroidEntries(slot: try #require(table.slot(of: 9))).count == 200)
    }
}
