/// Single-pass, deterministic online clustering of ticket reports (DESIGN §5).
///
/// A report's vector is compared with the centroids of the few clusters that the inverted index proposes (so the
/// cost per report does not grow with the number of clusters) and joins the most similar one above the join
/// threshold — above a higher one when the cluster belongs to another service — or seeds a new cluster.
/// Fragments are consolidated while they grow: every few reports the clusters touched since the last pass are
/// compared with their neighbours and converging ones are merged (the smaller into the larger; the loser's id
/// stays resolvable). A ticket counts once: later texts refine its vector and may move it. Idle clusters retire.
///
/// All state is `Codable`; a decoded clusterer continues exactly as the uninterrupted one would.
public struct OnlineClusterer<F: Featurizer>: Sendable {
    /// The tuning in use.
    public let configuration: ClusteringConfiguration
    /// `configuration.blended`, derived once (not encoded): scoring used to build it for every placement.
    let blendedConfiguration: ClusteringConfiguration
    /// The featurizer, with what it has learned.
    public internal(set) var featurizer: F

    var clusters = ClusterTable()
    var tickets: [TicketKey: TicketState] = [:]
    /// Merged cluster → the cluster that absorbed it (always the final one: chains are collapsed on merge).
    var aliases: [Int32: Int32] = [:]
    var index: CandidateIndex
    var nextSeq: Int32 = 1
    var retirementQueue: [RetirementEntry] = []
    var retirementHead = 0
    /// Remembered tickets by time of placement (or of a later event), for forgetting silent ones.
    var ticketQueue: [TicketEntry] = []
    var ticketHead = 0
    var dirty: [Int32] = []
    var dirtySet: Set<Int32> = []
    var reportsSinceConsolidation = 0
    /// Reports (texts) processed so far: the clock of revisits.
    var reports = 0
    /// Per revisit round, tickets waiting for their second look, in due order.
    var revisitQueues: [[Revisit]] = []
    var revisitHeads: [Int] = []
    /// Latest event time seen.
    public internal(set) var now = Timestamp(milliseconds: .min)
    /// The topic space learned from recent reports, blended into every cosine once fitted.
    public internal(set) var topics: TopicSpace
    /// Which error codes are new to the stream (the code-share rule, `ClusteringConfiguration.codeShareFloor`).
    var codeNovelty = CodeNovelty()
    /// Scratch for a topic vector being scored; not state, never encoded.
    var topicQuery: [Float] = []
    /// The share of that vector's text the space explains.
    var topicQueryShare: Float = 0

    /// Scratch space for candidate scoring; not state, never encoded.
    var scratch = CandidateScratch()
    /// Work done by candidate lookups (not state, never encoded): lets tests check that the cost of a report is
    /// bounded by the tuning, not by the number of clusters, in operations rather than in time.
    var work = LookupWork()

    /// Counts of the operations behind candidate lookups.
    struct LookupWork: Sendable, Hashable {
        /// Candidate lookups (placements, second looks, consolidation checks).
        var lookups = 0
        /// Postings read from the inverted index.
        var postings = 0
        /// Most postings read by one lookup.
        var maxPostings = 0
        /// Centroid entries read to compute exact cosines.
        var centroidEntries = 0
        /// Most centroid entries read by one lookup.
        var maxCentroidEntries = 0
        /// Lookups of second looks.
        var revisits = 0
        /// Lookups of consolidation checks.
        var consolidations = 0
        /// Candidates whose exact cosine was computed.
        var candidates = 0
        /// Most candidates of one lookup.
        var maxCandidates = 0
        /// Posting lists read.
        var lists = 0
    }

    struct Revisit: Sendable, Codable, Hashable {
        var ticket: TicketKey
        var due: Int
    }

    struct TicketEntry: Sendable, Codable, Hashable {
        var ticket: TicketKey
        var at: Timestamp
    }

    struct RetirementEntry: Sendable, Codable, Hashable {
        var seq: Int32
        var at: Timestamp
    }

