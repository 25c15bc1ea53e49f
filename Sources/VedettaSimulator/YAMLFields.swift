import VedettaCore
import Yams

/// Reads the fields of one YAML mapping, remembering which were used so that a misspelt field is reported
/// instead of silently ignored; every error names file, line, column and field path.
struct YAMLFields {
    let node: Node
    let path: String
    let file: String
    private var pairs: [(key: String, keyNode: Node, value: Node)] = []
    private var used: Set<String> = []

    init(_ node: Node, path: String, file: String) throws(ScenarioError) {
        self.node = node
        self.path = path
        self.file = file
        guard let mapping = node.mapping else {
            throw YAMLFields.error(node, path.isEmpty ? "(top level)" : path, "must be a mapping of fields.", file: file,
                                   code: "scenario.type")
        }
        for (k, v) in mapping {
            guard let key = k.scalar?.string else {
                throw YAMLFields.error(k, path, "has a key that is not text.", file: file, code: "scenario.type")
            }
            pairs.append((key, k, v))
        }
    }

    /// Keys in document order (all count as used).
    var keys: [String] {
        mutating get {
            for p in pairs { used.insert(p.key) }
            return pairs.map(\.key)
        }
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private mutating func value(_ key: String) -> Node? {
        used.insert(key)
        return pairs.first { $0.key == key }?.value
    }

    static func error(_ node: Node?, _ field: String, _ reason: String, file: String,
                      code: String = "scenario.value") -> ScenarioError {
        ScenarioError(code: code, file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0,
                      field: field, reason: reason)
    }

    static func syntaxError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ScenarioError(code: "scenario.syntax", file: file, line: mark.line, column: mark.column, field: "",
                                 reason: "the file is not valid YAML: \(problem).")
        default:
            return ScenarioError(code: "scenario.syntax", file: file, line: 0, column: 0, field: "",
                                 reason: "the file is not valid YAML: \(error).")
        }
    }

    func valueError(_ key: String, _ reason: String, code: String = "scenario.value") -> ScenarioError {
        let target = pairs.first { $0.key == key }
        return YAMLFields.error(target?.value ?? node, fieldPath(key), reason, file: file, code: code)
    }

    func missing(_ key: String, also: String = "") -> ScenarioError {
        // A missing field is often a misspelt one: point at the misspelling instead.
        if let typo = pairs.first(where: { !used.contains($0.key) && YAMLFields.distance($0.key, key) <= 2 }) {
            return YAMLFields.error(typo.keyNode, fieldPath(typo.key), "is not a known field; did you mean `\(key)`?",
                                    file: file, code: "scenario.unknown")
        }
        return YAMLFields.error(node, fieldPath(key), "is required\(also.isEmpty ? "" : " (" + also + ")") but missing.",
                         file: file, code: "scenario.missing")
    }

    /// Fails on the first field that no reader asked for.
    func finish() throws(ScenarioError) {
        for p in pairs where !used.contains(p.key) {
            throw YAMLFields.error(p.keyNode, fieldPath(p.key), "is not a known field.", file: file,
                                   code: "scenario.unknown")
        }
    }

    // MARK: Scalars

    mutating func optionalString(_ key: String) throws(ScenarioError) -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.scalar?.string, !s.isEmpty else {
            throw YAMLFields.error(v, fieldPath(key), "must be non-empty text.", file: file, code: "scenario.type")
        }
        return s
    }

    mutating func string(_ key: String) throws(ScenarioError) -> String {
        guard let s = try optionalString(key) else { throw missing(key) }
        return s
    }

    mutating func optionalDouble(_ key: String, min: Double = -.infinity, max: Double = .infinity) throws(ScenarioError) -> Double? {
        guard let v = value(key) else { return nil }
        guard let text = v.scalar?.string, let d = Double(text.replacingUnderscores), d.isFinite else {
            throw YAMLFields.error(v, fieldPath(key), "must be a number.", file: file, code: "scenario.type")
        }
        guard d >= min, d <= max else {
            let range = max.isFinite ? "between \(min) and \(max)" : "at least \(min)"
            throw YAMLFields.error(v, fieldPath(key), "must be \(range), not \(text).", file: file)
        }
        return d
    }

    mutating func double(_ key: String, min: Double = -.infinity, max: Double = .infinity) throws(ScenarioError) -> Double {
        guard let d = try optionalDouble(key, min: min, max: max) else { throw missing(key) }
        return d
    }

    mutating func optionalInt(_ key: String, min: Int = .min) throws(ScenarioError) -> Int? {
        guard let v = value(key) else { return nil }
        guard let text = v.scalar?.string, let i = Int(text.replacingUnderscores) else {
            throw YAMLFields.error(v, fieldPath(key), "must be a whole number.", file: file, code: "scenario.type")
        }
        guard i >= min else { throw YAMLFields.error(v, fieldPath(key), "must be at least \(min), not \(i).", file: file) }
        return i
    }

    mutating func int(_ key: String, min: Int = .min) throws(ScenarioError) -> Int {
        guard let i = try optionalInt(key, min: min) else { throw missing(key) }
        return i
    }

    mutating func service(_ key: String) throws(ScenarioError) -> String {
        let s = try string(key)
        guard Institution.services.contains(s) else {
            throw valueError(key, "`\(s)` is not a known service id.", code: "scenario.unknown")
        }
        return s
    }

    /// An RFC 3339 instant, or a plain date meaning local midnight in Rome (`endOfDay`: the following midnight).
    mutating func optionalInstant(_ key: String, endOfDay: Bool = false) throws(ScenarioError) -> Timestamp? {
        guard let v = value(key) else { return nil }
        guard let text = v.scalar?.string else {
            throw YAMLFields.error(v, fieldPath(key), "must be an RFC 3339 time or a date.", file: file, code: "scenario.type")
        }
        if let t = Timestamp(rfc3339: text) { return t }
        if let d = YAMLFields.parseDay(text) {
            let midnight = RomeTime.instant(year: d.year, month: d.month, day: d.day)
            guard endOfDay else { return midnight }
            let next = CivilDate.civilFromDays(d.number + 1)
            return RomeTime.instant(year: next.year, month: next.month, day: next.day)
        }
        throw YAMLFields.error(v, fieldPath(key), "`\(text)` is not an RFC 3339 time with offset (or a date YYYY-MM-DD).",
                               file: file)
    }

    mutating func instant(_ key: String) throws(ScenarioError) -> Timestamp {
        guard let t = try optionalInstant(key) else { throw missing(key) }
        return t
    }

    mutating func optionalDuration(_ key: String) throws(ScenarioError) -> Timestamp.Duration? {
        guard let v = value(key) else { return nil }
        guard let text = v.scalar?.string, let d = YAMLFields.parseDuration(text) else {
            throw YAMLFields.error(v, fieldPath(key), "must be a duration such as 45m, 3h, 1h30m or 2d.", file: file)
        }
        return d
    }

    /// `start`/`from` plus `end`/`to` or `duration`; dates mean whole local days (`to` inclusive).
    mutating func window() throws(ScenarioError) -> (Timestamp, Timestamp) {
        let startKey = pairs.contains { $0.key == "from" } ? "from" : "start"
        guard let from = try optionalInstant(startKey) else { throw missing("start", also: "or `from`") }
        let endKey = pairs.contains { $0.key == "to" } ? "to" : "end"
        let to: Timestamp
        if let end = try optionalInstant(endKey, endOfDay: true) {
            to = end
        } else if let d = try optionalDuration("duration") {
            to = from.adding(d)
        } else {
            throw missing("duration", also: "or `end`/`to`")
        }
        guard to > from else { throw valueError(endKey, "the window ends before it starts.") }
        return (from, to)
    }

    // MARK: Containers

    mutating func optionalMapping(_ key: String) throws(ScenarioError) -> YAMLFields? {
        guard let v = value(key) else { return nil }
        return try YAMLFields(v, path: fieldPath(key), file: file)
    }

    mutating func mapping(_ key: String) throws(ScenarioError) -> YAMLFields {
        guard let m = try optionalMapping(key) else { throw missing(key) }
        return m
    }

    mutating func optionalSequence(_ key: String) throws(ScenarioError) -> YAMLItems? {
        guard let v = value(key) else { return nil }
        guard let seq = v.sequence else {
            throw YAMLFields.error(v, fieldPath(key), "must be a list.", file: file, code: "scenario.type")
        }
        return YAMLItems(nodes: Array(seq), path: fieldPath(key))
    }

    mutating func optionalNumbers(_ key: String) throws(ScenarioError) -> [Double]? {
        guard let items = try optionalSequence(key) else { return nil }
        let file = self.file
        return try items.map { (node, p) throws(ScenarioError) -> Double in
            guard let text = node.scalar?.string, let d = Double(text), d >= 0, d.isFinite else {
                throw YAMLFields.error(node, p, "must be a number of zero or more.", file: file, code: "scenario.type")
            }
            return d
        }
    }

    // MARK: Parsing

    /// Levenshtein distance of two short keys.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(y.count, 1) where !y.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[y.count]
    }

    static func parseDay(_ text: String) -> Scenario.Day? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(year: y, month: m)
        else { return nil }
        return Scenario.Day(year: y, month: m, day: d)
    }

    static func day(_ node: Node, path: String, file: String) throws(ScenarioError) -> Scenario.Day {
        guard let text = node.scalar?.string, let d = parseDay(text) else {
            throw error(node, path, "must be a date YYYY-MM-DD.", file: file)
        }
        return d
    }

    static func parseDuration(_ text: String) -> Timestamp.Duration? {
        var total: Int64 = 0
        var number: Int64 = 0
        var sawDigit = false
        var sawUnit = false
        for c in text.unicodeScalars where c != " " {
            if let digit = Int64(String(c)), c.isASCII {
                number = number * 10 + digit
                sawDigit = true
                continue
            }
            guard sawDigit else { return nil }
            switch c {
            case "d": total += number * 86_400_000
            case "h": total += number * 3_600_000
            case "m": total += number * 60_000
            case "s": total += number * 1_000
            default: return nil
            }
            number = 0
            sawDigit = false
            sawUnit = true
        }
        guard sawUnit, !sawDigit else { return nil }
        return Timestamp.Duration(milliseconds: total)
    }
}

/// The items of a YAML list with their field paths (`failures[2]`).
struct YAMLItems {
    let nodes: [Node]
    let path: String

    func map<T>(_ body: (Node, String) throws(ScenarioError) -> T) throws(ScenarioError) -> [T] {
        var out: [T] = []
        out.reserveCapacity(nodes.count)
        for (i, n) in nodes.enumerated() { out.append(try body(n, path + "[\(i)]")) }
        return out
    }
}

extension String {
    var replacingUnderscores: String { String(unicodeScalars.filter { $0 != "_" }.map(Character.init)) }
}
