/// What one event did to the clustering; the shell records these (e.g. as `assignments.jsonl`).
public enum ClusterUpdate: Hashable, Sendable, Codable {
    /// A ticket joined a cluster for the first time (`seeded`: it opened a new cluster).
    case assigned(ticket: String, cluster: String, similarity: Float, seeded: Bool)
    /// A ticket's refined text moved it to another cluster.
    case moved(ticket: String, from: String, to: String, similarity: Float)
    /// Cluster `from` converged with `into` and was merged into it; `tickets` (sorted) now belong to `into`.
    case merged(from: String, into: String, tickets: [String])
    /// A cluster was idle past the horizon (or emptied) and was retired.
    case retired(cluster: String)
    /// The clusterer no longer remembers these tickets (sorted), because their cluster retired or they were
    /// silent for `ticketHorizon`; a later event of one of them is a new report.
    case forgotten(tickets: [String])
    /// A resolution text became a known solution of a cluster.
    case solutionAdded(cluster: String, ticket: String)
}