    /// A fresh clusterer.
    public init(featurizer: F, configuration: ClusteringConfiguration = ClusteringConfiguration()) {
        self.featurizer = featurizer
        self.configuration = configuration
        self.blendedConfiguration = configuration.blended
        self.index = CandidateIndex(cap: configuration.postingsPerTerm)
        self.topics = TopicSpace(configuration)
    }

    /// Number of active clusters.
    public var activeClusterCount: Int { clusters.count }

    /// Candidate lookups so far, postings and centroid entries they read (operations, for benchmarks).
    public var lookupWork: (lookups: Int, postings: Int, centroidEntries: Int) {
        (work.lookups, work.postings, work.centroidEntries)
    }

    /// Candidates scored exactly (most in one lookup) and posting lists read, over all lookups so far.
    public var candidateWork: (candidates: Int, maxCandidates: Int, lists: Int) {
        (work.candidates, work.maxCandidates, work.lists)
    }

    /// Cluster centroids projected on the topic space so far (scoring projects a candidate only when its topic
    /// vector is stale and it could still be admitted).
    public var topicProjections: Int { clusters.topicProjections }

    /// Candidate lookups so far by purpose: placing (or re-placing) reports, second looks, consolidation checks.
    public var lookupKinds: (placements: Int, revisits: Int, consolidations: Int) {
        (work.lookups - work.revisits - work.consolidations, work.revisits, work.consolidations)
    }

    /// Number of tickets the clusterer remembers (those in active clusters).
    public var ticketCount: Int { tickets.count }

    static func name(_ seq: Int32) -> String { "c\(seq)" }

    static func seq(_ id: String) -> Int32? {
        guard id.first == "c" else { return nil }
        return Int32(id.dropFirst())
    }

    /// The id that `id` now stands for: the cluster it was merged into, or itself.
    public func resolve(id: String) -> String {
        guard let s = Self.seq(id), let target = aliases[s] else { return id }
        return Self.name(target)
    }

    /// The current cluster of `ticket`, if it is in an active cluster.
    public func clusterID(ofTicket ticket: String) -> String? {
        tickets[TicketKey(ticket)].map { Self.name($0.cluster) }
    }

    // MARK: - Events

    /// Feeds one ticket event with its normalised report text (nil or empty when it has none) and its service.
    // Exported specialisation: a caller in another module (vedetta-eval's benches and evaluations) would otherwise
    // run the unspecialised generic code, which looks up type metadata at run time, unlike the engine's calls.
    @_specialize(exported: true, where F == LexicalFeaturizer)
    public mutating func process(_ event: TicketEvent, normalized: NormalizedText?, service: String?) -> [ClusterUpdate] {
        let text = normalized?.tokens.isEmpty == false ? event.reportText : ""
        return process(event, ticket: TicketKey(event.ticket), text: text, normalized: normalized, service: service)
    }

