/// Finds the notices active for a service at an instant.
public struct NoticeMatcher: Hashable, Sendable {
    /// All notices, in rule order.
    public let notices: [Notice]
    private let byService: [String: [Int]]

    /// Indexes `notices` by service.
    public init(notices: [Notice]) {
        self.notices = notices
        var index: [String: [Int]] = [:]
        for (i, notice) in notices.enumerated() {
            for service in Set(notice.services) { index[service, default: []].append(i) }
        }
        self.byService = index
    }

    /// The notices covering `service` that are active at `t`, in rule order.
    public func active(for service: String, at t: Timestamp) -> [Notice] {
        (byService[service] ?? []).map { notices[$0] }.filter { $0.isActive(at: t) }
    }

    /// Whether an alert on `service` at `t` is silenced (some active notice says `silence`).
    public func silences(_ service: String, at t: Timestamp) -> Bool {
        active(for: service, at: t).contains { $0.action == .silence }
    }
}
