import CVedettaPrefetch

/// Inverted index from a term to the active clusters whose centroid ranks it among its strongest terms.
///
/// Each posting list is capped (the strongest clusters for the term stay), so a lookup costs
/// O(query terms × cap) however many clusters are active.
///
/// Layout (derived, never encoded: the encoded form is the lists themselves). With one heap array per term, a
/// lookup paid per query term a chain of dependent cache misses once the vocabulary outgrew the caches: the
/// list's length, its pointer, its header, then its postings. Here each term owns one 128-byte block (two cache
/// lines, aligned) in one flat allocation: its length, and its first `inlinePostings` postings. Both lines'
/// addresses are known from the term alone, so their misses overlap: reading a term costs about one miss. Nearly
/// every list of a large vocabulary is that short; only longer ones (common words, few and read often, so mostly
/// cached) continue in a per-term overflow array.
struct CandidateIndex: Sendable, Codable, Hashable {
    struct Posting: Sendable, Codable, Hashable {
        var cluster: Int32
        var weight: Float
    }

    /// Postings held in a term's block (after its header slot).
    static let inlinePostings = 15
    /// Posting-sized slots per block: two cache lines.
    static let blockSlots = 16

    var cap: Int
    /// The blocks: slot 0 of term `t`'s block holds the list's length (`cluster`) and its overflow array's index
    /// plus one (`weight`'s bit pattern, 0: none); slots 1...15, its first postings.
    private var blocks: LineAlignedBuffer<Posting>
    /// Terms with a block (every term below it; the encoded lists' count).
    private var terms = 0
    /// Postings beyond the inline ones of the terms with long lists. A term keeps its array once given one.
    private var overflow: [[Posting]] = []

    init(cap: Int) {
        self.cap = cap
        blocks = LineAlignedBuffer(capacity: 0)
    }

    private enum CodingKeys: String, CodingKey { case postings, cap }

