import VedettaCore
import Yams

/// The rules as read from YAML, each item with the nodes of its references, so that cross-file checks can
/// point at the exact line and column.
struct ParsedRules {
    struct ParsedOffice {
        var office: Office
        var idNode: Node
    }

    struct ParsedService {
        var service: Service
        var idNode: Node
        var officeNode: Node?
        var dependsOn: [(String, Node)]
        var aliases: [(String, Node)]
    }

    struct ParsedRoute {
        var node: RouteNode
        var mappingNode: Node
        var path: String
        var matcherNodes: [Node]
        var receivers: [(String, Node)]
        var escalateTo: [(String, Node)]
        var children: [ParsedRoute]
        /// Some matcher did not parse: the node is broken, not a catch-all.
        var hasInvalidMatchers: Bool
        /// Keys present as written, whether or not their values parsed (so one bad value does not cascade).
        var hasEscalateAfterKey: Bool
        var hasEscalateToKey: Bool

        /// The route node with its children attached.
        func build() -> RouteNode {
            var n = node
            n.routes = children.map { $0.build() }
            return n
        }

        /// How the route is named in messages: its name, else its path.
        var label: String { node.name.map { "`\($0)`" } ?? "`\(path)`" }
    }

    struct ParsedNotice {
        var notice: Notice
        var idNode: Node
        var services: [(String, Node)]
    }

    struct ParsedPeak {
        var peak: CalendarPeak
        var idNode: Node
        var services: [(String, Node)]
    }

    var offices: [ParsedOffice] = []
    var services: [ParsedService] = []
    var route: ParsedRoute? = nil
    var notices: [ParsedNotice] = []
    var peaks: [ParsedPeak] = []
    /// Whether `offices.yaml` / `services.yaml` parsed as a document; references are only checked against a
    /// file that did, otherwise every reference would be reported as unknown.
    var officesParsed = false
    var servicesParsed = false
}
