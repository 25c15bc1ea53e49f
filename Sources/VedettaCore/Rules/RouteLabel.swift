/// A label that routes can match on.
public enum RouteLabel: String, Hashable, Sendable, CaseIterable, Comparable {
    /// Service id (possibly one the catalogue does not know).
    case service
    /// `backoffice` or `helpdesk`.
    case queue
    /// `contact-center`, `web`, `email`, `pec`, …
    case channel
    /// The requester's region.
    case region
    /// Incident severity: `info`, `minor`, `major`, `critical`.
    case severity

    public static func < (lhs: RouteLabel, rhs: RouteLabel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The labels of an incident as routing sees them; an absent label reads as the empty string, as in
/// Alertmanager (so `region != Lazio` matches an incident with no region).
public struct RouteLabels: Hashable, Sendable {
    /// Service id.
    public var service: String?
    /// Queue.
    public var queue: String?
    /// Dominant channel.
    public var channel: String?
    /// Dominant region.
    public var region: String?
    /// Severity.
    public var severity: Severity?

    /// Creates labels.
    public init(
        service: String? = nil, queue: String? = nil, channel: String? = nil, region: String? = nil,
        severity: Severity? = nil
    ) {
        self.service = service
        self.queue = queue
        self.channel = channel
        self.region = region
        self.severity = severity
    }

    /// The value of `label`, empty when absent.
    public subscript(label: RouteLabel) -> String {
        switch label {
        case .service: service ?? ""
        case .queue: queue ?? ""
        case .channel: channel ?? ""
        case .region: region ?? ""
        case .severity: severity?.rawValue ?? ""
        }
    }
}
