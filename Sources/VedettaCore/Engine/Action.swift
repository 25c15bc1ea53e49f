/// What the engine asks the shell to do after an event or a tick. The shell persists every action in the same
/// transaction as the state change that produced it (the outbox), so effects survive crashes.
public enum Action: Hashable, Sendable {
    /// A report was placed in a cluster (or moved by a merge).
    case assigned(Assignment)
    /// An incident opened, changed or resolved.
    case incident(IncidentChange)
}

/// A ticket placed in a cluster.
public struct Assignment: Hashable, Sendable, Codable {
    /// Ticket id.
    public var ticket: String
    /// Cluster id it now belongs to.
    public var cluster: String
    /// Event time of the assignment.
    public var at: Timestamp

    /// Creates an assignment.
    public init(ticket: String, cluster: String, at: Timestamp) {
        self.ticket = ticket
        self.cluster = cluster
        self.at = at
    }
}

/// A change in an incident's lifecycle (filled by the detection stage).
public struct IncidentChange: Hashable, Sendable, Codable {
    /// Incident id.
    public var incident: String
    /// Revision number, starting at 1 for the first alert.
    public var revision: Int
    /// Event time of the change.
    public var at: Timestamp

    /// Creates an incident change.
    public init(incident: String, revision: Int, at: Timestamp) {
        self.incident = incident
        self.revision = revision
        self.at = at
    }
}
