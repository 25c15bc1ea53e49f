import CVedettaPrefetch

/// The active clusters by sequence number, stored in reusable slots of one contiguous array.
///
/// A `Dictionary` of `ClusterState` copies the whole state (a dozen reference-counted buffers) on every read;
/// here the hot path reads a cluster in place (`read`) and mutates it in place (`update`), and a retired
/// cluster's slot is reused, so memory follows the active clusters, not all clusters ever created. Slots are
/// never observable: iteration goes through `sortedKeys` and the encoded form is keyed by sequence.
///
/// Scoring a candidate needs only its centroid, norm, size and dominant service; with many clusters each of
/// those lives in a different heap buffer, and the cache misses of reading them dominated a lookup. So each
/// slot also has a `Hot` copy of these (derived, rewritten on every store or update, never encoded): one block
/// per slot in a fixed-stride arena aligned on cache lines, a 24-byte header then the centroid's entries, so that
/// the header and the first five entries of a candidate come in one cache miss.
struct ClusterTable: Sendable {
    /// What scoring reads of a cluster, kept contiguous.
    struct Hot: Sendable {
        var norm: Float
        var size: Int32
        /// Interned dominant service (`noService` when it has none).
        var service: Int32
        /// Centroid entries, stored after the header in the slot's block.
        var count: Int32
        /// Squared norm of the centroid's entries on error codes new to the stream (0 exactly when it has none).
        var codeNorm2: Float = 0
    }

    /// One centroid entry of the arena.
    struct Entry: Sendable {
        var id: UInt32
        var weight: Float
    }

    /// Service id of a cluster without a dominant service, or of a report without a service.
    static let noService: Int32 = -1
    /// Service id of a report whose service no cluster is dominated by (equals no cluster's).
    static let unknownService: Int32 = -2

    private var slots: ContiguousArray<ClusterState> = []
    /// Sequence → slot + 1 (0: not active). An array rather than a dictionary: a lookup is one load instead of a
    /// hash, and it costs 4 bytes per cluster ever created.
    private var slotBySeq: [Int32] = []
    private var active = 0
    private var free: [Int32] = []
    /// The blocks, `stride` 8-byte units per slot from slot 0: the header (`Hot`, 20 bytes) in units 0 to 2, the
    /// centroid entries from unit 3 (`headerUnits`).
    private var arena = LineAlignedBuffer<Entry>(capacity: 0)
    /// Units per block (a multiple of 8: whole cache lines); grows (re-laying the arena) if a centroid ever
    /// exceeds it. 80 holds the 72 entries a centroid has at most under the default tuning (48 plus half).
    private(set) var stride = 80
    /// Units of a block's header.
    static let headerUnits = 3
    /// Which feature ids are error codes new to the stream (`CodeNovelty`), one bit each (derived, never
    /// encoded): the clusterer marks them before a vector holding one is placed, so that a centroid's mass on
    /// new codes is known when its hot copy is written.
    private var newCodeBits: [UInt64] = []
    /// The clusters whose hot copy counted each new code (derived): when codes stop being new only these are
    /// rewritten, so that a code's ageing costs its own few clusters, not a pass over every active one.
    private(set) var newCodeHolders: [UInt32: Set<Int32>] = [:]
    private var serviceIDs: [String: Int32] = [:]
    /// Topic vectors of the slots (derived, never encoded): each centroid's unit projection on the topic space,
    /// `topicDimensions` floats per slot, valid while the slot's stamp equals the space's epoch. A store or an
    /// update resets the stamp, so a vector is recomputed lazily, when its cluster is next scored.
    private var topicVectors: [Float] = []
    /// The share of each slot's centroid the space explains (`TopicSpace.project`), beside its topic vector.
    private var topicShares: [Float] = []
    private var topicStamps: [UInt32] = []
    private var topicDimensions = 0
    /// Centroids projected on the topic space so far (work, for benchmarks; not state).
    private(set) var topicProjections = 0

    init() {}

    /// Number of active clusters.
    var count: Int { active }

    /// Sequence numbers of the active clusters, ascending.
    var sortedKeys: [Int32] {
        var keys: [Int32] = []
        keys.reserveCapacity(active)
        for (seq, s) in slotBySeq.enumerated() where s != 0 { keys.append(Int32(seq)) }
        return keys
    }

