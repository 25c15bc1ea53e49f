extension OnlineClusterer {
    /// Compares each cluster touched since the last pass with its index neighbours and merges those whose
    /// centroids converged. Fragments of one burst written in different words share some terms with each other's
    /// centroids; as they grow their centroids approach and the pass folds them together while the burst is still
    /// growing, rather than leaving the detector to watch each fragment alone.
    mutating func consolidate(into updates: inout [ClusterUpdate]) {
        guard configuration.mergeThreshold > 0 else {
            dirty.removeAll()
            dirtySet.removeAll()
            return
        }
        let pending = dirty.sorted()
        dirty.removeAll(keepingCapacity: true)
        dirtySet.removeAll(keepingCapacity: true)
        let growth = configuration.mergeCheckGrowth
        for seq in pending {
            // Only `checkedSize` changes here, which the hot copy does not hold: no need to rewrite it.
            let unit: SparseVector? = clusters.updateCold(seq) { cluster in
                let size = cluster.size
                guard Self.mergeCheckDue(size: size, checked: cluster.checkedSize, growth: growth) else { return nil }
                cluster.checkedSize = size
                guard cluster.centroidNorm > 0 else { return nil }
                let n = cluster.centroidNorm
                return SparseVector(sortedIDs: cluster.centroid.ids, weights: cluster.centroid.weights.map { $0 / n })
            } ?? nil
            guard let unit else { continue }
            work.consolidations += 1
            let found = candidates(for: unit, excluding: seq)
            var best: (seq: Int32, similarity: Float)?
            switch configuration.mergeLinkage {
            case .centroid:
                // Scored on the hot copies, as placements are: the cold states (sets, dictionaries, separate
                // centroid buffers) cost a cache miss each once the clusters outgrow the caches.
                let blended = prepareTopics(unit)
                scratch.spread(unit)
                let (chosen, entries) = clusters.bestMerge(
                    for: seq, among: found, scratch: scratch, query: profile(unit),
                    configuration: blended ? blendedConfiguration : configuration, topic: topicBlend, space: topics)
                scratch.clear(unit)
                work.centroidEntries += entries
                work.maxCentroidEntries = max(work.maxCentroidEntries, entries)
                best = chosen
            case .average:
                for other in found {
                    let scored: Float?? = clusters.read(seq) { cluster in
                        clusters.read(other) { candidate -> Float? in
                            // Mean cosine over all cross pairs: unlike the centroid cosine it does not flatter a
                            // diffuse cluster, so merged clusters do not snowball into catch-alls.
                            let (cluster, candidate) = (cluster.pointee, candidate.pointee)
                            let sim = cluster.centroid.dot(candidate.centroid) / Float(cluster.size * candidate.size)
                            return sim >= mergeThreshold(cluster, candidate) ? sim : nil
                        } ?? nil
                    }
                    guard let sim = scored ?? nil else { continue }
                    if best == nil || sim > best!.similarity || (sim == best!.similarity && other < best!.seq) {
                        best = (other, sim)
                    }
                }
            }
            if let best { merge(seq, best.seq, into: &updates) }
        }
    }

    /// Whether a touched cluster of `size` tickets, `checked` at its last consolidation check, is due for one.
    ///
    /// A centroid moves little once the cluster has grown: re-checking only after it grew by a fixed fraction
    /// keeps the pass at amortised O(1) checks per report, however small the clusters the reports land in (with
    /// many clusters nearly every report lands in a small one, and the earlier rule, which checked every touched
    /// cluster under 8 tickets, cost a lookup per report). A cluster of one was just placed: its own lookup found
    /// no cluster it could join, and a merge needs a higher cosine than a join.
    static func mergeCheckDue(size: Int, checked: Int, growth: Float) -> Bool {
        if growth < 0 { return size < 8 || size * 4 >= checked * 5 }
        return size >= 2 && size > checked && Float(size) >= Float(checked) * (1 + growth)
    }

    func mergeThreshold(_ a: ClusterState, _ b: ClusterState) -> Float {
        var t = configuration.mergeThreshold
        if min(a.size, b.size) <= configuration.secondChanceSize {
            t = min(t, configuration.joinThreshold)
        }
        if let x = a.dominantService, let y = b.dominantService, x != y {
            t = max(t, configuration.crossServiceThreshold)
        }
        return t
    }

    /// Merges two clusters: the smaller (ties: the younger) into the larger, whose id survives; the loser's id
    /// and every id it had absorbed resolve to the winner.
    mutating func merge(_ a: Int32, _ b: Int32, into updates: inout [ClusterUpdate]) {
        let sa = clusters[a]!.size
        let sb = clusters[b]!.size
        let (w, l) = (sa > sb || (sa == sb && a < b)) ? (a, b) : (b, a)
        let loser = clusters.removeValue(forKey: l)!
        for term in loser.indexed { index.remove(cluster: l, term: term) }
        var winner = clusters.removeValue(forKey: w)!
        winner.centroid = bounded(winner.centroid.adding(loser.centroid))
        winner.centroidNorm = winner.centroid.norm
        for ticket in loser.tickets { tickets[ticket]?.cluster = w }
        winner.tickets.formUnion(loser.tickets)
        winner.forgotten += loser.forgotten
        for (service, n) in loser.services { winner.services[service, default: 0] += n }
        winner.refreshDominantService()
        for (code, n) in loser.codes { winner.codes[code, default: 0] += n }
        winner.samples += loser.samples
        let pool = max(configuration.representatives + 3, 8)
        if winner.samples.count > pool {
            let scored = winner.samples.enumerated().map { (i: $0.offset, sim: winner.cosine($0.element.vector)) }
            let keep = scored.sorted { $0.sim > $1.sim || ($0.sim == $1.sim && $0.i < $1.i) }.prefix(pool).map(\.i)
            winner.samples = keep.sorted().map { winner.samples[$0] }
        }
        for solution in loser.solutions {
            if let i = winner.solutions.firstIndex(where: { $0.text == solution.text }) {
                winner.solutions[i].count += solution.count
                if solution.at > winner.solutions[i].at {
                    winner.solutions[i].at = solution.at
                    winner.solutions[i].ticket = solution.ticket
                }
            } else {
                winner.solutions.append(solution)
            }
        }
        winner.solutions.sort { $0.at > $1.at || ($0.at == $1.at && $0.ticket < $1.ticket) }
        if winner.solutions.count > configuration.solutions { winner.solutions.removeLast(winner.solutions.count - configuration.solutions) }
        winner.windows.absorb(loser.windows)
        winner.firstSeen = min(winner.firstSeen, loser.firstSeen)
        winner.lastSeen = max(winner.lastSeen, loser.lastSeen)
        for absorbed in loser.absorbed + [l] { aliases[absorbed] = w }
        winner.absorbed += loser.absorbed + [l]
        clusters[w] = winner
        reindex(w)
        if dirtySet.insert(w).inserted { dirty.append(w) }
        updates.append(.merged(from: Self.name(l), into: Self.name(w), tickets: loser.tickets.map(\.id).sorted()))
    }

    /// Retires clusters idle past the horizon. Each active cluster has one entry in a FIFO; an entry that comes
    /// due for a cluster seen since is queued again with its last-seen time, so a cluster retires between one and
    /// two horizons after its last report, at O(1) amortised cost.
    mutating func advance(to time: Timestamp, into updates: inout [ClusterUpdate]) {
        if time > now { now = time }
        let limit = now.adding(Timestamp.Duration(milliseconds: -configuration.retirementHorizon.milliseconds))
        while retirementHead < retirementQueue.count, retirementQueue[retirementHead].at < limit {
            let entry = retirementQueue[retirementHead]
            retirementHead += 1
            guard let cluster = clusters[entry.seq] else { continue }
            if cluster.lastSeen < limit {
                retire(entry.seq, into: &updates)
            } else {
                retirementQueue.append(RetirementEntry(seq: entry.seq, at: cluster.lastSeen))
            }
        }
        if retirementHead > 1024 && retirementHead * 2 > retirementQueue.count {
            retirementQueue.removeFirst(retirementHead)
            retirementHead = 0
        }
        forgetSilentTickets(into: &updates)
        let aged = codeNovelty.expire(at: now, configuration)
        if !aged.isEmpty { clusters.unmarkNewCodes(aged) }
    }

    /// Forgets the tickets silent for `ticketHorizon` (their mass stays in their clusters), oldest first. Each
    /// ticket is queued once when it is placed and re-queued with its latest event when it turns out to be
    /// still active, so the cost is amortised O(1) per event.
    mutating func forgetSilentTickets(into updates: inout [ClusterUpdate]) {
        let limit = now.adding(Timestamp.Duration(milliseconds: -configuration.ticketHorizon.milliseconds))
        var forgotten: [String] = []
        while ticketHead < ticketQueue.count, ticketQueue[ticketHead].at < limit {
            let entry = ticketQueue[ticketHead]
            ticketHead += 1
            // One hash, and the state read in place (a copy retained each of its buffers).
            guard let i = tickets.index(forKey: entry.ticket) else { continue }
            let (lastSeen, seq) = inPlace(i) { ($0.lastSeen, $0.cluster) }
            if lastSeen >= limit {
                ticketQueue.append(TicketEntry(ticket: entry.ticket, at: lastSeen))
                continue
            }
            // The size (remembered + forgotten) is unchanged, so the hot copy stays valid: updated in place.
            clusters.updateCold(seq) { cluster in
                cluster.tickets.remove(entry.ticket)
                cluster.forgotten += 1
            }
            tickets.remove(at: i)
            forgotten.append(entry.ticket.id)
        }
        if ticketHead > 1024 && ticketHead * 2 > ticketQueue.count {
            ticketQueue.removeFirst(ticketHead)
            ticketHead = 0
        }
        if !forgotten.isEmpty { updates.append(.forgotten(tickets: forgotten.sorted())) }
    }

    /// Removes a cluster, its tickets and the aliases that led to it.
    mutating func retire(_ seq: Int32, into updates: inout [ClusterUpdate]) {
        guard let cluster = clusters.removeValue(forKey: seq) else { return }
        for term in cluster.indexed { index.remove(cluster: seq, term: term) }
        for ticket in cluster.tickets { tickets[ticket] = nil }
        if !cluster.tickets.isEmpty { updates.append(.forgotten(tickets: cluster.tickets.map(\.id).sorted())) }
        for absorbed in cluster.absorbed { aliases[absorbed] = nil }
        if dirtySet.remove(seq) != nil { dirty.removeAll { $0 == seq } }
        updates.append(.retired(cluster: Self.name(seq)))
    }
}
