/// One condition of a route: `label = value`, `label != value`, `label =~ pattern`, `label !~ pattern`.
public struct LabelMatcher: Hashable, Sendable, CustomStringConvertible {
    /// The comparison.
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        /// Equal.
        case equal = "="
        /// Not equal.
        case notEqual = "!="
        /// Matches the (fully anchored) pattern.
        case matches = "=~"
        /// Does not match the pattern.
        case notMatches = "!~"
    }

    /// Which label.
    public var label: RouteLabel
    /// How to compare.
    public var op: Operator
    /// The value or the pattern source, as written.
    public var value: String
    /// The compiled pattern for `=~` and `!~`.
    public let pattern: LabelPattern?

    /// Creates a matcher; returns an error sentence when the pattern does not compile.
    public static func make(label: RouteLabel, op: Operator, value: String) -> Result<LabelMatcher, LabelPattern.SyntaxError> {
        switch op {
        case .equal, .notEqual:
            return .success(LabelMatcher(label: label, op: op, value: value, pattern: nil))
        case .matches, .notMatches:
            switch LabelPattern.compile(value) {
            case let .success(p): return .success(LabelMatcher(label: label, op: op, value: value, pattern: p))
            case let .failure(e): return .failure(e)
            }
        }
    }

    private init(label: RouteLabel, op: Operator, value: String, pattern: LabelPattern?) {
        self.label = label
        self.op = op
        self.value = value
        self.pattern = pattern
    }

    /// Parses `service =~ durc-online|autoliquidazione` (spaces around the operator optional); nil when the
    /// text has no known label and operator. Pattern errors come back as `.failure`.
    public static func parse(_ text: String) -> Result<LabelMatcher, LabelPattern.SyntaxError>? {
        let chars = Array(text)
        // The operator is the first of `!=`, `=~`, `!~`, `=` after the label name.
        var i = 0
        while i < chars.count, chars[i].isLetter { i += 1 }
        let name = String(chars[0..<i])
        while i < chars.count, chars[i] == " " { i += 1 }
        let rest = String(chars[i...])
        guard let label = RouteLabel(rawValue: name) else { return nil }
        for op in [Operator.notEqual, .matches, .notMatches, .equal] where rest.hasPrefix(op.rawValue) {
            var value = Substring(rest.dropFirst(op.rawValue.count))
            while value.first == " " { value = value.dropFirst() }
            while value.last == " " { value = value.dropLast() }
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            return make(label: label, op: op, value: String(value))
        }
        return nil
    }

    /// Whether `labels` satisfy this condition.
    public func matches(_ labels: RouteLabels) -> Bool { matches(value: labels[label]) }

    /// Whether a label value satisfies this condition.
    public func matches(value candidate: String) -> Bool {
        switch op {
        case .equal: candidate == value
        case .notEqual: candidate != value
        case .matches: pattern?.matches(candidate) ?? false
        case .notMatches: !(pattern?.matches(candidate) ?? false)
        }
    }

    /// `label op value`, as in the rules.
    public var description: String { label.rawValue + " " + op.rawValue + " " + value }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.label == rhs.label && lhs.op == rhs.op && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(label)
        hasher.combine(op)
        hasher.combine(value)
    }
}