    /// `process(_:normalized:service:)` with the event's ticket key and its report text (`event.reportText`)
    /// already computed, as a prepared event carries them: the engine's path.
    @_specialize(exported: true, where F == LexicalFeaturizer)
    public mutating func process(
        _ event: TicketEvent, ticket: TicketKey, text: String, normalized: NormalizedText?, service: String?
    ) -> [ClusterUpdate] {
        var updates: [ClusterUpdate] = []
        advance(to: event.at, into: &updates)
        switch event.type {
        case .opened, .updated, .escalated, .reclassified, .reopened:
            guard let normalized, !normalized.tokens.isEmpty else { break }
            let vector = featurizer.featurize(normalized, service: service, at: event.at)
            guard !vector.isEmpty else { break }
            noteCodes(vector)
            // Fitted on the reports before this one, as the lab measured it.
            topics.refitIfDue()
            let known = tickets[ticket]
            // The space learns what tickets are about from their first reports only. Follow-ups ("sollecito:
            // nessuna novità", "aggiunti gli screenshot richiesti") are a help desk's most frequent texts and say
            // nothing of a topic: fitted on them, the axes were the follow-ups' phrases, a refined ticket's
            // projection pointed at them, and tickets moved to clusters of reminders (session 15).
            if known == nil { topics.record(vector) }
            if let state = known {
                refine(event, ticket: ticket, text: text, state: state, vector: vector, service: service,
                       into: &updates)
            } else {
                // A placed ticket is always remembered: its state need not be looked up again.
                let placed = place(event, ticket: ticket, text: text, vector: vector, service: service, into: &updates)
                ticketQueue.append(TicketEntry(ticket: ticket, at: event.at))
                if !configuration.revisitAfter.isEmpty,
                   placed.seeded || placed.similarity < configuration.revisitBelow
                {
                    scheduleRevisit(ticket, round: 0)
                }
            }
            reports += 1
            runDueRevisits(into: &updates)
            reportsSinceConsolidation += 1
            if configuration.mergeInterval > 0 && reportsSinceConsolidation >= configuration.mergeInterval {
                reportsSinceConsolidation = 0
                consolidate(into: &updates)
            }
        case .resolved, .closed:
            // One hash, the state updated in place.
            guard let i = tickets.index(forKey: ticket) else { break }
            let at = event.at
            let seq = inPlace(i) { state in
                if state.lastSeen < at { state.lastSeen = at }
                return state.cluster
            }
            if let text = event.resolution, !text.isEmpty { attachSolution(event, text: text, cluster: seq, into: &updates) }
        }
        return updates
    }

    /// Runs `body` on the state of the ticket at `i` in place: through the dictionary's modify accessor, since
    /// its getter copies the whole state (retaining, then releasing, each of its buffers) even to read one field.
    @inline(__always)
    mutating func inPlace<R>(_ i: Dictionary<TicketKey, TicketState>.Index, _ body: (inout TicketState) -> R) -> R {
        body(&tickets.values[i])
    }

    /// Advances event time without a report (a tick): retires clusters idle past the horizon.
    public mutating func advance(to time: Timestamp) -> [ClusterUpdate] {
        var updates: [ClusterUpdate] = []
        advance(to: time, into: &updates)
        return updates
    }

    /// Runs the consolidation pass now (otherwise it runs every `mergeInterval` reports).
    public mutating func consolidate() -> [ClusterUpdate] {
        var updates: [ClusterUpdate] = []
        consolidate(into: &updates)
        return updates
    }

    private mutating func place(
        _ event: TicketEvent, ticket: TicketKey, text: String, vector: SparseVector, service: String?,
        into updates: inout [ClusterUpdate]
    ) -> (seeded: Bool, similarity: Float) {
        let requester = event.requester ?? "ticket:" + event.ticket
        if let best = bestCluster(for: vector, service: service, excluding: nil) {
            let shared = sharedFeatures(vector, best.seq)
            join(best.seq, ticket: ticket, vector: vector, service: service, requester: requester,
                 text: text, at: event.at, similarity: best.similarity, seeded: false, shared: shared)
            updates.append(.assigned(ticket: event.ticket, cluster: Self.name(best.seq), similarity: best.similarity,
                                     seeded: false))
            return (false, best.similarity)
        } else {
            let seq = seed(at: event.at)
            join(seq, ticket: ticket, vector: vector, service: service, requester: requester,
                 text: text, at: event.at, similarity: 1, seeded: true, shared: [])
            updates.append(.assigned(ticket: event.ticket, cluster: Self.name(seq), similarity: 1, seeded: true))
            return (true, 1)
        }
    }

    private mutating func seed(at time: Timestamp) -> Int32 {
        let seq = nextSeq
        nextSeq += 1
        clusters[seq] = ClusterState(seq: seq, at: time)
        retirementQueue.append(RetirementEntry(seq: seq, at: time))
        return seq
    }

