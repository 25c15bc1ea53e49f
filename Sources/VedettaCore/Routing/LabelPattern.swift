/// A small, fully anchored regular expression for route matchers (no Foundation in the core).
///
/// Supported: literal characters, `.`, classes `[a-z]` / `[^0-9]`, `\d` `\w` `\s` and escaped literals,
/// groups `( )`, alternation `|`, and the quantifiers `*`, `+`, `?`. Like Alertmanager, the pattern must match
/// the whole value: `durc.*` matches `durc-online`, `durc` does not.
public struct LabelPattern: Hashable, Sendable, CustomStringConvertible {
    /// Why a pattern does not compile; `message` is a sentence fragment such as "missing `)`".
    public struct SyntaxError: Error, Hashable, Sendable {
        /// The problem.
        public var message: String
        /// Zero-based character offset in the pattern.
        public var offset: Int
    }

    indirect enum Node: Hashable, Sendable {
        case char(Character)
        case any
        case set(ranges: [ClosedRange<Character>], negated: Bool)
        case concat([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?)
    }

    /// The source text.
    public let source: String
    let root: Node

    /// Compiles `source`.
    public static func compile(_ source: String) -> Result<LabelPattern, SyntaxError> {
        var parser = Parser(chars: Array(source))
        do {
            let node = try parser.parseAlternation()
            if parser.index < parser.chars.count {
                // Only an unmatched `)` stops the top-level alternation early.
                throw SyntaxError(message: "unmatched `)`", offset: parser.index)
            }
            return .success(LabelPattern(source: source, root: node))
        } catch let error as SyntaxError {
            return .failure(error)
        } catch {
            return .failure(SyntaxError(message: "invalid pattern", offset: 0))
        }
    }

    /// Whether the whole of `value` matches.
    public func matches(_ value: String) -> Bool {
        let chars = Array(value)
        return LabelPattern.match(root, chars, 0) { $0 == chars.count }
    }

    /// The source.
    public var description: String { source }

    public static func == (lhs: LabelPattern, rhs: LabelPattern) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// Backtracking matcher in continuation-passing style; label values are short, so its worst case does not
    /// matter, and it needs no state between calls.
    static func match(_ node: Node, _ s: [Character], _ i: Int, _ k: (Int) -> Bool) -> Bool {
        switch node {
        case let .char(c):
            return i < s.count && s[i] == c && k(i + 1)
        case .any:
            return i < s.count && k(i + 1)
        case let .set(ranges, negated):
            guard i < s.count else { return false }
            let inSet = ranges.contains { $0.contains(s[i]) }
            return inSet != negated && k(i + 1)
        case let .concat(nodes):
            return matchSequence(nodes[...], s, i, k)
        case let .alternation(options):
            return options.contains { match($0, s, i, k) }
        case let .repetition(inner, min, max):
            return matchRepeat(inner, min: min, max: max, count: 0, s, i, k)
        }
    }

    static func matchSequence(_ nodes: ArraySlice<Node>, _ s: [Character], _ i: Int, _ k: (Int) -> Bool) -> Bool {
        guard let first = nodes.first else { return k(i) }
        return match(first, s, i) { matchSequence(nodes.dropFirst(), s, $0, k) }
    }

    static func matchRepeat(
        _ inner: Node, min: Int, max: Int?, count: Int, _ s: [Character], _ i: Int, _ k: (Int) -> Bool
    ) -> Bool {
        // Greedy: try one more repetition first; an iteration that consumes nothing ends the loop.
        if max.map({ count < $0 }) ?? true {
            let more = match(inner, s, i) { j in
                j > i && matchRepeat(inner, min: min, max: max, count: count + 1, s, j, k)
            }
            if more { return true }
        }
        return count >= min && k(i)
    }

    struct Parser {
        let chars: [Character]
        var index = 0

        mutating func parseAlternation() throws -> Node {
            var options = [try parseConcat()]
            while index < chars.count, chars[index] == "|" {
                index += 1
                options.append(try parseConcat())
            }
            return options.count == 1 ? options[0] : .alternation(options)
        }

        mutating func parseConcat() throws -> Node {
            var items: [Node] = []
            while index < chars.count, chars[index] != "|", chars[index] != ")" {
                var atom = try parseAtom()
                while index < chars.count, "*+?".contains(chars[index]) {
                    if case .repetition = atom {
                        throw SyntaxError(message: "repeated quantifier `\(chars[index])`", offset: index)
                    }
                    switch chars[index] {
                    case "*": atom = .repetition(atom, min: 0, max: nil)
                    case "+": atom = .repetition(atom, min: 1, max: nil)
                    default: atom = .repetition(atom, min: 0, max: 1)
                    }
                    index += 1
                }
                items.append(atom)
            }
            return items.count == 1 ? items[0] : .concat(items)
        }

        mutating func parseAtom() throws -> Node {
            let c = chars[index]
            let start = index
            index += 1
            switch c {
            case ".":
                return .any
            case "*", "+", "?":
                throw SyntaxError(message: "quantifier `\(c)` with nothing to repeat", offset: start)
            case "(":
                // `(?:…)` is common in Alertmanager configs; it means a plain group here.
                if index + 1 < chars.count, chars[index] == "?", chars[index + 1] == ":" { index += 2 }
                let inner = try parseAlternation()
                guard index < chars.count, chars[index] == ")" else {
                    throw SyntaxError(message: "missing `)`", offset: start)
                }
                index += 1
                return inner
            case "[":
                return try parseClass(start: start)
            case "\\":
                return try parseEscape(start: start)
            case "{", "}":
                throw SyntaxError(message: "counted repetition `{…}` is not supported", offset: start)
            default:
                return .char(c)
            }
        }

        mutating func parseEscape(start: Int) throws -> Node {
            guard index < chars.count else { throw SyntaxError(message: "trailing `\\`", offset: start) }
            let e = chars[index]
            index += 1
            switch e {
            case "d": return .set(ranges: ["0"..."9"], negated: false)
            case "w": return .set(ranges: ["a"..."z", "A"..."Z", "0"..."9", "_"..."_"], negated: false)
            case "s": return .set(ranges: [" "..." ", "\t"..."\t"], negated: false)
            default:
                guard !e.isLetter && !e.isNumber else {
                    throw SyntaxError(message: "unknown escape `\\\(e)`", offset: start)
                }
                return .char(e)
            }
        }

        mutating func parseClass(start: Int) throws -> Node {
            var negated = false
            if index < chars.count, chars[index] == "^" {
                negated = true
                index += 1
            }
            var ranges: [ClosedRange<Character>] = []
            var first = true
            while index < chars.count, chars[index] != "]" || first {
                first = false
                var lo = chars[index]
                index += 1
                if lo == "\\" {
                    guard index < chars.count else { break }
                    lo = chars[index]
                    index += 1
                }
                if index + 1 < chars.count, chars[index] == "-", chars[index + 1] != "]" {
                    let hi = chars[index + 1]
                    guard lo <= hi else {
                        throw SyntaxError(message: "inverted range `\(lo)-\(hi)`", offset: index - 1)
                    }
                    ranges.append(lo...hi)
                    index += 2
                } else {
                    ranges.append(lo...lo)
                }
            }
            guard index < chars.count else { throw SyntaxError(message: "missing `]`", offset: start) }
            index += 1
            return .set(ranges: ranges, negated: negated)
        }
    }
}
