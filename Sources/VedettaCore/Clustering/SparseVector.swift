/// A sparse vector over interned feature ids, kept sorted by id so that dot products are a linear merge.
///
/// `Float` weights halve the memory of centroids and stored report vectors; every operation runs in a fixed
/// order, so results are bit-identical from run to run and after a checkpoint.
public struct SparseVector: Hashable, Sendable, Codable {
    /// Feature ids, strictly increasing.
    public private(set) var ids: [UInt32]
    /// Weights, parallel to `ids`.
    public private(set) var weights: [Float]

    /// The zero vector.
    public init() {
        ids = []
        weights = []
    }

    /// A vector from ids already strictly increasing and their weights.
    public init(sortedIDs: [UInt32], weights: [Float]) {
        precondition(sortedIDs.count == weights.count, "ids and weights differ in length")
        ids = sortedIDs
        self.weights = weights
    }

    /// A vector from pairs in any order; weights of repeated ids are summed.
    public init(pairs: [(UInt32, Float)]) {
        let sorted = pairs.sorted { $0.0 < $1.0 }
        var ids: [UInt32] = []
        var weights: [Float] = []
        ids.reserveCapacity(sorted.count)
        weights.reserveCapacity(sorted.count)
        for (id, w) in sorted {
            if let last = ids.last, last == id {
                weights[weights.count - 1] += w
            } else {
                ids.append(id)
                weights.append(w)
            }
        }
        self.ids = ids
        self.weights = weights
    }

    /// Number of non-zero entries.
    public var count: Int { ids.count }
    /// True for the zero vector.
    public var isEmpty: Bool { ids.isEmpty }

    /// The weight of `id`, or 0.
    public func weight(of id: UInt32) -> Float {
        var lo = 0
        var hi = ids.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < ids.count && ids[lo] == id ? weights[lo] : 0
    }

    /// Euclidean norm.
    public var norm: Float {
        var s: Float = 0
        for w in weights { s += w * w }
        return s.squareRoot()
    }

    /// This vector scaled to unit length (the zero vector stays zero).
    public func normalized() -> SparseVector {
        let n = norm
        guard n > 0 else { return self }
        return SparseVector(sortedIDs: ids, weights: weights.map { $0 / n })
    }

    /// Calls `body` with the ids and the weights as buffers (one place for the nesting the merges need).
    @inline(__always)
    func withBuffers<R>(_ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<Float>) -> R) -> R {
        ids.withUnsafeBufferPointer { ids in weights.withUnsafeBufferPointer { weights in body(ids, weights) } }
    }

    /// Dot product (a linear merge of the two id lists).
    public func dot(_ other: SparseVector) -> Float {
        withBuffers { ai, aw in
            other.withBuffers { bi, bw in
                // Advances without branching on the order of the ids (a three-way branch mispredicts about every
                // other step); matches are summed in id order as before.
                var s: Float = 0
                var i = 0
                var j = 0
                let na = ai.count
                let nb = bi.count
                while i < na && j < nb {
                    let x = ai[i]
                    let y = bi[j]
                    if x == y { s += aw[i] * bw[j] }
                    i &+= x <= y ? 1 : 0
                    j &+= y <= x ? 1 : 0
                }
                return s
            }
        }
    }

    /// `self + scale * other`; entries that fall to zero or below are dropped (centroids never hold negative
    /// mass, so a subtraction that overshoots after truncation is clamped).
    public func adding(_ other: SparseVector, scale: Float = 1) -> SparseVector {
        // Merged into uninitialised buffers through raw pointers: with `append`, each entry paid a capacity and
        // uniqueness check on two arrays, on the path of every join (a centroid of some 60 entries).
        let capacity = ids.count + other.ids.count
        var n = 0
        var mergedWeights: [Float] = []
        let mergedIDs = [UInt32](unsafeUninitializedCapacity: capacity) { outIDs, initializedIDs in
            mergedWeights = [Float](unsafeUninitializedCapacity: capacity) { outWeights, initializedWeights in
                n = withBuffers { a, aw in
                    other.withBuffers { b, bw in Self.merge(a, aw, b, bw, scale: scale, into: outIDs, outWeights) }
                }
                initializedWeights = n
            }
            initializedIDs = n
        }
        return SparseVector(sortedIDs: mergedIDs, weights: mergedWeights)
    }

    /// Writes the entries of `a + scale * b` above 1e-7 (ids ascending) to the front of the output buffers, which
    /// hold room for both; returns how many it wrote.
    @inline(__always)
    private static func merge(
        _ a: UnsafeBufferPointer<UInt32>, _ aw: UnsafeBufferPointer<Float>,
        _ b: UnsafeBufferPointer<UInt32>, _ bw: UnsafeBufferPointer<Float>, scale: Float,
        into outIDs: UnsafeMutableBufferPointer<UInt32>, _ outWeights: UnsafeMutableBufferPointer<Float>
    ) -> Int {
        var n = 0
        @inline(__always)
        func put(_ id: UInt32, _ w: Float) {
            outIDs[n] = id
            outWeights[n] = w
            n &+= w > 1e-7 ? 1 : 0
        }
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                put(a[i], aw[i])
                i += 1
            } else if i == a.count || b[j] < a[i] {
                put(b[j], scale * bw[j])
                j += 1
            } else {
                put(a[i], aw[i] + scale * bw[j])
                i += 1
                j += 1
            }
        }
        return n
    }

    /// The `k` largest entries, by weight descending then id ascending (a total order, so ties are stable).
    public func top(_ k: Int) -> [(id: UInt32, weight: Float)] {
        guard k > 0 else { return [] }
        let m = Swift.min(k, ids.count)
        guard m > 0 else { return [] }
        // Bounded insertion into a buffer filled in place (shifting by hand: Array.insert and removeLast cost a
        // call and a memmove each, and this runs for every lookup and every reindexing).
        return [(id: UInt32, weight: Float)](unsafeUninitializedCapacity: m) { best, initialized in
            var n = 0
            withBuffers { ids, weights in
                for index in 0..<ids.count {
                    let id = ids[index]
                    let weight = weights[index]
                    if n == m {
                        let last = best[m - 1]
                        if !(weight > last.weight || (weight == last.weight && id < last.id)) { continue }
                        n -= 1
                    }
                    var pos = n
                    while pos > 0 {
                        let prev = best[pos - 1]
                        if weight > prev.weight || (weight == prev.weight && id < prev.id) {
                            best[pos] = prev
                            pos -= 1
                        } else {
                            break
                        }
                    }
                    best[pos] = (id, weight)
                    n += 1
                }
            }
            initialized = n
        }
    }

    /// The vector restricted to its `k` largest entries.
    public func truncated(to k: Int) -> SparseVector {
        guard ids.count > k else { return self }
        var keep = top(k).map(\.id)
        keep.sort()
        var ids: [UInt32] = []
        var weights: [Float] = []
        ids.reserveCapacity(k)
        weights.reserveCapacity(k)
        var j = 0
        for index in self.ids.indices where j < keep.count && self.ids[index] == keep[j] {
            ids.append(self.ids[index])
            weights.append(self.weights[index])
            j += 1
        }
        return SparseVector(sortedIDs: ids, weights: weights)
    }
}
