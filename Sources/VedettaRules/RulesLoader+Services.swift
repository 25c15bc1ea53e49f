import VedettaCore
import Yams

extension RulesLoader {
    static let serviceKeys = ["id", "name", "office", "aliases", "dependsOn", "thresholds"]
    static let thresholdKeys = ["minRequesters", "sensitivity", "quietHold", "expectedPerHour"]

    static func parseServices(_ root: Node, _ r: NodeReader) -> [ParsedRules.ParsedService] {
        guard let top = r.object(root, path: "", keys: ["defaults", "services"], required: ["services"]) else {
            return []
        }
        var defaults = Service.Thresholds.standard
        if let node = top["defaults"] { defaults = thresholds(node, path: "defaults", base: defaults, r) }
        guard let items = r.list(top, "services") else { return [] }
        var result: [ParsedRules.ParsedService] = []
        for (i, item) in items.enumerated() {
            let path = "services[\(i)]"
            guard let o = r.object(item, path: path, keys: serviceKeys, required: ["id", "name", "office"]),
                  let idNode = o["id"], let id = r.string(o, "id")
            else { continue }
            let aliases = r.strings(o, "aliases") ?? []
            let dependsOn = r.strings(o, "dependsOn") ?? []
            var t = defaults
            if let node = o["thresholds"] { t = thresholds(node, path: path + ".thresholds", base: defaults, r) }
            let service = Service(
                id: id, name: r.string(o, "name") ?? id, office: r.string(o, "office") ?? "",
                aliases: aliases.map(\.0), dependsOn: dependsOn.map(\.0), thresholds: t)
            result.append(ParsedRules.ParsedService(
                service: service, idNode: idNode, officeNode: o["office"], dependsOn: dependsOn, aliases: aliases))
        }
        return result
    }

    static func thresholds(_ node: Node, path: String, base: Service.Thresholds, _ r: NodeReader) -> Service.Thresholds {
        guard let o = r.object(node, path: path, keys: thresholdKeys) else { return base }
        var t = base
        if let (n, node) = r.int(o, "minRequesters") {
            if n < 1 {
                r.report(.invalidValue, at: node, "`\(o.path("minRequesters"))` must be at least 1, found \(NodeReader.found(node))")
            } else {
                t.minRequesters = n
            }
        }
        if let (p, node) = r.double(o, "sensitivity") {
            if p <= 0 || p > 0.5 {
                r.report(.invalidValue, at: node,
                         "`\(o.path("sensitivity"))` is a tail probability and must be above 0 and at most 0.5, found \(NodeReader.found(node))")
            } else {
                t.sensitivity = p
            }
        }
        if let d = r.duration(o, "quietHold") { t.quietHold = d }
        if let (e, node) = r.double(o, "expectedPerHour") {
            if e < 0 {
                r.report(.invalidValue, at: node, "`\(o.path("expectedPerHour"))` must not be negative, found \(NodeReader.found(node))")
            } else {
                t.expectedPerHour = e
            }
        }
        return t
    }
}