    func contains(_ seq: Int32) -> Bool { slot(of: seq) != nil }

    /// The slot of cluster `seq`, if active.
    @inline(__always)
    func slot(of seq: Int32) -> Int? {
        let i = Int(seq)
        guard i >= 0 && i < slotBySeq.count else { return nil }
        let s = slotBySeq[i]
        return s == 0 ? nil : Int(s) - 1
    }

    /// Marks feature `id` as an error code new to the stream. A centroid that already holds it (a code back after
    /// being forgotten) keeps a stale code mass until `refreshAll`.
    mutating func markNewCode(_ id: UInt32) {
        let word = Int(id >> 6)
        if word >= newCodeBits.count { newCodeBits.append(contentsOf: repeatElement(0, count: word + 1 - newCodeBits.count)) }
        newCodeBits[word] |= 1 << UInt64(id & 63)
    }

    /// Unmarks features `ids` (codes that became everyday ones) and rewrites the hot copies that counted them.
    mutating func unmarkNewCodes(_ ids: [UInt32]) {
        var holders = Set<Int32>()
        for id in ids {
            let word = Int(id >> 6)
            if word < newCodeBits.count { newCodeBits[word] &= ~(1 << UInt64(id & 63)) }
            if let held = newCodeHolders.removeValue(forKey: id) { holders.formUnion(held) }
        }
        // Retired or merged-away clusters have no slot any more; a merge rewrote its survivor, which noted itself.
        for seq in holders.sorted() { if let s = slot(of: seq) { refresh(s) } }
    }

    /// Whether feature `id` is marked as an error code new to the stream.
    @inline(__always)
    func isNewCode(_ id: UInt32) -> Bool {
        let word = Int(id >> 6)
        return word < newCodeBits.count && newCodeBits[word] & (1 << UInt64(id & 63)) != 0
    }

    /// Rewrites every hot copy (after a held code was marked, or on restoring a checkpoint).
    mutating func refreshAll() {
        for s in slots.indices where slots[s].seq >= 0 { refresh(s) }
    }

    /// The id under which `service` is compared with clusters' dominant services.
    func serviceID(_ service: String?) -> Int32 {
        guard let service else { return Self.noService }
        return serviceIDs[service] ?? Self.unknownService
    }

    /// Runs `body` on a pointer to the state of cluster `seq`, in place; nil when it is not active. The pointer is
    /// valid only during `body`. Through a pointer each field read is one load: a `ClusterState` handed over by
    /// value let the optimiser copy the whole state (retaining, then releasing, each of its dozen buffers: a cache
    /// miss each on a cold cluster) to read two fields of it.
    @inline(__always)
    func read<R>(_ seq: Int32, _ body: (UnsafePointer<ClusterState>) -> R) -> R? {
        guard let s = slot(of: seq) else { return nil }
        return slots.withUnsafeBufferPointer { body($0.baseAddress.unsafelyUnwrapped + s) }
    }

    /// Mutates cluster `seq` in place; nil when it is not active.
    @inline(__always) @discardableResult
    mutating func update<R>(_ seq: Int32, _ body: (inout ClusterState) -> R) -> R? {
        guard let s = slot(of: seq) else { return nil }
        let result = slots.withUnsafeMutableBufferPointer { body(&$0[s]) }
        refresh(s)
        return result
    }

    /// Runs `body` on the hot copy of cluster `seq`: its centroid entries (ascending ids, the centroid's exact
    /// weights) and its header; nil when it is not active. Reads no cold state (no copy, no retain).
    @inline(__always)
    func withCentroid<R>(_ seq: Int32, _ body: (UnsafeBufferPointer<Entry>, Hot) -> R) -> R? {
        guard let s = slot(of: seq) else { return nil }
        let header = header(s)
        return body(UnsafeBufferPointer(start: centroid(s), count: Int(header.count)), header)
    }

    /// The header of slot `s`.
    @inline(__always)
    func header(_ s: Int) -> Hot { UnsafeRawPointer(arena.base + s &* stride).load(as: Hot.self) }

