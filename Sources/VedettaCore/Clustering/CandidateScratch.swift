/// Reusable buffers of one candidate lookup (never state, never encoded).
///
/// Partial scores accumulate in a small open-addressing table keyed by cluster sequence: it stays in cache however
/// many clusters exist (an array indexed by sequence would spread over every cluster ever made). The report being
/// scored is spread out by feature id in `dense`, with a bit filter of its ids, so that a centroid's dot product
/// with it is one pass over the centroid without the branches of a merge.
struct CandidateScratch: Sendable {
    var keys: [Int32] = []
    var scores: [Float] = []
    /// Slots of `keys` filled by the current lookup, in first-touch order: the first `touchedCount` (the array
    /// only grows, so that it can be written without a branch per posting).
    var touched: [Int32] = []
    var touchedCount = 0
    var dense: [Float] = []
    /// Bit `id mod (64 × filterWords)` set for each id of the report in `dense`.
    var bits: [UInt64] = []
    /// Scores of the best candidates while `ranked` selects them.
    var rankScores: [Float] = []
    /// Query terms a lookup reads (those within its postings budget).
    var query: [(id: UInt32, weight: Float)] = []
    /// Posting list lengths of a lookup's query terms.
    var lengths: [Int] = []
    /// Clusters (and their partial scores) above the cut while `ranked` selects them, in first-touch order.
    var passed: [Int32] = []
    var passedScores: [Float] = []

    /// Words of the bit filter (a power of two: 4096 bits, half a kilobyte, stays in L1).
    static let filterWords = 64

    init() {}

    /// Empties the score table, sized for `postings` postings at most.
    mutating func reset(postings: Int) {
        var capacity = 64
        while capacity < 2 * postings { capacity <<= 1 }
        if keys.count != capacity {
            keys = Array(repeating: 0, count: capacity)
            scores = Array(repeating: 0, count: capacity)
        }
        touchedCount = 0
    }

    /// The best `k` clusters by partial score (ties: older cluster), best first, without sorting them all; clears
    /// the table for the next lookup. With a `ratio` (> 0), a cluster whose partial score is below `ratio` times
    /// the best one is not a candidate.
    mutating func ranked(_ k: Int, excluding: Int32?, ratio: Float = 0) -> [Int32] {
        guard k > 0 else {
            for slot in touched[0..<touchedCount] { keys[Int(slot)] = 0 }
            touchedCount = 0
            return []
        }
        if rankScores.count < k { rankScores = [Float](repeating: 0, count: k) }
        let excluded = excluding ?? 0
        // The cut is known before ranking, so the many weak clusters met only through a common word are never
        // inserted into the ranking (most of its cost) nor scored.
        var cutoff = -Float.infinity
        let count = touchedCount
        if passed.count < count {
            passed = [Int32](repeating: 0, count: count + 64)
            passedScores = [Float](repeating: 0, count: count + 64)
        }
        var m = 0
        // Through raw buffers: through the arrays every store to `keys` checked uniqueness and bounds, which
        // cost more than the ranking itself for the few hundred postings of a lookup.
        keys.withUnsafeMutableBufferPointer { keys in
            scores.withUnsafeBufferPointer { scores in
                touched.withUnsafeBufferPointer { all in
                    let touched = UnsafeBufferPointer(rebasing: all[0..<count])
                    if ratio > 0 {
                        // Two running maxima (max is exact, so the order is immaterial): one chain of dependent
                        // comparisons was the latency of this pass.
                        var top0: Float = 0
                        var top1: Float = 0
                        var i = 0
                        while i + 1 < count {
                            let a = Int(touched[i])
                            let b = Int(touched[i + 1])
                            let sa = keys[a] != excluded ? scores[a] : 0
                            let sb = keys[b] != excluded ? scores[b] : 0
                            top0 = max(top0, sa)
                            top1 = max(top1, sb)
                            i += 2
                        }
                        if i < count {
                            let a = Int(touched[i])
                            if keys[a] != excluded { top0 = max(top0, scores[a]) }
                        }
                        cutoff = ratio * max(top0, top1)
                    }
                    // The clusters above the cut, without a branch per cluster: most fall below it, at random,
                    // and a mispredicted branch each cost more than the copy.
                    passed.withUnsafeMutableBufferPointer { passed in
                        passedScores.withUnsafeMutableBufferPointer { passedScores in
                            for slot in touched {
                                let seq = keys[Int(slot)]
                                let score = scores[Int(slot)]
                                keys[Int(slot)] = 0
                                passed[m] = seq
                                passedScores[m] = score
                                // Cluster sequences start at 1: 0 never excludes a real cluster.
                                m &+= (seq != excluded) && (score >= cutoff) ? 1 : 0
                            }
                        }
                    }
                }
            }
        }
        var n = 0
        let seqs = [Int32](unsafeUninitializedCapacity: k) { seqs, initialized in
            passed.withUnsafeBufferPointer { passed in
                passedScores.withUnsafeBufferPointer { passedScores in
                    rankScores.withUnsafeMutableBufferPointer { best in
                        for j in 0..<m {
                            let seq = passed[j]
                            let score = passedScores[j]
                            if n == k {
                                guard score > best[k - 1] || (score == best[k - 1] && seq < seqs[k - 1]) else { continue }
                                n -= 1
                            }
                            var pos = n
                            while pos > 0 && (score > best[pos - 1] || (score == best[pos - 1] && seq < seqs[pos - 1])) {
                                seqs[pos] = seqs[pos - 1]
                                best[pos] = best[pos - 1]
                                pos -= 1
                            }
                            seqs[pos] = seq
                            best[pos] = score
                            n += 1
                        }
                    }
                }
            }
            initialized = n
        }
        touchedCount = 0
        return seqs
    }

    /// Spreads `vector` into `dense` and the bit filter.
    mutating func spread(_ vector: SparseVector) {
        if let last = vector.ids.last, Int(last) >= dense.count {
            dense.append(contentsOf: repeatElement(0, count: Int(last) + 1 - dense.count + 4096))
        }
        if bits.isEmpty { bits = Array(repeating: 0, count: Self.filterWords) }
        for (i, id) in vector.ids.enumerated() {
            dense[Int(id)] = vector.weights[i]
            bits[Int(id >> 6) & (Self.filterWords - 1)] |= 1 << UInt64(id & 63)
        }
    }

    /// Undoes `spread(vector)`.
    mutating func clear(_ vector: SparseVector) {
        for id in vector.ids {
            dense[Int(id)] = 0
            bits[Int(id >> 6) & (Self.filterWords - 1)] = 0
        }
    }

    /// Dot product of a centroid with the spread report; sums in the centroid's id order, the same terms and
    /// order as `SparseVector.dot`, so results are identical. The bit filter spares the random read of `dense`
    /// for nearly every centroid entry the report lacks (those would only add +0).
    @inline(__always)
    static func dot(
        _ dense: UnsafeBufferPointer<Float>, _ bits: UnsafeBufferPointer<UInt64>,
        _ centroid: UnsafeBufferPointer<ClusterTable.Entry>
    ) -> Float {
        var s: Float = 0
        let n = dense.count
        for e in centroid {
            let id = e.id
            guard bits[Int(id >> 6) & (filterWords - 1)] & (1 << UInt64(id & 63)) != 0, Int(id) < n else { continue }
            s += e.weight * dense[Int(id)]
        }
        return s
    }
}
