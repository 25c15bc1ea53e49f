import VedettaCore

/// Ground truth of a simulated stream: the injected incidents with their tickets, plus the rushes, peaks and
/// maintenance windows that must not raise alerts. Written as `truth.json`, read by `vedetta replay --truth`.
public struct Truth: Sendable, Equatable, Codable {
    /// One injected failure.
    public struct Incident: Sendable, Equatable, Codable {
        /// The label its tickets carry.
        public var id: String
        /// Failing service.
        public var service: String
        /// Failure kind (`sudden`, `slow`, `small-new`, `dependency`, `during-rush`, or `burst`/`novel` for labelled streams).
        public var kind: String
        /// Window in which its tickets were opened.
        public var start, end: Timestamp
        /// Services its tickets were filed under (more than one for a dependency failure).
        public var services: [String]
        /// Ticket ids, in opening order.
        public var tickets: [String]
        /// An incident.
        public init(id: String, service: String, kind: String, start: Timestamp, end: Timestamp,
                    services: [String], tickets: [String]) {
            self.id = id
            self.service = service
            self.kind = kind
            self.start = start
            self.end = end
            self.services = services
            self.tickets = tickets
        }
    }

    /// A deadline rush: expected extra questions, not a failure.
    public struct Rush: Sendable, Equatable, Codable {
        /// Rush id.
        public var id: String
        /// Service.
        public var service: String
        /// Window.
        public var start, end: Timestamp
        /// Peak rate factor.
        public var factor: Double
        /// A rush.
        public init(id: String, service: String, start: Timestamp, end: Timestamp, factor: Double) {
            self.id = id
            self.service = service
            self.start = start
            self.end = end
            self.factor = factor
        }
    }

    /// A planned maintenance window and the tickets written about it (labelled `background`).
    public struct Maintenance: Sendable, Equatable, Codable {
        /// Window id.
        public var id: String
        /// Service.
        public var service: String
        /// Window.
        public var start, end: Timestamp
        /// Tickets about it.
        public var tickets: [String]
        /// A window.
        public init(id: String, service: String, start: Timestamp, end: Timestamp, tickets: [String]) {
            self.id = id
            self.service = service
            self.start = start
            self.end = end
            self.tickets = tickets
        }
    }

    /// A load peak: many distinct users, every topic up together (labelled `background`).
    public struct Peak: Sendable, Equatable, Codable {
        /// Peak id.
        public var id: String
        /// Window.
        public var start, end: Timestamp
        /// Extra distinct requesters injected.
        public var users: Int
        /// A peak.
        public init(id: String, start: Timestamp, end: Timestamp, users: Int) {
            self.id = id
            self.start = start
            self.end = end
            self.users = users
        }
    }

    /// Injected incidents.
    public var incidents: [Incident]
    /// Deadline rushes.
    public var rushes: [Rush]
    /// Planned maintenance.
    public var maintenance: [Maintenance]
    /// Load peaks.
    public var peaks: [Peak]

    /// Truth of a run.
    public init(incidents: [Incident] = [], rushes: [Rush] = [], maintenance: [Maintenance] = [], peaks: [Peak] = []) {
        self.incidents = incidents
        self.rushes = rushes
        self.maintenance = maintenance
        self.peaks = peaks
    }

    /// Accepts files without the optional lists.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        incidents = try c.decodeIfPresent([Incident].self, forKey: .incidents) ?? []
        rushes = try c.decodeIfPresent([Rush].self, forKey: .rushes) ?? []
        maintenance = try c.decodeIfPresent([Maintenance].self, forKey: .maintenance) ?? []
        peaks = try c.decodeIfPresent([Peak].self, forKey: .peaks) ?? []
    }

    /// `truth.json` text: sorted keys, Rome-local RFC 3339 times, one ticket list per line; byte-stable.
    public var json: String {
        var w = JSONWriter()
        w.raw("{\n  \"incidents\": [")
        for (i, inc) in incidents.enumerated() {
            w.raw(i == 0 ? "\n    " : ",\n    ")
            w.raw("{\"end\": "); w.string(RomeTime.format(inc.end))
            w.raw(", \"id\": "); w.string(inc.id)
            w.raw(", \"kind\": "); w.string(inc.kind)
            w.raw(", \"service\": "); w.string(inc.service)
            w.raw(", \"services\": "); w.strings(inc.services)
            w.raw(", \"start\": "); w.string(RomeTime.format(inc.start))
            w.raw(",\n     \"tickets\": "); w.strings(inc.tickets)
            w.raw("}")
        }
        w.raw(incidents.isEmpty ? "],\n" : "\n  ],\n")
        w.raw("  \"maintenance\": [")
        for (i, m) in maintenance.enumerated() {
            w.raw(i == 0 ? "\n    " : ",\n    ")
            w.raw("{\"end\": "); w.string(RomeTime.format(m.end))
            w.raw(", \"id\": "); w.string(m.id)
            w.raw(", \"service\": "); w.string(m.service)
            w.raw(", \"start\": "); w.string(RomeTime.format(m.start))
            w.raw(",\n     \"tickets\": "); w.strings(m.tickets)
            w.raw("}")
        }
        w.raw(maintenance.isEmpty ? "],\n" : "\n  ],\n")
        w.raw("  \"peaks\": [")
        for (i, p) in peaks.enumerated() {
            w.raw(i == 0 ? "\n    " : ",\n    ")
            w.raw("{\"end\": "); w.string(RomeTime.format(p.end))
            w.raw(", \"id\": "); w.string(p.id)
            w.raw(", \"start\": "); w.string(RomeTime.format(p.start))
            w.raw(", \"users\": "); w.raw(String(p.users))
            w.raw("}")
        }
        w.raw(peaks.isEmpty ? "],\n" : "\n  ],\n")
        w.raw("  \"rushes\": [")
        for (i, r) in rushes.enumerated() {
            w.raw(i == 0 ? "\n    " : ",\n    ")
            w.raw("{\"end\": "); w.string(RomeTime.format(r.end))
            w.raw(", \"factor\": "); w.number(r.factor)
            w.raw(", \"id\": "); w.string(r.id)
            w.raw(", \"service\": "); w.string(r.service)
            w.raw(", \"start\": "); w.string(RomeTime.format(r.start))
            w.raw("}")
        }
        w.raw(rushes.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        return w.text
    }
}