    /// The first centroid entry of slot `s`.
    @inline(__always)
    private func centroid(_ s: Int) -> UnsafePointer<Entry> { UnsafePointer(arena.base + (s &* stride &+ Self.headerUnits)) }

    private mutating func setHeader(_ s: Int, _ header: Hot) {
        UnsafeMutableRawPointer(arena.base + s &* stride).storeBytes(of: header, as: Hot.self)
    }

    /// The headers of all slots (cold: tests).
    var hot: [Hot] { (0..<slots.count).map { header($0) } }

    /// The centroid entries of slot `s` (cold: tests).
    func centroidEntries(slot s: Int) -> [Entry] {
        Array(UnsafeBufferPointer(start: centroid(s), count: Int(header(s).count)))
    }

    /// Makes the arena this table's own, with room for `slots` slots, before a write.
    private mutating func reserveArena(_ slots: Int) {
        let needed = slots * stride
        if needed > arena.capacity {
            arena = arena.copy(count: self.slots.count * stride, capacity: max(needed, 2 * arena.capacity, 64 * stride))
        } else if !isKnownUniquelyReferenced(&arena) {
            arena = arena.copy(count: self.slots.count * stride, capacity: arena.capacity)
        }
    }

    /// The weight of `id` in centroid entries sorted by id, or 0 (as `SparseVector.weight(of:)`).
    @inline(__always)
    static func weight(of id: UInt32, in centroid: UnsafeBufferPointer<Entry>) -> Float {
        var lo = 0
        var hi = centroid.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if centroid[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < centroid.count && centroid[lo].id == id ? centroid[lo].weight : 0
    }

    /// Mutates cluster `seq` in place without rewriting its hot copy: only for fields the hot copy does not
    /// hold (centroid, norm, size and dominant service must not change); nil when it is not active.
    @inline(__always) @discardableResult
    mutating func updateCold<R>(_ seq: Int32, _ body: (inout ClusterState) -> R) -> R? {
        guard let s = slot(of: seq) else { return nil }
        return slots.withUnsafeMutableBufferPointer { body(&$0[s]) }
    }

    /// Sets the index terms of cluster `seq` (not part of the hot copy, so without refreshing it).
    mutating func setIndexed(_ seq: Int32, _ terms: [UInt32]) {
        guard let s = slot(of: seq) else { return }
        slots[s].indexed = terms
    }

    /// A copy of cluster `seq` (cold paths); assigning stores or, with nil, removes it.
    subscript(seq: Int32) -> ClusterState? {
        get { slot(of: seq).map { slots[$0] } }
        set {
            if let newValue {
                insert(newValue, seq: seq)
            } else {
                _ = removeValue(forKey: seq)
            }
        }
    }

    private mutating func insert(_ state: ClusterState, seq: Int32) {
        let s: Int
        if let existing = slot(of: seq) {
            s = existing
            slots[s] = state
        } else {
            if Int(seq) >= slotBySeq.count {
                slotBySeq.append(contentsOf: repeatElement(0, count: Int(seq) + 1 - slotBySeq.count))
            }
            if let reused = free.popLast() {
                s = Int(reused)
                slots[s] = state
            } else {
                s = slots.count
                reserveArena(s + 1)
                slots.append(state)
                setHeader(s, Hot(norm: 0, size: 0, service: Self.noService, count: 0))
            }
            slotBySeq[Int(seq)] = Int32(s + 1)
            active += 1
        }
        refresh(s)
    }

    /// Rewrites the hot copy of slot `s` from its state.
    private mutating func refresh(_ s: Int) {
        let n = slots[s].centroid.count
        if n + Self.headerUnits > stride { widen(to: (n + Self.headerUnits + 7) & ~7) }
        reserveArena(slots.count)
        var service = Self.noService
        if let dominant = slots[s].dominantService {
            if let id = serviceIDs[dominant] {
                service = id
            } else {
                service = Int32(serviceIDs.count)
                serviceIDs[dominant] = service
            }
        }
        if s < topicStamps.count { topicStamps[s] = 0 }
        let block = arena.base + (s * stride + Self.headerUnits)
        var codeNorm2: Float = 0
        var newCodes: [UInt32] = []
        slots.withUnsafeBufferPointer { states in
            states[s].centroid.withBuffers { ids, weights in
                for k in 0..<n {
                    block[k] = Entry(id: ids[k], weight: weights[k])
                    if isNewCode(ids[k]) {
                        codeNorm2 += weights[k] * weights[k]
                        newCodes.append(ids[k])
                    }
                }
            }
        }
        for id in newCodes { newCodeHolders[id, default: []].insert(slots[s].seq) }
        setHeader(s, Hot(norm: slots[s].centroidNorm, size: Int32(clamping: slots[s].size), service: service,
                         count: Int32(n), codeNorm2: codeNorm2))
    }

    private mutating func widen(to newStride: Int) {
        let wider = LineAlignedBuffer<Entry>(capacity: max(slots.count, 64) * newStride)
        for s in slots.indices {
            // The header and the entries, unit by unit.
            for k in 0..<(Self.headerUnits + Int(header(s).count)) { wider.base[s * newStride + k] = arena.base[s * stride + k] }
        }
        arena = wider
        stride = newStride
    }

    /// Brings the topic vectors of the clusters `found` up to the space's current fit: only those whose centroid
    /// changed since, or that were last projected on an earlier fit, are recomputed (`centroid entries × d` flops).
    mutating func refreshTopics(_ found: [Int32], _ topics: TopicSpace) {
        reserveTopics(topics)
        for seq in found {
            guard let s = slot(of: seq) else { continue }
            refreshTopic(slot: s, topics)
        }
    }

    /// Makes room for a topic vector of `topics`' dimensions per slot (all of them dropped when the dimensions
    /// changed), before any slot's vector is refreshed.
    mutating func reserveTopics(_ topics: TopicSpace) {
        let d = topics.dimensions
        if d != topicDimensions {
            topicDimensions = d
            topicVectors = []
            topicShares = []
            topicStamps = []
        }
        if topicStamps.count < slots.count {
            topicStamps.append(contentsOf: repeatElement(0, count: slots.count - topicStamps.count))
            topicShares.append(contentsOf: repeatElement(0, count: slots.count - topicShares.count))
            topicVectors.append(contentsOf: repeatElement(0, count: slots.count * d - topicVectors.count))
        }
    }

    /// Recomputes slot `s`'s topic vector and share unless they are current (after `reserveTopics`).
    @inline(__always)
    private mutating func refreshTopic(slot s: Int, _ topics: TopicSpace) {
        guard topicStamps[s] != topics.epoch else { return }
        let d = topicDimensions
        let centroid = UnsafeBufferPointer(start: centroid(s), count: Int(header(s).count))
        topicShares[s] = topicVectors.withUnsafeMutableBufferPointer { vectors in
            topics.project(centroid, into: UnsafeMutableBufferPointer(rebasing: vectors[(s * d)..<(s * d + d)]))
        }
        topicStamps[s] = topics.epoch
        topicProjections &+= 1
    }

    /// Whether cluster `seq`'s topic vector is that of its current centroid on the fit `epoch`.
    func hasCurrentTopic(_ seq: Int32, epoch: UInt32) -> Bool {
        guard let s = slot(of: seq), s < topicStamps.count else { return false }
        return topicStamps[s] == epoch
    }

    /// The share of cluster `seq`'s centroid the space explained when its topic vector was last refreshed.
    func topicShare(_ seq: Int32) -> Float {
        guard let s = slot(of: seq), s < topicShares.count else { return 0 }
        return topicShares[s]
    }

    /// The topic vector of cluster `seq` as last refreshed (empty when it has none).
    func topicVector(_ seq: Int32) -> ArraySlice<Float> {
        guard let s = slot(of: seq), s < topicStamps.count, topicDimensions > 0 else { return [] }
        return topicVectors[(s * topicDimensions)..<((s + 1) * topicDimensions)]
    }

    /// Takes cluster `seq` out (moving it, not copying) and frees its slot.
    mutating func removeValue(forKey seq: Int32) -> ClusterState? {
        guard let s = slot(of: seq) else { return nil }
        slotBySeq[Int(seq)] = 0
        active -= 1
        var state = ClusterState(seq: -1, at: Timestamp(milliseconds: 0))
        swap(&state, &slots[s])
        reserveArena(slots.count)
        setHeader(s, Hot(norm: 0, size: 0, service: Self.noService, count: 0))
        free.append(Int32(s))
        return state
    }
}

extension ClusterTable {
    /// The cosine of a unit vector (its code profile `query`, its dot product `dot` with the centroid of
    /// `cluster`, whose entries are `centroid`) to that centroid, new error codes counted only when the vector
    /// quotes one (`ClusteringConfiguration.codeShareFloor`): otherwise it is the cosine over the features other
    /// than new codes. Without a new code on either side it is exactly `dot / norm`.
    @inline(__always)
    static func cosine(
        dot: Float, query: CodeProfile, cluster: Hot, centroid: UnsafeBufferPointer<Entry>, floor: Float
    ) -> Float {
        guard cluster.norm > 0 else { return 0 }
        if codesCount(query, clusterCodeNorm2: cluster.codeNorm2, floor: floor) { return dot / cluster.norm }
        var words = dot
        for code in query.codes { words -= code.weight * weight(of: code.id, in: centroid) }
        return wordsCosine(words, query, clusterNorm2: cluster.norm * cluster.norm, clusterCodeNorm2: cluster.codeNorm2)
    }

