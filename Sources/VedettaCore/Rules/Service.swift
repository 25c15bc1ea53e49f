/// A service of the catalogue (`rules/services.yaml`): what users report problems about.
public struct Service: Hashable, Sendable {
    /// Per-service detection knobs.
    public struct Thresholds: Hashable, Sendable {
        /// Fewest distinct requesters before an incident may open, whatever the statistics say.
        public var minRequesters: Int
        /// Tail probability of the count test: smaller means fewer, later alerts.
        public var sensitivity: Double
        /// How long a cluster must stay quiet before its incident resolves.
        public var quietHold: Timestamp.Duration
        /// Prior for the expected distinct requesters per hour, used until the service has its own history.
        public var expectedPerHour: Double?

        /// Creates thresholds.
        public init(
            minRequesters: Int = 5, sensitivity: Double = 0.001, quietHold: Timestamp.Duration = .hours(2),
            expectedPerHour: Double? = nil
        ) {
            self.minRequesters = minRequesters
            self.sensitivity = sensitivity
            self.quietHold = quietHold
            self.expectedPerHour = expectedPerHour
        }

        /// Defaults used when `services.yaml` gives none.
        public static let standard = Thresholds()
    }

    /// Stable id, e.g. `denuncia-infortunio`; the `service` field of events.
    public var id: String
    /// Human name.
    public var name: String
    /// Id of the owning office.
    public var office: String
    /// Words and phrases that name this service in reports (Italian and English), used when an event has none.
    public var aliases: [String]
    /// Ids of the services this one needs; an outage upstream explains failures here.
    public var dependsOn: [String]
    /// Detection knobs.
    public var thresholds: Thresholds

    /// Creates a service.
    public init(
        id: String, name: String, office: String, aliases: [String] = [], dependsOn: [String] = [],
        thresholds: Thresholds = .standard
    ) {
        self.id = id
        self.name = name
        self.office = office
        self.aliases = aliases
        self.dependsOn = dependsOn
        self.thresholds = thresholds
    }
}
