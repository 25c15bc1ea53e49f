/// Where an incident goes: the receivers of one matched route node, with the settings it inherited.
public struct RouteMatch: Hashable, Sendable {
    /// One node on the way from the root to the matched node.
    public struct Step: Hashable, Sendable {
        /// The node's name, or its path such as `routes[2].routes[0]`; the root is `root`.
        public var name: String
        /// Child indices from the root (empty for the root).
        public var indexPath: [Int]
        /// Why the node matched: each matcher with the label's actual value, or "matches everything".
        public var reasons: [String]

        /// Creates a step.
        public init(name: String, indexPath: [Int], reasons: [String]) {
            self.name = name
            self.indexPath = indexPath
            self.reasons = reasons
        }
    }

    /// Office ids to alert, in the order the rules list them.
    public var receivers: [String]
    /// Root first, matched node last.
    public var path: [Step]
    /// How often an unchanged open incident is re-sent.
    public var repeatInterval: Timestamp.Duration
    /// After how long an unacknowledged incident escalates; nil = never.
    public var escalateAfter: Timestamp.Duration?
    /// Office ids alerted on escalation.
    public var escalateTo: [String]
    /// Whether this incident inhibits incidents of dependent services (else it only groups them).
    public var inhibitDependents: Bool

    /// Creates a match.
    public init(
        receivers: [String], path: [Step], repeatInterval: Timestamp.Duration, escalateAfter: Timestamp.Duration?,
        escalateTo: [String], inhibitDependents: Bool
    ) {
        self.receivers = receivers
        self.path = path
        self.repeatInterval = repeatInterval
        self.escalateAfter = escalateAfter
        self.escalateTo = escalateTo
        self.inhibitDependents = inhibitDependents
    }
}