    /// Whether new codes count in a comparison (the code-share rule): when neither side holds one, when the rule
    /// is off, or when the vector being placed quotes one.
    @inline(__always)
    static func codesCount(_ query: CodeProfile, clusterCodeNorm2: Float, floor: Float) -> Bool {
        (query.codeNorm2 == 0 && clusterCodeNorm2 == 0) || floor <= 0 || query.quotesCode(floor)
    }

    /// The cosine over the features other than new codes, from the dot product `words` without them and both
    /// sides' squared norms with and without them.
    @inline(__always)
    static func wordsCosine(_ words: Float, _ query: CodeProfile, clusterNorm2: Float, clusterCodeNorm2: Float) -> Float {
        let denominator = (max(query.norm2 - query.codeNorm2, 0) * max(clusterNorm2 - clusterCodeNorm2, 0)).squareRoot()
        return denominator > 1e-12 ? max(words, 0) / denominator : 0
    }

    /// `cosine(dot:query:cluster:centroid:floor:)` of a unit vector to cluster `seq`, the dot product as
    /// `ClusterState.cosine` takes it; nil when it is not active.
    func cosine(_ vector: SparseVector, _ query: CodeProfile, to seq: Int32, floor: Float) -> Float? {
        guard let dot = read(seq, { vector.dot($0.pointee.centroid) }) else { return nil }
        return withCentroid(seq) { centroid, header in
            Self.cosine(dot: dot, query: query, cluster: header, centroid: centroid, floor: floor)
        }
    }

