import VedettaCore
import Yams

/// Checks that span items and files: duplicate ids, references to offices and services, `dependsOn` cycles,
/// overlapping notices, unreachable routes, aliases claimed by two services.
struct RulesValidator {
    let parsed: ParsedRules
    let offices: NodeReader
    let services: NodeReader
    let routes: NodeReader
    let notices: NodeReader
    let calendar: NodeReader

    func validate() {
        let officeIDs = ids(parsed.offices.map { ($0.office.id, $0.idNode) }, kind: "office", offices)
        let serviceIDs = ids(parsed.services.map { ($0.service.id, $0.idNode) }, kind: "service", services)
        _ = ids(parsed.notices.map { ($0.notice.id, $0.idNode) }, kind: "notice", notices)
        _ = ids(parsed.peaks.map { ($0.peak.id, $0.idNode) }, kind: "peak", calendar)
        let officeList = parsed.offices.map(\.office.id)
        let serviceList = parsed.services.map(\.service.id)

        func office(_ id: String, _ node: Node?, _ r: NodeReader, _ what: String) {
            guard parsed.officesParsed, !officeIDs.contains(id) else { return }
            r.report(.unknownReference, at: node, "\(what) names unknown office `\(id)`" + DidYouMean.hint(for: id, among: officeList))
        }
        func service(_ id: String, _ node: Node?, _ r: NodeReader, _ what: String) {
            guard parsed.servicesParsed, !serviceIDs.contains(id) else { return }
            r.report(.unknownReference, at: node, "\(what) names unknown service `\(id)`" + DidYouMean.hint(for: id, among: serviceList))
        }

        for s in parsed.services {
            if s.officeNode != nil { office(s.service.office, s.officeNode, services, "service `\(s.service.id)`") }
            for (d, node) in s.dependsOn {
                if d == s.service.id {
                    services.report(.cycle, at: node, "service `\(d)` depends on itself")
                } else {
                    service(d, node, services, "`dependsOn` of service `\(s.service.id)`")
                }
            }
        }
        checkCycles()
        checkAliases()
        for n in parsed.notices {
            for (id, node) in n.services { service(id, node, notices, "notice `\(n.notice.id)`") }
        }
        for p in parsed.peaks {
            for (id, node) in p.services { service(id, node, calendar, "peak `\(p.peak.id)`") }
        }
        checkOverlaps()
        if let root = parsed.route {
            checkRoute(root, reachable: Set(serviceList), severities: Set(Severity.allCases), escalates: (false, false),
                       office: office, service: service)
        }
    }

    /// Reports every repeated id at its second (and later) definition; returns the set of ids.
    func ids(_ items: [(String, Node)], kind: String, _ r: NodeReader) -> Set<String> {
        var first: [String: Node] = [:]
        for (id, node) in items {
            if let earlier = first[id] {
                r.report(.duplicateID, at: node,
                         "duplicate \(kind) id `\(id)` (first defined at line \(SourcePosition(earlier).line))")
            } else {
                first[id] = node
            }
        }
        return Set(first.keys)
    }

    func checkCycles() {
        var reported: Set<[String]> = []
        let withoutSelfLoops = parsed.services.map { p in
            var s = p.service
            s.dependsOn.removeAll { $0 == s.id }
            return s
        }
        for cycle in DependencyGraph.cycles(in: withoutSelfLoops) {
            // The same cycle entered from another service reads differently; report it once.
            let members = Array(cycle.dropLast())
            let key = members.sorted()
            guard reported.insert(key).inserted else { continue }
            let start = members[0]
            guard let owner = parsed.services.first(where: { $0.service.id == start }),
                  members.count > 1, let edge = owner.dependsOn.first(where: { $0.0 == members[1] })
            else { continue }
            services.report(.cycle, at: edge.1, "`dependsOn` cycle: " + cycle.joined(separator: " -> "))
        }
    }

    func checkAliases() {
        var owner: [[String]: (service: String, alias: String)] = [:]
        for s in parsed.services {
            for (alias, node) in s.aliases {
                let words = AliasText.words(alias)
                guard !words.isEmpty else {
                    services.report(.invalidValue, at: node, "alias `\(alias)` of service `\(s.service.id)` has no words to match")
                    continue
                }
                if let previous = owner[words], previous.service != s.service.id {
                    services.report(.duplicateID, at: node,
                                    "alias `\(alias)` of service `\(s.service.id)` already names service `\(previous.service)` (as `\(previous.alias)`)")
                } else if owner[words] == nil {
                    owner[words] = (s.service.id, alias)
                }
            }
        }
    }

