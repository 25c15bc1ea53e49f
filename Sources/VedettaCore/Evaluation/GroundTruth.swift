/// Ground truth of a stream (`truth.json`, written by `vedetta simulate` and by the labelled-stream builder).
public struct GroundTruth: Sendable, Codable, Hashable {
    /// One injected failure.
    public struct Failure: Sendable, Codable, Hashable {
        /// Truth id (the events' `label`).
        public var id: String
        /// Failing service.
        public var service: String
        /// Kind of failure (`sudden`, `slow`, `small-new`, `dependency`, `during-rush`, …), if given.
        public var kind: String?
        /// Start of the failure.
        public var start: Timestamp
        /// End of the failure.
        public var end: Timestamp
        /// Tickets caused by the failure.
        public var tickets: [String]

        /// A failure.
        public init(id: String, service: String, kind: String?, start: Timestamp, end: Timestamp, tickets: [String]) {
            self.id = id
            self.service = service
            self.kind = kind
            self.start = start
            self.end = end
            self.tickets = tickets
        }
    }

    /// A known period without failure (deadline rush, maintenance, load peak): alerts there are false.
    public struct Period: Sendable, Codable, Hashable {
        /// Id.
        public var id: String?
        /// Service, if one.
        public var service: String?
        /// Start.
        public var start: Timestamp
        /// End.
        public var end: Timestamp

        /// A period.
        public init(id: String?, service: String?, start: Timestamp, end: Timestamp) {
            self.id = id
            self.service = service
            self.start = start
            self.end = end
        }
    }

    /// Injected failures.
    public var incidents: [Failure]
    /// Deadline rushes.
    public var rushes: [Period]?
    /// Planned maintenance windows.
    public var maintenance: [Period]?

    /// Creates a truth.
    public init(incidents: [Failure], rushes: [Period]? = nil, maintenance: [Period]? = nil) {
        self.incidents = incidents
        self.rushes = rushes
        self.maintenance = maintenance
    }
}
