import VedettaCore
import Yams

/// Reads typed values out of a composed YAML tree, collecting every problem with its position instead of
/// stopping at the first (what `Codable` would do).
final class NodeReader {
    /// A mapping whose keys were checked against the format.
    struct Object {
        let node: Node
        let path: String
        let entries: [(key: String, keyNode: Node, value: Node)]

        subscript(key: String) -> Node? {
            guard let value = entries.first(where: { $0.key == key })?.value else { return nil }
            if case let .scalar(s) = value, s.tag.rawValue == Tag.Name.null.rawValue { return nil }
            return value
        }

        func keyNode(_ key: String) -> Node? { entries.first(where: { $0.key == key })?.keyNode }

        func path(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
    }

    let file: String
    private(set) var errors: [RuleError] = []

    init(file: String) { self.file = file }

    func report(_ code: RuleError.Code, at node: Node?, _ message: String) {
        report(code, at: SourcePosition(node), message)
    }

    func report(_ code: RuleError.Code, at position: SourcePosition, _ message: String) {
        errors.append(RuleError(code: code, file: file, line: position.line, column: position.column, message: message))
    }

    static func found(_ node: Node) -> String {
        switch node {
        case let .scalar(s): s.tag.rawValue == Tag.Name.null.rawValue ? "nothing" : "`" + s.string + "`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    func typeError(_ path: String, _ expected: String, _ node: Node) {
        let subject = path.isEmpty ? "the top level of `\(file)`" : "`\(path)`"
        report(.type, at: node, "\(subject) must be \(expected), found \(NodeReader.found(node))")
    }

    /// A mapping with only `keys` (unknown ones reported with a suggestion); missing `required` keys reported.
    func object(_ node: Node, path: String, keys: [String], required: [String] = []) -> Object? {
        guard case let .mapping(mapping) = node else {
            typeError(path, "a mapping", node)
            return nil
        }
        var entries: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard case let .scalar(k) = keyNode else {
                report(.type, at: keyNode, "keys in `\(path)` must be plain words, found \(NodeReader.found(keyNode))")
                continue
            }
            guard keys.contains(k.string) else {
                let place = path.isEmpty ? "at the top level" : "in `\(path)`"
                report(.unknownKey, at: keyNode,
                       "unknown key `\(k.string)` \(place)" + DidYouMean.hint(for: k.string, among: keys))
                continue
            }
            entries.append((k.string, keyNode, value))
        }
        let object = Object(node: node, path: path, entries: entries)
        for key in required where object[key] == nil {
            let place = path.isEmpty ? "the file" : "`\(path)`"
            report(.missingKey, at: node, "\(place) is missing required key `\(key)`")
        }
        return object
    }

    func scalar(_ o: Object, _ key: String, expected: String) -> (String, Node)? {
        guard let node = o[key] else { return nil }
        guard case let .scalar(s) = node else {
            typeError(o.path(key), expected, node)
            return nil
        }
        return (s.string, node)
    }

    func string(_ o: Object, _ key: String) -> String? { scalar(o, key, expected: "a string")?.0 }

    func int(_ o: Object, _ key: String) -> (Int, Node)? {
        guard let (text, node) = scalar(o, key, expected: "a whole number") else { return nil }
        guard let value = Int(text) else {
            typeError(o.path(key), "a whole number", node)
            return nil
        }
        return (value, node)
    }

    func double(_ o: Object, _ key: String) -> (Double, Node)? {
        guard let (text, node) = scalar(o, key, expected: "a number") else { return nil }
        guard let value = Double(text), value.isFinite else {
            typeError(o.path(key), "a number", node)
            return nil
        }
        return (value, node)
    }

    func bool(_ o: Object, _ key: String) -> Bool? {
        guard let (text, node) = scalar(o, key, expected: "true or false") else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            typeError(o.path(key), "true or false", node)
            return nil
        }
    }

    /// One of `allowed` (`.invalidValue` with a suggestion otherwise).
    func choice(_ o: Object, _ key: String, _ allowed: [String]) -> String? {
        guard let (text, node) = scalar(o, key, expected: "one of " + allowed.joined(separator: ", ")) else {
            return nil
        }
        guard allowed.contains(text) else {
            report(.invalidValue, at: node,
                   "`\(o.path(key))` must be one of \(allowed.joined(separator: ", ")), found `\(text)`"
                       + DidYouMean.hint(for: text, among: allowed))
            return nil
        }
        return text
    }

    /// A list of nodes.
    func list(_ o: Object, _ key: String) -> [Node]? {
        guard let node = o[key] else { return nil }
        guard case let .sequence(seq) = node else {
            typeError(o.path(key), "a list", node)
            return nil
        }
        return Array(seq)
    }

    /// A list of strings with each item's node.
    func strings(_ o: Object, _ key: String) -> [(String, Node)]? {
        guard let items = list(o, key) else { return nil }
        var result: [(String, Node)] = []
        for (i, item) in items.enumerated() {
            guard case let .scalar(s) = item, s.tag.rawValue != Tag.Name.null.rawValue else {
                typeError(o.path(key) + "[\(i)]", "a string", item)
                continue
            }
            result.append((s.string, item))
        }
        return result
    }

    /// A duration in the `15m` / `1h` / `2d` syntax, longer than zero.
    func duration(_ o: Object, _ key: String) -> Timestamp.Duration? {
        guard let (text, node) = scalar(o, key, expected: "a duration such as 15m, 1h or 2d") else { return nil }
        guard let d = Timestamp.Duration(ruleText: text), d.milliseconds > 0 else {
            report(.invalidDuration, at: node,
                   "invalid duration `\(text)` for `\(o.path(key))`; write a positive number and a unit (s, m, h, d, w) such as 15m, 1h or 2d")
            return nil
        }
        return d
    }

    /// A time zone, defaulting to `fallback` when absent.
    func zone(_ o: Object, _ key: String, fallback: ZoneRule) -> ZoneRule {
        guard let (text, node) = scalar(o, key, expected: "a time zone such as Europe/Rome") else { return fallback }
        guard let zone = ZoneRule(identifier: text) else {
            report(.invalidTimeZone, at: node,
                   "unknown time zone `\(text)` for `\(o.path(key))`; use UTC, a fixed offset such as +01:00, or an EU zone such as Europe/Rome"
                       + DidYouMean.hint(for: text, among: ZoneRule.knownIdentifiers))
            return fallback
        }
        return zone
    }

    /// An `{it: …, en: …}` text; a plain string counts as Italian.
    func localized(_ o: Object, _ key: String) -> LocalizedText {
        guard let node = o[key] else { return LocalizedText() }
        if case let .scalar(s) = node { return LocalizedText(italian: s.string) }
        guard let t = object(node, path: o.path(key), keys: ["it", "en"]) else { return LocalizedText() }
        return LocalizedText(italian: string(t, "it"), english: string(t, "en"))
    }
}