    /// Two notices of the same kind on the same service must not be active at the same time: which workaround
    /// to show, or whether to silence, would depend on the order in the file.
    func checkOverlaps() {
        let list = parsed.notices
        for j in list.indices {
            for i in 0..<j {
                let a = list[i].notice
                let b = list[j].notice
                guard a.kind == b.kind, let shared = b.services.first(where: { a.services.contains($0) }) else { continue }
                let start = max(a.from, b.from)
                let horizon = start.adding(.days(366))
                let end = min(a.to ?? horizon, b.to ?? horizon, horizon)
                guard start < end, let at = firstIntersection(a.windows(from: start, to: end), b.windows(from: start, to: end))
                else { continue }
                notices.report(.overlap, at: list[j].idNode,
                               "notice `\(b.id)` overlaps notice `\(a.id)` for service `\(shared)` (both \(a.kind.rawValue)), first at \(at.rfc3339Seconds)")
            }
        }
    }

    func firstIntersection(_ a: [Range<Timestamp>], _ b: [Range<Timestamp>]) -> Timestamp? {
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            let lo = max(a[i].lowerBound, b[j].lowerBound)
            let hi = min(a[i].upperBound, b[j].upperBound)
            if lo < hi { return lo }
            if a[i].upperBound <= b[j].upperBound { i += 1 } else { j += 1 }
        }
        return nil
    }

    /// Checks receivers and service references, then reachability: a child after a sibling that matches
    /// everything without `continue`, and a child whose service or severity matchers exclude every value that
    /// can reach it.
    func checkRoute(
        _ route: ParsedRules.ParsedRoute, reachable: Set<String>, severities: Set<Severity>,
        escalates inherited: (after: Bool, to: Bool), office: (String, Node?, NodeReader, String) -> Void, service: (String, Node?, NodeReader, String) -> Void
    ) {
        for (id, node) in route.receivers { office(id, node, routes, "route \(route.label)") }
        for (id, node) in route.escalateTo { office(id, node, routes, "`escalateTo` of route \(route.label)") }
        // Escalation settings inherit separately, so the pair is checked on the effective values.
        let escalates = (after: inherited.after || route.hasEscalateAfterKey, to: inherited.to || route.hasEscalateToKey)
        if escalates.after != escalates.to, route.hasEscalateAfterKey || route.hasEscalateToKey {
            routes.report(.missingKey, at: route.mappingNode, escalates.after
                ? "route \(route.label) escalates after a delay but neither it nor a parent sets `escalateTo`"
                : "route \(route.label) sets `escalateTo` but neither it nor a parent sets `escalateAfter`")
        }
        var shadow: ParsedRules.ParsedRoute? = nil
        for child in route.children {
            if let shadow {
                routes.report(.unreachableRoute, at: child.mappingNode,
                              "route \(child.label) is unreachable: its earlier sibling \(shadow.label) matches everything and has no `continue: true`")
            }
            var childServices = reachable
            var childSeverities = severities
            var brokenReference = false
            for (m, node) in zip(child.node.matchers, child.matcherNodes) {
                switch m.label {
                case .service:
                    guard parsed.servicesParsed else { break }
                    if m.op == .equal || m.op == .notEqual, !parsed.services.contains(where: { $0.service.id == m.value }) {
                        service(m.value, node, routes, "matcher `\(m)` of route \(child.label)")
                        brokenReference = true
                    }
                    childServices = childServices.filter { m.matches(value: $0) }
                    if childServices.isEmpty, !reachable.isEmpty, !brokenReference {
                        routes.report(.unreachableRoute, at: node,
                                      "route \(child.label) can never match a known service: `\(m)` excludes every service that reaches it")
                        brokenReference = true
                    }
                case .severity:
                    childSeverities = childSeverities.filter { m.matches(value: $0.rawValue) }
                    if childSeverities.isEmpty, !severities.isEmpty, !brokenReference {
                        routes.report(.unreachableRoute, at: node,
                                      "route \(child.label) can never match: `\(m)` excludes every severity that reaches it")
                        brokenReference = true
                    }
                default:
                    break
                }
            }
            checkRoute(child, reachable: childServices, severities: childSeverities, escalates: escalates,
                       office: office, service: service)
            if shadow == nil, child.node.matchers.isEmpty, !child.hasInvalidMatchers, !child.node.continueMatching {
                shadow = child
            }
        }
    }
}
