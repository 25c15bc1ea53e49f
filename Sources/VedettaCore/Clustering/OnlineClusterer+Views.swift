extension OnlineClusterer {
    /// The active cluster `id` (after following merges), or nil when it retired or never existed.
    public func cluster(id: String) -> Cluster? {
        guard let seq = Self.seq(resolve(id: id)), let state = clusters[seq] else { return nil }
        return view(state)
    }

    /// The current cluster of `ticket`, when that cluster was first seen and its dominant service (the most
    /// frequent among its members), without building its view (the engine asks this for every new report).
    public func placement(ofTicket ticket: String) -> (cluster: String, firstSeen: Timestamp, service: String?)? {
        guard let seq = tickets[TicketKey(ticket)]?.cluster else { return nil }
        return placement(ofCluster: seq)
    }

    /// `placement(ofTicket:)` reading the ticket's state in place (the engine's path: the getter copies it).
    mutating func placementInPlace(ofTicket ticket: TicketKey) -> (cluster: String, firstSeen: Timestamp, service: String?)? {
        guard let i = tickets.index(forKey: ticket) else { return nil }
        // Into a local first: as the argument of a call on `self`, the in-place access would run while the call
        // holds a copy of `self`, and copy the whole ticket table to mutate it.
        let seq = inPlace(i) { $0.cluster }
        return placement(ofCluster: seq)
    }

    private func placement(ofCluster seq: Int32) -> (cluster: String, firstSeen: Timestamp, service: String?)? {
        guard let (firstSeen, service) = clusters.read(seq, { ($0.pointee.firstSeen, $0.pointee.dominantService) })
        else { return nil }
        return (Self.name(seq), firstSeen, service)
    }

    /// Whether the clusterer remembers `ticket`.
    public func remembers(ticket: String) -> Bool { remembers(ticket: TicketKey(ticket)) }

    /// Whether the clusterer remembers the ticket of `key`.
    public func remembers(ticket key: TicketKey) -> Bool { tickets.index(forKey: key) != nil }

    /// Ids of the active clusters in creation order.
    public var activeClusterIDs: [String] { clusters.sortedKeys.map(Self.name) }

    /// Why `ticket` is in its cluster.
    public func membership(ticket: String) -> Membership? {
        guard let state = tickets[TicketKey(ticket)], let cluster = clusters[state.cluster] else { return nil }
        let words = state.shared.filter { featurizer.kind($0) == .word }.map { featurizer.describe($0).display }
        let codes = state.shared.filter { featurizer.kind($0) == .errorCode }.map { featurizer.describe($0).display }
        return Membership(
            ticket: ticket, cluster: Self.name(state.cluster), similarity: state.similarity, seeded: state.seeded,
            sharedTerms: words, sharedCodes: codes,
            sharedService: state.service != nil && state.service == cluster.dominantService)
    }

    /// Why each ticket of cluster `id` is in it, by ticket id.
    public func members(of id: String) -> [Membership] {
        guard let seq = Self.seq(resolve(id: id)), let state = clusters[seq] else { return [] }
        return state.tickets.map(\.id).sorted().compactMap { membership(ticket: $0) }
    }

    /// Tickets and distinct requesters of cluster `id` per window ending at `now` (cheap: the detector's read).
    public func windowCounts(of id: String, now: Timestamp) -> [WindowCount] {
        guard let seq = Self.seq(resolve(id: id)), let state = clusters[seq] else { return [] }
        return WindowCounter.windows.map {
            let c = state.windows.counts(in: $0, now: now)
            return WindowCount(window: $0, tickets: c.tickets, requesters: c.requesters)
        }
    }

    func view(_ state: ClusterState) -> Cluster {
        var terms: [String] = []
        for (id, _) in state.centroid.top(24) where terms.count < 6 {
            let kind = featurizer.kind(id)
            guard kind == .word || kind == .errorCode else { continue }
            let display = featurizer.describe(id).display
            if !terms.contains(display) { terms.append(display) }
        }
        func counted<K>(_ counts: [K: Int], _ name: (K) -> String) -> [LabelCount] {
            counts.map { LabelCount(label: name($0.key), count: $0.value) }
                .sorted { $0.count > $1.count || ($0.count == $1.count && $0.label < $1.label) }
        }
        return Cluster(
            id: Self.name(state.seq),
            label: terms.prefix(4).joined(separator: " "),
            topTerms: terms,
            size: state.size,
            representatives: representatives(of: state),
            errorCodes: counted(state.codes) { featurizer.describe($0).display },
            services: counted(state.services) { $0 },
            windows: WindowCounter.windows.map {
                let c = state.windows.counts(in: $0, now: state.lastSeen)
                return WindowCount(window: $0, tickets: c.tickets, requesters: c.requesters)
            },
            firstSeen: state.firstSeen,
            lastSeen: state.lastSeen,
            solutions: state.solutions,
            absorbed: state.absorbed.sorted().map(Self.name))
    }

    /// Near the centroid yet different from each other: greedy maximal marginal relevance over the sample pool.
    func representatives(of state: ClusterState) -> [RepresentativeReport] {
        let sims = state.samples.map { state.cosine($0.vector) }
        var chosen: [Int] = []
        while chosen.count < min(configuration.representatives, state.samples.count) {
            var best = -1
            var bestScore = -Float.infinity
            for i in state.samples.indices where !chosen.contains(i) {
                let redundancy = chosen.map { state.samples[$0].vector.dot(state.samples[i].vector) }.max() ?? 0
                let score = sims[i] - 0.5 * redundancy
                if score > bestScore {
                    best = i
                    bestScore = score
                }
            }
            chosen.append(best)
        }
        return chosen.map {
            RepresentativeReport(ticket: state.samples[$0].ticket, text: state.samples[$0].text, similarity: sims[$0])
        }
    }
}