    /// A later text of a known ticket: the ticket's vector becomes the sum of its texts, it leaves its centroid and
    /// is placed again; it moves only to a cluster that fits it better than the one it is in.
    private mutating func refine(
        _ event: TicketEvent, ticket: TicketKey, text: String, state: TicketState, vector: SparseVector,
        service: String?, into updates: inout [ClusterUpdate]
    ) {
        var state = state
        let combined = state.vector.adding(vector).normalized()
        let newService = service ?? state.service
        let from = state.cluster
        subtract(state.vector, from: from)
        let lexical = clusters.cosine(combined, profile(combined), to: from, floor: configuration.codeShareFloor)!
        let stay = blendedStay(lexical, vector: combined, cluster: from)
        // A refined ticket that still fits its cluster at `revisitSettled` stays without a candidate lookup, as a
        // second look is skipped for a settled ticket: it almost never finds a better cluster.
        if stay < configuration.revisitSettled,
           let best = bestCluster(for: combined, service: newService, excluding: from, projected: true),
           best.similarity > stay
        {
            removeTicket(ticket, state: state, from: from, into: &updates)
            let shared = sharedFeatures(combined, best.seq)
            join(best.seq, ticket: ticket, vector: combined, service: newService,
                 requester: event.requester ?? state.requester, text: text, at: event.at,
                 similarity: best.similarity, seeded: false, shared: shared)
            updates.append(.moved(ticket: event.ticket, from: Self.name(from), to: Self.name(best.seq),
                                  similarity: best.similarity))
            return
        }
        // Stays: put the refined vector back and record the new report for the windows. Mutated in place (not
        // copied: a copy would make the window counter copy its buffers on write; nor moved out and back, which
        // rebuilt an empty state each time).
        let configuration = self.configuration
        let oldService = state.service
        let requester = event.requester ?? state.requester
        clusters.update(from) { cluster in
            cluster.centroid = Self.bounded(cluster.centroid.adding(combined), configuration)
            cluster.centroidNorm = cluster.centroid.norm
            if newService != oldService {
                if let old = oldService { Self.decrement(&cluster.services, old) }
                if let new = newService { cluster.services[new, default: 0] += 1 }
                cluster.refreshDominantService()
            }
            cluster.lastSeen = max(cluster.lastSeen, event.at)
            cluster.windows.record(requester: requester, at: event.at, newTicket: false)
        }
        state.vector = combined
        state.service = newService
        state.lastSeen = max(state.lastSeen, event.at)
        tickets[ticket] = state
        reindex(from)
        markDirty(from)
    }

    private mutating func scheduleRevisit(_ ticket: TicketKey, round: Int) {
        while revisitQueues.count < configuration.revisitAfter.count {
            revisitQueues.append([])
            revisitHeads.append(0)
        }
        revisitQueues[round].append(Revisit(ticket: ticket, due: reports + configuration.revisitAfter[round]))
    }

    private mutating func runDueRevisits(into updates: inout [ClusterUpdate]) {
        for round in revisitQueues.indices {
            while revisitHeads[round] < revisitQueues[round].count,
                  revisitQueues[round][revisitHeads[round]].due <= reports
            {
                let ticket = revisitQueues[round][revisitHeads[round]].ticket
                revisitHeads[round] += 1
                guard tickets.index(forKey: ticket) != nil else { continue }
                revisit(ticket, into: &updates)
                if round + 1 < configuration.revisitAfter.count { scheduleRevisit(ticket, round: round + 1) }
            }
            if revisitHeads[round] > 1024 && revisitHeads[round] * 2 > revisitQueues[round].count {
                revisitQueues[round].removeFirst(revisitHeads[round])
                revisitHeads[round] = 0
            }
        }
    }

