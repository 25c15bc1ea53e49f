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
    /// Length of each term's list (derived from `postings`, never encoded). A lookup reads the lengths of all its
    /// query terms to choose those within its budget; from the lists themselves that was two dependent cache
    /// misses per term (the list's pointer, then its header) once the vocabulary outgrew the caches, from here
    /// one load in a dense array.
    private(set) var lengths: [Int32] = []

    init(cap: Int) { self.cap = cap }

    private enum CodingKeys: String, CodingKey { case postings, cap }

    /// Decodes the lists and rebuilds their lengths.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        postings = try c.decode([[Posting]].self, forKey: .postings)
        cap = try c.decode(Int.self, forKey: .cap)
        lengths = postings.map { Int32($0.count) }
    }

    /// Encodes the lists and the cap (the lengths are derived).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(postings, forKey: .postings)
        try c.encode(cap, forKey: .cap)
    }

    /// Lists `cluster` under `term` with `weight`; returns false when the list is full of stronger clusters.
    @discardableResult
    mutating func insert(cluster: Int32, term: UInt32, weight: Float) -> Bool {
        let t = Int(term)
        if t >= postings.count {
            postings.append(contentsOf: repeatElement([], count: t - postings.count + 1))
            lengths.append(contentsOf: repeatElement(0, count: t + 1 - lengths.count))
        }
        if let i = postings[t].firstIndex(where: { $0.cluster == cluster }) {
            postings[t][i].weight = weight
            return true
        }
        if postings[t].count < cap {
            postings[t].append(Posting(cluster: cluster, weight: weight))
            lengths[t] += 1
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
        lengths[t] -= 1
    }

    /// Loads every cache line of the lists of `terms` (to be updated next) so that their misses overlap instead of
    /// each insertion waiting for its list in turn; returns a meaningless value for the caller to keep.
    func touch(_ terms: some Sequence<UInt32>) -> Int32 {
        var sink: Int32 = 0
        postings.withUnsafeBufferPointer { lists in
            for term in terms where Int(term) < lists.count { sink ^= Int32(truncatingIfNeeded: lists[Int(term)].count) }
            for term in terms where Int(term) < lists.count {
                lists[Int(term)].withUnsafeBufferPointer { list in
                    var k = 8
                    while k < list.count {
                        sink ^= list[k].cluster
                        k += 8
                    }
                }
            }
        }
        return sink
    }

    func list(_ term: UInt32) -> ArraySlice<Posting> {
        let t = Int(term)
        return t < postings.count ? postings[t][...] : []
    }

    /// Adds `weight × posting weight` to each listed cluster's partial score for each query term read; returns the
    /// postings read.
    ///
    /// Query terms come strongest first. With a `budget` (> 0), a term whose list would overrun it is not read,
    /// and later terms with shorter lists may still be; the first term always is. With few clusters the lists are
    /// short and every term is read; with many, the full lists of common terms (the strongest `cap` of thousands
    /// of clusters sharing a common word, most unrelated to the report) go first, which bounds the postings read
    /// per lookup independently of the clusters.
    func accumulate(
        _ query: [(id: UInt32, weight: Float)], budget: Int, into scratch: inout CandidateScratch
    ) -> Int {
        scratch.reset(postings: query.count * cap)
        let mask = scratch.keys.count - 1
        var visited = 0
        // Chooses the terms within the budget and touches every chosen list's cache lines before scoring any: the
        // loads overlap instead of each list's misses (its buffer, then its postings) waiting for the previous
        // list's score updates.
        var sink: Int32 = 0
        var total = 0
        var first = true
        scratch.query.removeAll(keepingCapacity: true)
        scratch.lengths.removeAll(keepingCapacity: true)
        postings.withUnsafeBufferPointer { lists in
            // The lengths first, in a loop whose loads depend on nothing loaded: read inside the budget loop below
            // they waited for each other behind its branches.
            lengths.withUnsafeBufferPointer { lengths in
                for (term, _) in query { scratch.lengths.append(Int(term) < lengths.count ? Int(lengths[Int(term)]) : 0) }
            }
            for (i, (term, w)) in query.enumerated() {
                let n = scratch.lengths[i]
                guard first || budget <= 0 || total + n <= budget else { continue }
                first = false
                total += n
                guard n > 0 else { continue }
                scratch.query.append((term, w))
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
                for (term, w) in scratch.query {
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
