import VedettaCore

extension ClusterRecord {
    /// The stored form of an engine cluster.
    public init(_ cluster: Cluster) {
        let windowRequesters = cluster.windows.map(\.requesters).max() ?? 0
        self.init(
            id: cluster.id, label: cluster.label,
            service: cluster.services.first.map(\.label),
            services: cluster.services.map { Tally(key: $0.label, count: $0.count) },
            errorCodes: cluster.errorCodes.map(\.label), tickets: cluster.size,
            // Clusters keep distinct requesters per window only: the longest window is a lower bound.
            requesters: windowRequesters,
            firstSeen: cluster.firstSeen, lastSeen: cluster.lastSeen,
            samples: cluster.representatives.map { ClusterText(ticket: $0.ticket, at: cluster.lastSeen, text: $0.text) },
            resolutions: cluster.solutions.map { ClusterText(ticket: $0.ticket, at: $0.at, text: $0.text) },
            topTerms: cluster.topTerms)
    }
}