    /// A second look at a ticket some reports after it was placed: clusters that did not exist when it arrived
    /// may fit it better now (single-pass clustering decides too early; this undoes the worst early decisions at
    /// one extra lookup per report). A ticket alone in its cluster moves to any cluster above the join threshold.
    private mutating func revisit(_ ticket: TicketKey, into updates: inout [ClusterUpdate]) {
        let state = tickets[ticket]!
        let from = state.cluster
        // The fit of the ticket to its cluster without it, computed in place: the centroid is only rewritten when
        // the ticket moves, so a second look that changes nothing costs one lookup and no allocation.
        let query = profile(state.vector)
        let floor = configuration.codeShareFloor
        var stay = clusters.withCentroid(from) {
            Self.cosineWithout(state.vector, query, $0, header: $1, floor: floor)
        } ?? 0
        if topics.isFitted {
            var rest: [Float] = []
            let restShare = clusters.withCentroid(from) { centroid, _ in
                topics.project(centroid, without: state.vector, into: &rest)
            } ?? 0
            topicQueryShare = topics.project(state.vector, into: &topicQuery)
            stay = blend(stay, topicQuery, rest[...], shares: (topicQueryShare, restShare))
        }
        // Settled: the cluster grew around the ticket (it fits the others well), so no lookup.
        guard stay < configuration.revisitSettled else { return }
        work.revisits += 1
        guard let best = bestCluster(for: state.vector, service: state.service, excluding: from, projected: true),
              best.similarity > stay + configuration.revisitMargin
        else { return }
        subtract(state.vector, from: from)
        let text = clusters.read(from) { c in c.pointee.samples.first { $0.ticket == ticket.id }?.text } ?? nil
        removeTicket(ticket, state: state, from: from, into: &updates)
        let shared = sharedFeatures(state.vector, best.seq)
        join(best.seq, ticket: ticket, vector: state.vector, service: state.service, requester: state.requester,
             text: text, at: state.joinedAt, similarity: best.similarity, seeded: false, shared: shared)
        tickets[ticket]?.lastSeen = state.lastSeen
        updates.append(.moved(ticket: ticket.id, from: Self.name(from), to: Self.name(best.seq),
                              similarity: best.similarity))
    }

    /// Cosine of unit vector `v` (a member, code profile `query`) to its cluster's centroid with `v` taken out,
    /// as `subtract` would leave it (entries that fall to zero or below are dropped), without building that
    /// centroid: read on the cluster's hot copy (its centroid entries `c`, sorted by id, and its header). New
    /// codes count as in `ClusterTable.cosine`, the centroid's code mass taken without `v`.
    static func cosineWithout(
        _ v: SparseVector, _ query: CodeProfile, _ c: UnsafeBufferPointer<ClusterTable.Entry>,
        header: ClusterTable.Hot, floor: Float
    ) -> Float {
        var dot: Float = 0
        var norm2 = header.norm * header.norm
        // The same on `v`'s new codes alone, kept apart so that the sums above stay those of the plain cosine.
        var codeNorm2 = header.codeNorm2
        var codeDot: Float = 0
        for (k, id) in v.ids.enumerated() {
            let ci = ClusterTable.weight(of: id, in: c)
            let r = ci - v.weights[k]
            let isCode = !query.codes.isEmpty && query.codes.contains { $0.id == id }
            norm2 -= ci * ci
            if isCode { codeNorm2 -= ci * ci }
            if r > 1e-7 {
                dot += r * v.weights[k]
                norm2 += r * r
                if isCode {
                    codeDot += r * v.weights[k]
                    codeNorm2 += r * r
                }
            }
        }
        if ClusterTable.codesCount(query, clusterCodeNorm2: header.codeNorm2, floor: floor) {
            return norm2 > 1e-12 ? dot / norm2.squareRoot() : 0
        }
        return ClusterTable.wordsCosine(dot - codeDot, query, clusterNorm2: norm2, clusterCodeNorm2: max(codeNorm2, 0))
    }

    /// Records the error codes of a vector about to be placed in `codeNovelty`, and marks those that become new
    /// in the cluster table, so that centroids know their mass on new codes.
    private mutating func noteCodes(_ vector: SparseVector) {
        codeNovelty.begin(at: now)
        var refresh = false
        for id in vector.ids where featurizer.kind(id) == .errorCode {
            switch codeNovelty.observe(id, at: now, configuration) {
            case .unchanged:
                break
            case .becameNew(let held):
                clusters.markNewCode(id)
                // A code back after `newCodeMemory` may still be in a centroid, whose code mass is then stale.
                if held { refresh = true }
            }
        }
        if refresh { clusters.refreshAll() }
    }

