/// A scenario file that cannot be used: names the file, line, column and field, with an exact reason.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable code: `scenario.syntax`, `scenario.missing`, `scenario.type`, `scenario.value`, `scenario.unknown`.
    public var code: String
    /// File name as given to the loader.
    public var file: String
    /// 1-based line (0 when unknown).
    public var line: Int
    /// 1-based column (0 when unknown).
    public var column: Int
    /// Field path, e.g. `failures[2].rate`.
    public var field: String
    /// What is wrong, as a sentence.
    public var reason: String

    /// An error.
    public init(code: String, file: String, line: Int, column: Int, field: String, reason: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
    }

    /// `file:line:column: field: reason (code)`.
    public var description: String {
        "\(file):\(line):\(column): \(field.isEmpty ? "" : "field `\(field)`: ")\(reason) (\(code))"
    }
}
