/// Everything in `rules/`, validated, with the indices the engine uses.
///
/// Built by `RulesLoader` (which validates) or directly in tests; this type trusts its input.
public struct RuleSet: Hashable, Sendable {
    /// Offices in rule order.
    public let offices: [Office]
    /// Services in rule order.
    public let services: [Service]
    /// Root of the route tree.
    public let route: RouteNode
    /// Notices in rule order.
    public let notices: [Notice]
    /// Calendar peaks in rule order.
    public let peaks: [CalendarPeak]

    /// Services by id, with alias inference.
    public let catalogue: ServiceCatalogue
    /// Routing.
    public let routes: RouteTree
    /// Active notices.
    public let noticeMatcher: NoticeMatcher
    /// Expected-volume factors.
    public let calendar: PeakCalendar
    /// `dependsOn`, for inhibition.
    public let dependencies: DependencyGraph
    private let officeIndex: [String: Int]

    /// Assembles a rule set and its indices.
    public init(
        offices: [Office], services: [Service], route: RouteNode = RouteNode(), notices: [Notice] = [],
        peaks: [CalendarPeak] = []
    ) {
        self.offices = offices
        self.services = services
        self.route = route
        self.notices = notices
        self.peaks = peaks
        self.catalogue = ServiceCatalogue(services: services)
        self.routes = RouteTree(root: route)
        self.noticeMatcher = NoticeMatcher(notices: notices)
        self.calendar = PeakCalendar(peaks: peaks)
        self.dependencies = DependencyGraph(services: services)
        var index: [String: Int] = [:]
        for (i, o) in offices.enumerated() where index[o.id] == nil { index[o.id] = i }
        self.officeIndex = index
    }

    /// No offices, no services: every incident goes to the (receiver-less) root.
    public static let empty = RuleSet(offices: [], services: [])

    /// The office with `id`.
    public func office(id: String) -> Office? { officeIndex[id].map { offices[$0] } }

    /// The service with `id`.
    public func service(id: String) -> Service? { catalogue.service(id: id) }

    /// The thresholds for `service`: its own, or the defaults for a service the catalogue does not know.
    public func thresholds(for service: String) -> Service.Thresholds {
        catalogue.service(id: service)?.thresholds ?? .standard
    }
}