    /// The code profile of a vector (its codes recorded by `noteCodes`).
    func profile(_ vector: SparseVector) -> CodeProfile {
        CodeProfile(vector) { clusters.isNewCode($0) }
    }

    /// Records a resolution text on the cluster `seq` of the ticket.
    private mutating func attachSolution(
        _ event: TicketEvent, text: String, cluster seq: Int32, into updates: inout [ClusterUpdate]
    ) {
        guard clusters.contains(seq) else { return }
        let limit = configuration.solutions
        // Solutions are cold state: updated in place, without moving the cluster out and rewriting its hot copy.
        clusters.updateCold(seq) { cluster in
            if let i = cluster.solutions.firstIndex(where: { $0.text == text }) {
                var known = cluster.solutions.remove(at: i)
                known.count += 1
                known.ticket = event.ticket
                known.at = event.at
                cluster.solutions.insert(known, at: 0)
            } else {
                cluster.solutions.insert(KnownSolution(text: text, ticket: event.ticket, at: event.at, count: 1), at: 0)
                if cluster.solutions.count > limit { cluster.solutions.removeLast() }
            }
        }
        updates.append(.solutionAdded(cluster: Self.name(seq), ticket: event.ticket))
    }

    // MARK: - Membership

    func bounded(_ centroid: SparseVector) -> SparseVector { Self.bounded(centroid, configuration) }

    static func bounded(_ centroid: SparseVector, _ configuration: ClusteringConfiguration) -> SparseVector {
        // Truncate with slack so that the sort behind truncation runs once every few joins, not on each.
        centroid.count > configuration.centroidTerms + configuration.centroidTerms / 2
            ? centroid.truncated(to: configuration.centroidTerms) : centroid
    }

    private mutating func join(
        _ seq: Int32, ticket: TicketKey, vector: SparseVector, service: String?, requester: String, text: String?,
        at time: Timestamp, similarity: Float, seeded: Bool, shared: [UInt32]
    ) {
        // Mutated in place: moving the state out and back copied it on the way in (a retain and a release of
        // each of its buffers per join). The closure captures no `self`, so the table may be borrowed meanwhile.
        let configuration = self.configuration
        let codes = vector.ids.filter { featurizer.kind($0) == .errorCode }
        clusters.update(seq) { cluster in
            cluster.centroid = Self.bounded(cluster.centroid.adding(vector), configuration)
            cluster.centroidNorm = cluster.centroid.norm
            cluster.tickets.insert(ticket)
            if let service {
                cluster.services[service, default: 0] += 1
                if cluster.dominantService != service { cluster.refreshDominantService() }
            }
            for id in codes { cluster.codes[id, default: 0] += 1 }
            cluster.firstSeen = min(cluster.firstSeen, time)
            cluster.lastSeen = max(cluster.lastSeen, time)
            cluster.windows.record(requester: requester, at: time, newTicket: true)
            if let text { Self.addSample(to: &cluster, ticket: ticket.id, text: text, vector: vector, configuration) }
        }
        tickets[ticket] = TicketState(
            cluster: seq, vector: vector, service: service, requester: requester, joinedAt: time,
            lastSeen: time, similarity: similarity, seeded: seeded, shared: shared)
        reindex(seq)
        markDirty(seq)
    }

    private mutating func subtract(_ vector: SparseVector, from seq: Int32) {
        clusters.update(seq) { cluster in
            cluster.centroid = cluster.centroid.adding(vector, scale: -1)
            cluster.centroidNorm = cluster.centroid.norm
        }
    }

    /// Takes a ticket (whose vector is already subtracted) out of a cluster; an emptied cluster retires.
    private mutating func removeTicket(
        _ ticket: TicketKey, state: TicketState, from seq: Int32, into updates: inout [ClusterUpdate]
    ) {
        let codes = state.vector.ids.filter { featurizer.kind($0) == .errorCode }
        let size = clusters.update(seq) { cluster in
            cluster.tickets.remove(ticket)
            if let service = state.service {
                Self.decrement(&cluster.services, service)
                cluster.refreshDominantService()
            }
            for id in codes { Self.decrement(&cluster.codes, id) }
            cluster.samples.removeAll { $0.ticket == ticket.id }
            cluster.windows.removeTicket(at: state.joinedAt)
            return cluster.size
        }!
        tickets[ticket] = nil
        if size == 0 {
            retire(seq, into: &updates)
        } else {
            reindex(seq)
        }
    }

