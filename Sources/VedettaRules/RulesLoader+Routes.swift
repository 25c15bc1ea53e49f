import VedettaCore
import Yams

extension RulesLoader {
    static let routeKeys = [
        "name", "matchers", "receivers", "continue", "repeatInterval", "escalateAfter", "escalateTo",
        "inhibitDependents", "routes",
    ]

    static func parseRoutes(_ root: Node, _ r: NodeReader) -> ParsedRules.ParsedRoute? {
        guard let top = r.object(root, path: "", keys: ["route"], required: ["route"]), let node = top["route"] else {
            return nil
        }
        return parseRoute(node, path: "route", isRoot: true, r)
    }

    static func parseRoute(_ node: Node, path: String, isRoot: Bool, _ r: NodeReader) -> ParsedRules.ParsedRoute? {
        // The root matches everything by definition; matchers or `continue` there would be silently ignored.
        let keys = isRoot ? routeKeys.filter { $0 != "matchers" && $0 != "continue" } : routeKeys
        guard let o = r.object(node, path: path, keys: keys, required: isRoot ? ["receivers"] : []) else { return nil }
        var route = RouteNode(name: r.string(o, "name"))
        var matcherNodes: [Node] = []
        var invalidMatchers = false
        for (text, node) in r.strings(o, "matchers") ?? [] {
            switch LabelMatcher.parse(text) {
            case nil:
                invalidMatchers = true
                r.report(.invalidValue, at: node,
                         "invalid matcher `\(text)` in `\(o.path("matchers"))`; write `label op value` with a label among "
                             + RouteLabel.allCases.map(\.rawValue).joined(separator: ", ") + " and an operator among =, !=, =~, !~")
            case let .failure(e)?:
                invalidMatchers = true
                r.report(.invalidPattern, at: node, "invalid pattern in matcher `\(text)`: \(e.message)")
            case let .success(m)?:
                if m.label == .severity, m.op == .equal || m.op == .notEqual, Severity(rawValue: m.value) == nil {
                    r.report(.invalidValue, at: node,
                             "unknown severity `\(m.value)` in matcher `\(text)`; use info, minor, major or critical"
                                 + DidYouMean.hint(for: m.value, among: Severity.allCases.map(\.rawValue)))
                    invalidMatchers = true
                    continue
                }
                route.matchers.append(m)
                matcherNodes.append(node)
            }
        }
        let receivers = r.strings(o, "receivers") ?? []
        route.receivers = receivers.map(\.0)
        route.continueMatching = r.bool(o, "continue") ?? false
        route.repeatInterval = r.duration(o, "repeatInterval")
        route.escalateAfter = r.duration(o, "escalateAfter")
        let escalateTo = r.strings(o, "escalateTo")
        route.escalateTo = escalateTo?.map(\.0)
        route.inhibitDependents = r.bool(o, "inhibitDependents")
        var children: [ParsedRules.ParsedRoute] = []
        for (i, child) in (r.list(o, "routes") ?? []).enumerated() {
            let childPath = (isRoot ? "" : path + ".") + "routes[\(i)]"
            if let parsed = parseRoute(child, path: childPath, isRoot: false, r) { children.append(parsed) }
        }
        return ParsedRules.ParsedRoute(
            node: route, mappingNode: node, path: path, matcherNodes: matcherNodes, receivers: receivers,
            escalateTo: escalateTo ?? [], children: children, hasInvalidMatchers: invalidMatchers,
            hasEscalateAfterKey: o["escalateAfter"] != nil, hasEscalateToKey: o["escalateTo"] != nil)
    }
}
