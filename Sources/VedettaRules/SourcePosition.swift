import Yams

/// A line and column in a rules file (1-based; columns in Unicode scalars, as libyaml counts them).
struct SourcePosition: Hashable, Sendable, Comparable {
    var line: Int
    var column: Int

    static let start = SourcePosition(line: 1, column: 1)

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ node: Node?) {
        if let mark = node?.mark {
            self.init(line: mark.line, column: mark.column)
        } else {
            self = .start
        }
    }

    static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
