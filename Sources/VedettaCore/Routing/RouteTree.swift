/// The route tree with Alertmanager semantics: depth first; among siblings the first that matches wins unless
/// it has `continue: true`; a node none of whose children matches routes to its own receivers (inherited from
/// the parent when it names none). The root matches every incident, so every incident has at least one match.
public struct RouteTree: Hashable, Sendable {
    /// The root node; its matchers are ignored.
    public var root: RouteNode
    /// Repeat interval when no node sets one.
    public static let defaultRepeatInterval = Timestamp.Duration.hours(4)

    /// Creates a tree.
    public init(root: RouteNode) { self.root = root }

    /// The matched routes for `labels`, in rule order (several only through `continue`).
    public func match(_ labels: RouteLabels) -> [RouteMatch] {
        let inherited = Inherited(
            receivers: root.receivers, repeatInterval: root.repeatInterval ?? RouteTree.defaultRepeatInterval,
            escalateAfter: root.escalateAfter, escalateTo: root.escalateTo ?? [],
            inhibitDependents: root.inhibitDependents ?? false)
        let step = RouteMatch.Step(name: root.name ?? "root", indexPath: [], reasons: ["root matches everything"])
        return children(of: root, labels: labels, settings: inherited, path: [step]) ?? [inherited.match(path: [step])]
    }

    struct Inherited {
        var receivers: [String]
        var repeatInterval: Timestamp.Duration
        var escalateAfter: Timestamp.Duration?
        var escalateTo: [String]
        var inhibitDependents: Bool

        func applying(_ node: RouteNode) -> Inherited {
            var next = self
            if !node.receivers.isEmpty { next.receivers = node.receivers }
            if let r = node.repeatInterval { next.repeatInterval = r }
            if let e = node.escalateAfter { next.escalateAfter = e }
            if let e = node.escalateTo { next.escalateTo = e }
            if let i = node.inhibitDependents { next.inhibitDependents = i }
            return next
        }

        func match(path: [RouteMatch.Step]) -> RouteMatch {
            RouteMatch(
                receivers: receivers, path: path, repeatInterval: repeatInterval, escalateAfter: escalateAfter,
                escalateTo: escalateTo, inhibitDependents: inhibitDependents)
        }
    }

    /// Matches under `node`'s children; nil when none matched (the caller then routes to `node` itself).
    private func children(
        of node: RouteNode, labels: RouteLabels, settings: Inherited, path: [RouteMatch.Step]
    ) -> [RouteMatch]? {
        var all: [RouteMatch] = []
        for (index, child) in node.routes.enumerated() where child.matches(labels) {
            let indexPath = (path.last?.indexPath ?? []) + [index]
            let step = RouteMatch.Step(
                name: child.name ?? RouteTree.pathName(indexPath), indexPath: indexPath,
                reasons: RouteTree.reasons(child, labels))
            let childSettings = settings.applying(child)
            let childPath = path + [step]
            all += children(of: child, labels: labels, settings: childSettings, path: childPath)
                ?? [childSettings.match(path: childPath)]
            if !child.continueMatching { break }
        }
        return all.isEmpty ? nil : all
    }

    /// `routes[2].routes[0]` for index path [2, 0].
    public static func pathName(_ indexPath: [Int]) -> String {
        indexPath.isEmpty ? "root" : indexPath.map { "routes[\($0)]" }.joined(separator: ".")
    }

    static func reasons(_ node: RouteNode, _ labels: RouteLabels) -> [String] {
        guard !node.matchers.isEmpty else { return ["matches everything"] }
        return node.matchers.map { m in
            let actual = labels[m.label]
            return m.description + " (" + m.label.rawValue + " is " + (actual.isEmpty ? "absent" : "`\(actual)`") + ")"
        }
    }
}
