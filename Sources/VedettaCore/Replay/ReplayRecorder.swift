/// Collects what a replay produced: the latest revision of every incident with its tickets, every revision in
/// order, and the final cluster of every ticket (after merges).
public struct ReplayRecorder: Sendable {
    /// One incident as `incidents.jsonl` writes it.
    public struct Record: Sendable, Hashable {
        /// The latest revision.
        public var incident: Incident
        /// Event time of its first alert.
        public var openedAt: Timestamp
        /// Tickets grouped into it.
        public var tickets: [String]
        /// Whether any revision was delivered to someone (not silenced).
        public var alerted: Bool
    }

    /// Incidents by id, in order of first appearance.
    public private(set) var order: [String] = []
    /// Incident records by id.
    public private(set) var incidents: [String: Record] = [:]
    /// Every incident change in order (for alert files).
    public private(set) var changes: [IncidentChange] = []
    /// Final cluster of every ticket.
    public private(set) var assignments: [String: String] = [:]
    /// Tickets in first-assignment order (for a stable `assignments.jsonl`).
    public private(set) var ticketOrder: [String] = []

    /// An empty recorder.
    public init() {}

    /// Runs `events` through `engine` in order and records every action, then ticks the engine to the last
    /// event's time plus `tail` (what that time resolves, escalates or finds silent is recorded too). The
    /// in-memory replay of the evaluations; `vedetta replay` pipelines the same steps over threads.
    public mutating func replay(_ events: [TicketEvent], through engine: inout Engine, tail: Timestamp.Duration = .seconds(0)) {
        for event in events { record(engine.ingest(event)) }
        if let last = events.last?.at { record(engine.tick(last.adding(tail))) }
    }

    /// Records a batch of actions.
    public mutating func record(_ actions: [Action]) {
        for action in actions {
            switch action {
            case .assigned(let assignment):
                if assignments.updateValue(assignment.cluster, forKey: assignment.ticket) == nil {
                    ticketOrder.append(assignment.ticket)
                }
            case .incident(let change):
                changes.append(change)
                let incident = change.incident
                if var record = incidents[incident.id] {
                    record.incident = incident
                    if change.tickets.count >= record.tickets.count { record.tickets = change.tickets }
                    record.alerted = record.alerted || !change.deliveries.isEmpty
                    incidents[incident.id] = record
                } else {
                    order.append(incident.id)
                    incidents[incident.id] = Record(incident: incident, openedAt: incident.openedAt,
                                                    tickets: change.tickets, alerted: !change.deliveries.isEmpty)
                }
            }
        }
    }

    /// `incidents.jsonl`: one line per incident, in order of first alert.
    public func incidentsJSONLines() -> String {
        var out = ""
        for id in order {
            guard let record = incidents[id] else { continue }
            let i = record.incident
            out += "{\"id\":" + JSONText.quoted(i.id)
            out += ",\"service\":" + JSONText.quoted(i.service)
            out += ",\"office\":" + (i.owner.map(JSONText.quoted) ?? "null")
            out += ",\"severity\":" + JSONText.quoted(i.severity.rawValue)
            out += ",\"state\":" + JSONText.quoted(i.state.rawValue)
            out += ",\"openedAt\":" + JSONText.quoted(record.openedAt.rfc3339)
            out += ",\"resolvedAt\":" + (i.resolvedAt.map { JSONText.quoted($0.rfc3339) } ?? "null")
            out += ",\"label\":" + JSONText.quoted(i.title)
            out += ",\"alerted\":" + (record.alerted ? "true" : "false")
            out += ",\"relatedServices\":[" + i.relatedServices.map(JSONText.quoted).joined(separator: ",") + "]"
            out += ",\"tickets\":[" + record.tickets.map(JSONText.quoted).joined(separator: ",") + "]}\n"
        }
        return out
    }

    /// `assignments.jsonl`: one line per clustered ticket with its final cluster.
    public func assignmentsJSONLines(resolve: (String) -> String = { $0 }) -> String {
        var out = ""
        out.reserveCapacity(ticketOrder.count * 40)
        for ticket in ticketOrder {
            guard let cluster = assignments[ticket] else { continue }
            out += "{\"ticket\":" + JSONText.quoted(ticket) + ",\"cluster\":" + JSONText.quoted(resolve(cluster)) + "}\n"
        }
        return out
    }
}