    private static func decrement<K: Hashable>(_ counts: inout [K: Int], _ key: K) {
        if let n = counts[key] { counts[key] = n > 1 ? n - 1 : nil }
    }

    /// Features a vector shares with a centroid, by contribution to the cosine, strongest first (at most 6).
    func sharedFeatures(_ vector: SparseVector, _ seq: Int32) -> [UInt32] {
        clusters.withCentroid(seq) { centroid, _ in Self.sharedFeatures(vector, centroid) } ?? []
    }

    /// `sharedFeatures` against centroid entries sorted by id.
    static func sharedFeatures(_ vector: SparseVector, _ centroid: UnsafeBufferPointer<ClusterTable.Entry>) -> [UInt32] {
        // The six largest products, kept sorted as they come (weight descending, then id ascending: the order of
        // `SparseVector.top`), without building the vector of all shared features first.
        var best: [(id: UInt32, weight: Float)] = []
        best.reserveCapacity(7)
        for (i, id) in vector.ids.enumerated() {
            let w = ClusterTable.weight(of: id, in: centroid)
            guard w > 0 else { continue }
            let product = vector.weights[i] * w
            var pos = best.count
            while pos > 0, product > best[pos - 1].weight || (product == best[pos - 1].weight && id < best[pos - 1].id) {
                pos -= 1
            }
            if pos < 6 {
                best.insert((id, product), at: pos)
                if best.count > 6 { best.removeLast() }
            }
        }
        return best.map(\.id)
    }

    private static func addSample(
        to cluster: inout ClusterState, ticket: String, text: String, vector: SparseVector,
        _ configuration: ClusteringConfiguration
    ) {
        let pool = max(configuration.representatives + 3, 8)
        // Built only when kept: cutting a text at 500 characters walks its graphemes.
        func sample() -> ClusterState.Sample {
            ClusterState.Sample(ticket: ticket, text: String(text.prefix(500)), vector: vector)
        }
        if cluster.samples.count < pool {
            cluster.samples.append(sample())
            return
        }
        // Replace the sample farthest from the centroid, checked on a sparse schedule to keep joins cheap.
        let n = cluster.size
        guard n & (n - 1) == 0 || n % 16 == 0 else { return }
        var worst = 0
        var worstSim = Float.infinity
        for (i, s) in cluster.samples.enumerated() {
            let sim = cluster.cosine(s.vector)
            if sim < worstSim {
                worst = i
                worstSim = sim
            }
        }
        if cluster.cosine(vector) > worstSim { cluster.samples[worst] = sample() }
    }

    private mutating func markDirty(_ seq: Int32) {
        if dirtySet.insert(seq).inserted { dirty.append(seq) }
    }

    // MARK: - Candidates

    /// Clusters sharing strong terms with `vector`, best partial score first (at most `candidates`).
    mutating func candidates(for vector: SparseVector, excluding: Int32?) -> [Int32] {
        // The loops live in non-generic types: in a generic method their closures looked up type metadata at
        // run time on every call.
        let visited = index.accumulate(vector.top(configuration.queryTerms), budget: configuration.postingsBudget,
                                       into: &scratch)
        work.lookups += 1
        work.postings += visited
        work.maxPostings = max(work.maxPostings, visited)
        work.lists += scratch.query.count
        let found = scratch.ranked(configuration.candidates, excluding: excluding, ratio: configuration.candidateRatio)
        work.candidates += found.count
        work.maxCandidates = max(work.maxCandidates, found.count)
        return found
    }