    /// The join threshold of a cluster (from its hot copy) for a report of service `service` (an id from
    /// `serviceID`).
    @inline(__always)
    static func threshold(_ cluster: Hot, service: Int32, _ configuration: ClusteringConfiguration) -> Float {
        var t = configuration.joinThreshold
        if service != noService && cluster.service != noService && service != cluster.service {
            t = configuration.crossServiceThreshold
        }
        let n = Int(cluster.size)
        if configuration.cohesionFactor > 0 && n >= configuration.cohesionMinSize {
            t = max(t, configuration.cohesionFactor * cluster.norm / Float(n))
        }
        return t
    }

    /// Prefetches, for each cluster of `found`, its hot copy and every cache line of its centroid, before any of
    /// them is scored: the misses overlap, where scoring cluster after cluster waited for each chain of misses
    /// (slot, then header, then centroid) in turn, which is what made a lookup slower as the clusters outgrew the
    /// caches. Returns the slots (-1: not active), parallel to `found`.
    @inline(__always)
    func prefetch(_ found: [Int32]) -> [Int] {
        var slots = [Int](repeating: -1, count: found.count)
        for (i, seq) in found.enumerated() { slots[i] = slot(of: seq) ?? -1 }
        let stride = self.stride
        let arena = self.arena.base
        // The first line of each block (its header and first entries), then the blocks' other lines once their
        // lengths are known (one per 64-byte line of 8 units). The headers are read for those lengths, but by
        // then their lines are on their way.
        for s in slots where s >= 0 { vedetta_prefetch(arena + s &* stride) }
        for s in slots where s >= 0 {
            var k = s &* stride &+ 8
            let end = s &* stride &+ Self.headerUnits &+ Int(header(s).count)
            while k < end {
                vedetta_prefetch(arena + k)
                k &+= 8
            }
        }
        return slots
    }