    /// Decodes the lists and lays them out in blocks.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let lists = try c.decode([[Posting]].self, forKey: .postings)
        cap = try c.decode(Int.self, forKey: .cap)
        blocks = LineAlignedBuffer(capacity: lists.count * Self.blockSlots)
        grow(to: lists.count)
        for (t, list) in lists.enumerated() {
            for p in list { append(p, to: t) }
        }
    }

    /// Encodes the lists and the cap (the layout is derived).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(postings, forKey: .postings)
        try c.encode(cap, forKey: .cap)
    }

    static func == (a: Self, b: Self) -> Bool { a.cap == b.cap && a.postings == b.postings }

    func hash(into hasher: inout Hasher) {
        hasher.combine(cap)
        hasher.combine(postings)
    }

    /// The lists, term by term (cold: encoding, tests).
    var postings: [[Posting]] { (0..<terms).map { Array(list(UInt32($0))) } }

    /// The length of each term's list (cold: tests).
    var lengths: [Int32] { (0..<terms).map { Int32(length(Int($0))) } }

    /// The list of `term`, in order.
    func list(_ term: UInt32) -> ArraySlice<Posting> {
        let t = Int(term)
        guard t < terms else { return [] }
        return ArraySlice((0..<length(t)).map { posting(t, $0) })
    }

    // MARK: - Blocks

    @inline(__always)
    private func length(_ t: Int) -> Int { Int(blocks.base[t &* Self.blockSlots].cluster) }

    /// Overflow array index of term `t`, or -1.
    @inline(__always)
    private func overflowIndex(_ t: Int) -> Int { Int(blocks.base[t &* Self.blockSlots].weight.bitPattern) - 1 }

    @inline(__always)
    private func posting(_ t: Int, _ k: Int) -> Posting {
        k < Self.inlinePostings ? blocks.base[t &* Self.blockSlots &+ 1 &+ k]
            : overflow[overflowIndex(t)][k - Self.inlinePostings]
    }

    /// Gives every term below `n` a block (new ones zeroed: empty list, no overflow).
    private mutating func grow(to n: Int) {
        guard n > terms else { return }
        let needed = n * Self.blockSlots
        if needed > blocks.capacity || !isKnownUniquelyReferenced(&blocks) {
            blocks = blocks.copy(count: terms * Self.blockSlots,
                                 capacity: needed > blocks.capacity ? max(needed, blocks.capacity * 2, 8192) : blocks.capacity)
        }
        (blocks.base + terms * Self.blockSlots).initialize(repeating: Posting(cluster: 0, weight: 0),
                                                             count: needed - terms * Self.blockSlots)
        terms = n
    }

    /// Makes the blocks this value's own before a write.
    @inline(__always)
    private mutating func unshare() {
        if !isKnownUniquelyReferenced(&blocks) {
            blocks = blocks.copy(count: terms * Self.blockSlots, capacity: blocks.capacity)
        }
    }

    private mutating func setLength(_ t: Int, _ n: Int) { blocks.base[t &* Self.blockSlots].cluster = Int32(n) }

    private mutating func set(_ t: Int, _ k: Int, _ p: Posting) {
        if k < Self.inlinePostings {
            blocks.base[t &* Self.blockSlots &+ 1 &+ k] = p
            return
        }
        var h = overflowIndex(t)
        if h < 0 {
            h = overflow.count
            overflow.append([])
            blocks.base[t &* Self.blockSlots].weight = Float(bitPattern: UInt32(h + 1))
        }
        let j = k - Self.inlinePostings
        if j == overflow[h].count { overflow[h].append(p) } else { overflow[h][j] = p }
    }

    /// Appends `p` to term `t`'s list (blocks unshared).
    private mutating func append(_ p: Posting, to t: Int) {
        let n = length(t)
        set(t, n, p)
        setLength(t, n + 1)
    }

    private func find(_ cluster: Int32, in t: Int) -> Int? {
        let n = length(t)
        for k in 0..<n where posting(t, k).cluster == cluster { return k }
        return nil
    }

    // MARK: - Updates

    /// Lists `cluster` under `term` with `weight`; returns false when the list is full of stronger clusters.
    @discardableResult
    mutating func insert(cluster: Int32, term: UInt32, weight: Float) -> Bool {
        let t = Int(term)
        if t >= terms { grow(to: t + 1) }
        unshare()
        if let i = find(cluster, in: t) {
            set(t, i, Posting(cluster: cluster, weight: weight))
            return true
        }
        let n = length(t)
        if n < cap {
            append(Posting(cluster: cluster, weight: weight), to: t)
            return true
        }
        guard n > 0 else { return false }
        var weakest = 0
        var w = posting(t, 0)
        for i in 1..<n {
            let p = posting(t, i)
            if p.weight < w.weight || (p.weight == w.weight && p.cluster < w.cluster) {
                weakest = i
                w = p
            }
        }
        guard weight > w.weight else { return false }
        set(t, weakest, Posting(cluster: cluster, weight: weight))
        return true
    }

    mutating func remove(cluster: Int32, term: UInt32) {
        let t = Int(term)
        guard t < terms, let i = find(cluster, in: t) else { return }
        unshare()
        let n = length(t)
        // As `Array.remove(at:)`: the later postings move up, keeping the list's order.
        for k in i..<(n - 1) { set(t, k, posting(t, k + 1)) }
        if n > Self.inlinePostings { overflow[overflowIndex(t)].removeLast() }
        setLength(t, n - 1)
    }

    /// Prefetches every cache line of the lists of `terms` (to be updated next) so that their misses overlap
    /// instead of each insertion waiting for its list in turn.
    func prefetch(_ terms: some Sequence<UInt32>) {
        let base = blocks.base
        for term in terms where Int(term) < self.terms {
            vedetta_prefetch(base + Int(term) &* Self.blockSlots)
            vedetta_prefetch(base + (Int(term) &* Self.blockSlots &+ 8))
        }
        for term in terms where Int(term) < self.terms && length(Int(term)) > Self.inlinePostings {
            prefetchOverflow(Int(term))
        }
    }

    /// Prefetches every cache line of the overflow list of term `t` (which has one).
    @inline(__always)
    private func prefetchOverflow(_ t: Int) {
        overflow[overflowIndex(t)].withUnsafeBufferPointer { list in
            var k = 0
            while k < list.count {
                vedetta_prefetch(list.baseAddress! + k)
                k += 8
            }
        }
    }

    // MARK: - Lookup

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
        var total = 0
        var first = true
        scratch.query.removeAll(keepingCapacity: true)
        scratch.lengths.removeAll(keepingCapacity: true)
        let base = blocks.base
        let terms = self.terms
        // The lengths first, in a loop whose loads depend on nothing loaded: each is the one miss of its term's
        // block, which brings its first postings along, and they overlap instead of waiting behind the budget's
        // branches.
        for (term, _) in query {
            guard Int(term) < terms else {
                scratch.lengths.append(0)
                continue
            }
            scratch.lengths.append(Int(base[Int(term) &* Self.blockSlots].cluster))
            // The block's second line, whatever the length: its address needs no load, so its miss overlaps the
            // first's instead of following it.
            vedetta_prefetch(base + (Int(term) &* Self.blockSlots &+ 8))
        }
        for (i, (term, w)) in query.enumerated() {
            let n = scratch.lengths[i]
            guard first || budget <= 0 || total + n <= budget else { continue }
            first = false
            total += n
            guard n > 0 else { continue }
            scratch.query.append((term, w))
            // Long lists: their overflow lines too, before any score update.
            if n > Self.inlinePostings { prefetchOverflow(Int(term)) }
        }
        if scratch.touched.count < total { scratch.touched = [Int32](repeating: 0, count: max(total, 2 * scratch.touched.count)) }
        var fresh = 0
        scratch.keys.withUnsafeMutableBufferPointer { keys in
            scratch.scores.withUnsafeMutableBufferPointer { scores in
                scratch.touched.withUnsafeMutableBufferPointer { touched in
                    // Whether a posting's cluster is new to this lookup is random: as a branch it was mispredicted
                    // about every other posting once lookups read a few hundred. So the probe stops at the
                    // cluster's slot or at an empty one, and both cases are written alike: a new cluster's score
                    // starts from 0 (0 + x is x exactly) and its slot is recorded and counted only when new.
                    @inline(__always)
                    func add(_ p: Posting, _ w: Float) {
                        var h = Int(truncatingIfNeeded: UInt32(bitPattern: p.cluster) &* 2_654_435_761) & mask
                        var key = keys[h]
                        while key != p.cluster && key != 0 {
                            h = (h + 1) & mask
                            key = keys[h]
                        }
                        let isNew = key == 0
                        keys[h] = p.cluster
                        scores[h] = (isNew ? 0 : scores[h]) + w * p.weight
                        touched[fresh] = Int32(h)
                        fresh &+= isNew ? 1 : 0
                    }
                    for (term, w) in scratch.query {
                        let t = Int(term)
                        let n = Int(base[t &* Self.blockSlots].cluster)
                        visited += n
                        let block = base + (t &* Self.blockSlots &+ 1)
                        for k in 0..<min(n, Self.inlinePostings) { add(block[k], w) }
                        if n > Self.inlinePostings {
                            overflow[overflowIndex(t)].withUnsafeBufferPointer { list in
                                for p in list[0..<(n - Self.inlinePostings)] { add(p, w) }
                            }
                        }
                    }
                }
            }
        }
        scratch.touchedCount = fresh
        return visited
    }
}
