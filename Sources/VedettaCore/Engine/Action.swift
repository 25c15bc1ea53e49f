/// What the engine asks the shell to do after an event or a tick. The shell persists every action in one
/// transaction per batch (incident revisions and their outbox rows together), and every effect carries a
/// deterministic key, so replaying events after a crash regenerates the same actions without duplicates.
public enum Action: Hashable, Sendable {
    /// A report was placed in a cluster (or moved by a merge).
    case assigned(Assignment)
    /// An incident opened, changed or resolved: persist the revision and deliver it to `deliveries`.
    case incident(IncidentChange)
}

extension Action {
    /// The action to record without delivering it: an incident change loses its deliveries (an alert that went
    /// out before, re-derived by a rebuild), anything else is unchanged.
    public var withoutDeliveries: Action {
        guard case .incident(var change) = self, !change.deliveries.isEmpty else { return self }
        change.deliveries = []
        return .incident(change)
    }
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

/// A new incident revision and where it must go.
public struct IncidentChange: Hashable, Sendable, Codable {
    /// The revision.
    public var incident: Incident
    /// Offices to notify (after routing, inhibition and silencing; empty when silenced or inhibited).
    public var deliveries: [Delivery]
    /// Tickets grouped into the incident so far, in arrival order.
    public var tickets: [String]

    /// Creates a change.
    public init(incident: Incident, deliveries: [Delivery], tickets: [String] = []) {
        self.incident = incident
        self.deliveries = deliveries
        self.tickets = tickets
    }
}

/// One office that must receive one incident revision, with the route that chose it.
public struct Delivery: Hashable, Sendable, Codable {
    /// Office id.
    public var office: String
    /// Human-readable route path (e.g. `root > servizi online > autenticazione`).
    public var route: String
    /// Whether this delivery is an escalation.
    public var escalation: Bool

    /// Creates a delivery.
    public init(office: String, route: String, escalation: Bool = false) {
        self.office = office
        self.route = route
        self.escalation = escalation
    }

    /// Idempotency key of this delivery: the same revision to the same office is sent once.
    public func key(for incident: Incident) -> String {
        "\(incident.id)/\(incident.revision)/\(office)\(escalation ? "/esc" : "")"
    }
}