    /// Scores the clusters `found` against the report spread in `scratch`: the most similar one it may join (its
    /// cosine, plus the same-service bonus, at or above the cluster's threshold; ties: older cluster), and the
    /// centroid entries read.
    /// With a `topic` (the report's unit topic vector and explained share; the candidates' topic vectors
    /// vectors brought up to `space`'s fit as they are needed), the cosine is blended (`bestCosine`); the neutral
    /// topic cosine reproduces the threshold the blend's lexical tuning (`TopicBlend.lexical`) sets for the pair.
    mutating func best(
        among found: [Int32], scratch: CandidateScratch, query: CodeProfile, service: Int32,
        configuration: ClusteringConfiguration, topic: TopicBlend? = nil, space: TopicSpace
    ) -> (best: (seq: Int32, similarity: Float)?, entries: Int) {
        let lexical = topic?.lexical ?? configuration
        return bestCosine(among: found, scratch: scratch, query: query, floor: configuration.codeShareFloor,
                          topic: topic, space: space, neutral: { cluster in
                              lexical.topicNeutral(lexical: Self.threshold(cluster, service: service, lexical),
                                                   blended: Self.threshold(cluster, service: service, configuration))
                          }) { cluster, sim in
            let bonus = service != Self.noService && service == cluster.service ? configuration.sameServiceBonus : 0
            return sim + bonus >= Self.threshold(cluster, service: service, configuration)
        }
    }

    /// The candidate of `found` with the highest centroid cosine to the vector spread in `scratch` among those
    /// `admits` lets through (given its hot copy and the cosine; ties: older cluster), and the centroid entries
    /// read. Candidates are prefetched first so that their cache misses overlap.
    /// With a `topic`, the cosine is blended: `a × lexical + (1 − a) × (r × topic + (1 − r) × neutral)`, `a`
    /// the lexical weight, `r` the pair's reliability (`ClusteringConfiguration.topicReliability` of the two
    /// explained shares) and `neutral` the candidate's neutral topic cosine (only asked when `r < 1`).
    /// A candidate whose topic vector is stale is projected only if its lexical cosine could still be admitted
    /// with the largest topic term the blend can give (`topicTermBound`): the projection of a centroid (its
    /// entries × d flops and a cache miss per row) is most of what a candidate costs once the clusters are
    /// many and each is scored long after its last fit, and most candidates share only common words. The
    /// outcome is the same: a skipped candidate could not have been admitted, and its vector, when next
    /// needed, is computed from the same centroid and space (any change of either marks it stale).
    @inline(__always)
    private mutating func bestCosine(
        among found: [Int32], scratch: CandidateScratch, query: CodeProfile, floor: Float, topic: TopicBlend?,
        space: TopicSpace, neutral: (Hot) -> Float, admits: (Hot, Float) -> Bool
    ) -> (best: (seq: Int32, similarity: Float)?, entries: Int) {
        var best: (seq: Int32, similarity: Float)?
        var entries = 0
        let slots = prefetch(found)
        let vector = topic?.vector ?? []
        if !vector.isEmpty { reserveTopics(space) }
        let d = vector.isEmpty ? 0 : topicDimensions
        let lexicalWeight = topic?.lexical.topicLexicalWeight ?? 1
        let share = topic?.share ?? 1
        let shareFull = topic?.lexical.topicShareFull ?? 0
        vector.withUnsafeBufferPointer { topic in
        scratch.dense.withUnsafeBufferPointer { dense in
            scratch.bits.withUnsafeBufferPointer { bits in
                for (i, seq) in found.enumerated() {
                    let s = slots[i]
                    guard s >= 0 else { continue }
                    let cluster = header(s)
                    let count = Int(cluster.count)
                    entries += count
                    let centroid = UnsafeBufferPointer(start: centroid(s), count: count)
                    // The same sum, in the same order, as `SparseVector.dot` (see `CandidateScratch.dot`).
                    var sim = cluster.norm > 0
                        ? Self.cosine(dot: CandidateScratch.dot(dense, bits, centroid), query: query, cluster: cluster,
                                      centroid: centroid, floor: floor)
                        : 0
                    if d > 0 {
                        if topicStamps[s] != space.epoch {
                            let most = Self.topicTermBound(neutral(cluster))
                            guard admits(cluster, lexicalWeight * sim + (1 - lexicalWeight) * most) else { continue }
                            refreshTopic(slot: s, space)
                        }
                        let dot = topicVectors.withUnsafeBufferPointer { topicVectors in
                            var dot: Float = 0
                            for j in 0..<d { dot += topic[j] * topicVectors[s * d + j] }
                            return dot
                        }
                        let r = ClusteringConfiguration.topicReliability(share, topicShares[s], full: shareFull)
                        let term = r < 1 ? r * dot + (1 - r) * neutral(cluster) : dot
                        sim = lexicalWeight * sim + (1 - lexicalWeight) * term
                    }
                    guard admits(cluster, sim) else { continue }
                    if best == nil || sim > best!.similarity || (sim == best!.similarity && seq < best!.seq) {
                        best = (seq, sim)
                    }
                }
            }
        }
        }
        return (best, entries)
    }

