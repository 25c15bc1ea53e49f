/// Why one input line (or CSV record) was rejected: names the source, the line, the field and the reason.
public struct EventParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file name or `http` / `cli`.
    public var source: String
    /// 1-based line number of the line or of the CSV record's first line.
    public var line: Int
    /// The field at fault, when one is.
    public var field: String?
    /// What was wrong, as a sentence.
    public var reason: String

    /// Creates an error.
    public init(source: String, line: Int, field: String?, reason: String) {
        self.source = source
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `source:line: field 'x': reason`.
    public var description: String {
        if let field { return "\(source):\(line): field '\(field)': \(reason)" }
        return "\(source):\(line): \(reason)"
    }
}
