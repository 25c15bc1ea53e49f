/// The `dependsOn` relation of the catalogue, for inhibition and grouping: an outage of a service explains
/// failures of the services that (transitively) depend on it.
public struct DependencyGraph: Hashable, Sendable {
    private let upstreamDirect: [String: [String]]
    private let downstreamDirect: [String: [String]]

    /// Builds the graph from the catalogue; references to unknown services are kept (the loader reports them).
    public init(services: [Service]) {
        var up: [String: [String]] = [:]
        var down: [String: [String]] = [:]
        for s in services {
            up[s.id] = s.dependsOn
            for d in s.dependsOn { down[d, default: []].append(s.id) }
        }
        self.upstreamDirect = up
        self.downstreamDirect = down.mapValues { $0.sorted() }
    }

    /// Services `service` needs directly.
    public func dependencies(of service: String) -> [String] { upstreamDirect[service] ?? [] }

    /// Every service `service` needs, nearest first (breadth first; ties in `dependsOn` order); safe on cycles.
    public func upstream(of service: String) -> [(service: String, distance: Int)] {
        var seen: Set<String> = [service]
        var result: [(String, Int)] = []
        var frontier = [service]
        var distance = 0
        while !frontier.isEmpty {
            distance += 1
            var next: [String] = []
            for s in frontier {
                for d in upstreamDirect[s] ?? [] where seen.insert(d).inserted {
                    result.append((d, distance))
                    next.append(d)
                }
            }
            frontier = next
        }
        return result
    }

    /// Every service that (transitively) depends on `service`, sorted by id.
    public func dependents(of service: String) -> [String] {
        var seen: Set<String> = [service]
        var stack = [service]
        while let s = stack.popLast() {
            for d in downstreamDirect[s] ?? [] where seen.insert(d).inserted { stack.append(d) }
        }
        seen.remove(service)
        return seen.sorted()
    }

    /// The firing upstream service that explains an incident on `service`, if any.
    ///
    /// Among the firing services `service` transitively depends on, the root cause wins: one that has no firing
    /// upstream of its own; among several, the nearest, then the smallest id. A cycle of firing services
    /// still yields an answer (the nearest) rather than none.
    public func inhibitingUpstream(for service: String, firing: Set<String>) -> String? {
        let candidates = upstream(of: service).filter { firing.contains($0.service) }
        guard !candidates.isEmpty else { return nil }
        let roots = candidates.filter { c in
            !upstream(of: c.service).contains { firing.contains($0.service) && $0.service != service }
        }
        let pool = roots.isEmpty ? candidates : roots
        return pool.min { ($0.distance, $0.service) < ($1.distance, $1.service) }?.service
    }

    /// The `dependsOn` cycles met by a depth-first walk of the services in the given order, each as a closed
    /// path (`a`, `b`, `a`) starting where the walk entered it; empty when the relation is acyclic.
    public static func cycles(in services: [Service]) -> [[String]] {
        let edges = Dictionary(services.map { ($0.id, $0.dependsOn) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 = on the stack, 2 = done
        var found: [[String]] = []
        var stack: [String] = []
        func visit(_ s: String) {
            state[s] = 1
            stack.append(s)
            for d in edges[s] ?? [] where edges[d] != nil {
                switch state[d] {
                case 1:
                    let start = stack.lastIndex(of: d)!
                    found.append(Array(stack[start...]) + [d])
                case 2:
                    continue
                default:
                    visit(d)
                }
            }
            stack.removeLast()
            state[s] = 2
        }
        for s in services where state[s.id] == nil { visit(s.id) }
        return found
    }
}