    /// At least the largest topic term a blend can hold for a candidate whose neutral topic cosine is `neutral`:
    /// the term is `r × dot + (1 − r) × neutral` with `r` in [0, 1] and `dot` a cosine of unit vectors (at most 1
    /// but for rounding), so it cannot exceed the larger of 1 and `neutral`; the margin covers the rounding of
    /// the dot product and of the blend.
    @inline(__always)
    static func topicTermBound(_ neutral: Float) -> Float {
        max(1, neutral) * 1.001 + 0.001
    }

    /// The merge threshold of two clusters from their hot copies (as `OnlineClusterer.mergeThreshold`).
    @inline(__always)
    static func mergeThreshold(_ a: Hot, _ b: Hot, _ configuration: ClusteringConfiguration) -> Float {
        var t = configuration.mergeThreshold
        if Int(min(a.size, b.size)) <= configuration.secondChanceSize {
            t = min(t, configuration.joinThreshold)
        }
        if a.service != noService && b.service != noService && a.service != b.service {
            t = max(t, configuration.crossServiceThreshold)
        }
        return t
    }

    /// The consolidation pass's choice for cluster `seq` (centroid linkage), whose unit centroid is spread in
    /// `scratch`: the candidate of `found` with the highest centroid cosine at or above the pair's merge
    /// threshold (ties: older cluster), and the centroid entries read. Reads only hot copies.
    mutating func bestMerge(
        for seq: Int32, among found: [Int32], scratch: CandidateScratch, query: CodeProfile,
        configuration: ClusteringConfiguration, topic: TopicBlend? = nil, space: TopicSpace
    ) -> (best: (seq: Int32, similarity: Float)?, entries: Int) {
        guard let own = slot(of: seq) else { return (nil, 0) }
        let mine = header(own)
        let lexical = topic?.lexical ?? configuration
        return bestCosine(among: found, scratch: scratch, query: query, floor: configuration.codeShareFloor,
                          topic: topic, space: space, neutral: { candidate in
                              lexical.topicNeutral(lexical: Self.mergeThreshold(mine, candidate, lexical),
                                                   blended: Self.mergeThreshold(mine, candidate, configuration))
                          }) { candidate, sim in
            sim >= Self.mergeThreshold(mine, candidate, configuration)
        }
    }
}

extension ClusterTable: Codable {
    /// Decodes the sequence-keyed form; slots are assigned in ascending sequence order.
    init(from decoder: any Decoder) throws {
        let byID = try [Int32: ClusterState](from: decoder)
        for seq in byID.keys.sorted() { insert(byID[seq]!, seq: seq) }
    }

    /// Encodes as a dictionary keyed by sequence (the slots are an implementation detail), in ascending
    /// sequence: the form `[Int32: ClusterState]` encodes to (key, value, key, value…), but in an order that does
    /// not depend on a dictionary built for the purpose, whose order changes from one build of it to the next.
    /// So the same state always encodes to the same bytes.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for seq in sortedKeys {
            try container.encode(seq)
            try container.encode(slots[slot(of: seq)!])
        }
    }
}
