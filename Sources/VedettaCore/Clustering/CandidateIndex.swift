/// Inverted index from a term to the active clusters whose centroid ranks it among its strongest terms.
///
/// Each posting list is capped (the strongest clusters for the term stay), so a lookup costs
/// O(query terms × cap) however many clusters are active.
struct CandidateIndex: Sendable, Codable, Hashable {
    struct Posting: Sendable, Codable, Hashable {
        var cluster: Int32
        var weight: Float
    }

    private(set) var postings: [[Posting]] = []
    var cap: Int

    init(cap: Int) { self.cap = cap }

    /// Lists `cluster` under `term` with `weight`; returns false when the list is full of stronger clusters.
    @discardableResult
    mutating func insert(cluster: Int32, term: UInt32, weight: Float) -> Bool {
        let t = Int(term)
        if t >= postings.count { postings.append(contentsOf: repeatElement([], count: t - postings.count + 1)) }
        if let i = postings[t].firstIndex(where: { $0.cluster == cluster }) {
            postings[t][i].weight = weight
            return true
        }
        if postings[t].count < cap {
            postings[t].append(Posting(cluster: cluster, weight: weight))
            return true
        }
        var weakest = 0
        for i in postings[t].indices {
            let p = postings[t][i]
            let w = postings[t][weakest]
            if p.weight < w.weight || (p.weight == w.weight && p.cluster < w.cluster) { weakest = i }
        }
        guard weight > postings[t][weakest].weight else { return false }
        postings[t][weakest] = Posting(cluster: cluster, weight: weight)
        return true
    }

    mutating func remove(cluster: Int32, term: UInt32) {
        let t = Int(term)
        guard t < postings.count, let i = postings[t].firstIndex(where: { $0.cluster == cluster }) else { return }
        postings[t].remove(at: i)
    }

    func list(_ term: UInt32) -> ArraySlice<Posting> {
        let t = Int(term)
        return t < postings.count ? postings[t][...] : []
    }

    /// Keeps the query terms (strongest first) whose lists fit in `budget` postings together, in order; a term
    /// whose list would overrun it is dropped, and later terms with shorter lists may still fit. The first term
    /// is always kept. With few clusters the lists are short and nothing is dropped; with many, the full lists
    /// of common terms (the strongest `cap` of thousands of clusters sharing a common word, most unrelated to the
    /// report) go first, which bounds the postings read per lookup independently of the clusters.
    func restrict(_ query: inout [(id: UInt32, weight: Float)], budget: Int) {
        var total = 0
        var kept = 0
        for i in query.indices {
            let t = Int(query[i].id)
            let n = t < postings.count ? postings[t].count : 0
            guard kept == 0 || total + n <= budget else { continue }
            total += n
            query[kept] = query[i]
            kept += 1
        }
        query.removeLast(query.count - kept)
    }

    /// Adds `weight × posting weight` to each listed cluster's partial score for each query term; returns the
    /// postings read.
    func accumulate(_ query: [(id: UInt32, weight: Float)], into scratch: inout CandidateScratch) -> Int {
        scratch.reset(postings: query.count * cap)
        let mask = scratch.keys.count - 1
        var visited = 0
        // Touches every list's cache lines before scoring any: the loads overlap instead of each list's misses
        // (its buffer, then its postings) waiting for the previous list's score updates.
        var sink: Int32 = 0
        postings.withUnsafeBufferPointer { lists in
            for (term, _) in query where Int(term) < lists.count {
                lists[Int(term)].withUnsafeBufferPointer { list in
                    var k = 0
                    while k < list.count {
                        sink ^= list[k].cluster
                        k += 8
                    }
                }
            }
        }
        scratch.sink = sink
        scratch.keys.withUnsafeMutableBufferPointer { keys in
            scratch.scores.withUnsafeMutableBufferPointer { scores in
                for (term, w) in query where Int(term) < postings.count {
                    postings[Int(term)].withUnsafeBufferPointer { list in
                        visited += list.count
                        for p in list {
                            var h = Int(truncatingIfNeeded: UInt32(bitPattern: p.cluster) &* 2_654_435_761) & mask
                            while true {
                                let key = keys[h]
                                if key == p.cluster {
                                    scores[h] += w * p.weight
                                    break
                                }
                                if key == 0 {
                                    keys[h] = p.cluster
                                    scores[h] = w * p.weight
                                    scratch.touched.append(Int32(h))
                                    break
                                }
                                h = (h + 1) & mask
                            }
                        }
                    }
                }
            }
        }
        return visited
    }
}