    /// The most similar cluster that `vector` may join (its cosine above the cluster's threshold). `projected`:
    /// the caller has just put `vector`'s topic vector in `topicQuery` (a stay's blend), so it is not projected
    /// again.
    mutating func bestCluster(for vector: SparseVector, service: String?, excluding: Int32?, projected: Bool = false)
        -> (seq: Int32, similarity: Float)?
    {
        let found = candidates(for: vector, excluding: excluding)
        let blended = prepareTopics(vector, projected: projected)
        scratch.spread(vector)
        defer { scratch.clear(vector) }
        let (best, entries) = clusters.best(
            among: found, scratch: scratch, query: profile(vector), service: clusters.serviceID(service),
            configuration: blended ? blendedConfiguration : configuration, topic: topicBlend, space: topics)
        work.centroidEntries += entries
        work.maxCentroidEntries = max(work.maxCentroidEntries, entries)
        return best
    }

    // MARK: - Topic space

    /// Before scoring `vector`: once the topic space is fitted, puts the vector's topic vector in `topicQuery`
    /// (unless `projected`: it is there already); scoring refreshes the candidates' topic vectors it needs
    /// (`ClusterTable.best`). Returns whether scoring uses the blended thresholds (`blendedConfiguration`)
    /// rather than the lexical ones.
    mutating func prepareTopics(_ vector: SparseVector, projected: Bool = false) -> Bool {
        guard topics.isFitted else { return topics.dimensions > 0 && configuration.topicThresholdsBeforeFit }
        if !projected { topicQueryShare = topics.project(vector, into: &topicQuery) }
        return true
    }

    /// What scoring blends in once the space is fitted (after `prepareTopics`): the query's topic vector and share.
    var topicBlend: TopicBlend? {
        topics.isFitted ? TopicBlend(vector: topicQuery, share: topicQueryShare, lexical: configuration) : nil
    }

    /// `lexical` blended with the dot product of two unit topic vectors whose texts the space explains `shares`
    /// of: the part it does not explain counts as the join's neutral topic cosine (`ClusterTable.best`).
    func blend(_ lexical: Float, _ a: [Float], _ b: ArraySlice<Float>, shares: (Float, Float)) -> Float {
        guard a.count == b.count, !a.isEmpty else { return lexical }
        var dot: Float = 0
        for (j, k) in zip(a.indices, b.indices) { dot += a[j] * b[k] }
        let r = configuration.topicReliability(shares.0, shares.1)
        if r < 1 {
            dot = r * dot + (1 - r) * configuration.topicNeutral(lexical: configuration.joinThreshold,
                                                                 blended: configuration.topicJoinThreshold)
        }
        let w = configuration.topicLexicalWeight
        return w * lexical + (1 - w) * dot
    }

    /// The blended fit of `vector` to cluster `seq` given its lexical cosine (the lexical one before the first fit).
    mutating func blendedStay(_ lexical: Float, vector: SparseVector, cluster seq: Int32) -> Float {
        guard topics.isFitted else { return lexical }
        topicQueryShare = topics.project(vector, into: &topicQuery)
        clusters.refreshTopics([seq], topics)
        return blend(lexical, topicQuery, clusters.topicVector(seq), shares: (topicQueryShare, clusters.topicShare(seq)))
    }

    /// Lists a cluster under its strongest centroid terms, dropping the terms that left its top.
    mutating func reindex(_ seq: Int32) {
        // Reads in place and writes back only the indexed terms: moving the cluster out and in would rewrite
        // its hot copy for nothing.
        let k = configuration.indexedTerms
        guard let (top, norm, indexed) = clusters.read(seq, {
            ($0.pointee.centroid.top(k), max($0.pointee.centroidNorm, 1e-9), $0.pointee.indexed)
        }) else { return }
        var kept: [UInt32] = []
        kept.reserveCapacity(top.count)
        index.prefetch(indexed)
        index.prefetch(top.lazy.map { $0.id })
        for term in indexed where !top.contains(where: { $0.id == term }) {
            index.remove(cluster: seq, term: term)
        }
        for (term, w) in top where index.insert(cluster: seq, term: term, weight: w / norm) {
            kept.append(term)
        }
        clusters.setIndexed(seq, kept)
    }
}
