/// A node of the route tree (`rules/routes.yaml`), in the Alertmanager manner.
///
/// Settings left nil inherit from the parent: receivers, repeat interval, escalation and dependent inhibition.
public struct RouteNode: Hashable, Sendable {
    /// Optional name, shown in explanations; defaults to the node's path (`routes[2].routes[0]`).
    public var name: String?
    /// All must hold for the node to match; none means the node matches everything.
    public var matchers: [LabelMatcher]
    /// Office ids alerted; empty means the parent's.
    public var receivers: [String]
    /// Whether matching continues with later siblings after this node matched.
    public var continueMatching: Bool
    /// How often an unchanged open incident is re-sent.
    public var repeatInterval: Timestamp.Duration?
    /// After how long an unacknowledged open incident escalates.
    public var escalateAfter: Timestamp.Duration?
    /// Office ids that receive the escalation.
    public var escalateTo: [String]?
    /// Whether an incident routed here inhibits incidents of the services that depend on its service (true) or
    /// only groups them (false).
    public var inhibitDependents: Bool?
    /// Children, tried in order.
    public var routes: [RouteNode]

    /// Creates a route node.
    public init(
        name: String? = nil, matchers: [LabelMatcher] = [], receivers: [String] = [], continueMatching: Bool = false,
        repeatInterval: Timestamp.Duration? = nil, escalateAfter: Timestamp.Duration? = nil,
        escalateTo: [String]? = nil, inhibitDependents: Bool? = nil, routes: [RouteNode] = []
    ) {
        self.name = name
        self.matchers = matchers
        self.receivers = receivers
        self.continueMatching = continueMatching
        self.repeatInterval = repeatInterval
        self.escalateAfter = escalateAfter
        self.escalateTo = escalateTo
        self.inhibitDependents = inhibitDependents
        self.routes = routes
    }

    /// Whether every matcher holds.
    public func matches(_ labels: RouteLabels) -> Bool { matchers.allSatisfy { $0.matches(labels) } }
}
