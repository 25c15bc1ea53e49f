/// One problem in `rules/`, printed `file:line:column: message` like a compiler diagnostic.
public struct RuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// A file could not be read, or a required file is missing.
        case io
        /// Not valid YAML (or not UTF-8).
        case syntax
        /// A value of the wrong type (a list where a string was expected, a word where a number was).
        case type
        /// A required key is absent.
        case missingKey
        /// A key the format does not have (a typo, usually).
        case unknownKey
        /// Two items share an id.
        case duplicateID
        /// A reference to an office or service that does not exist.
        case unknownReference
        /// A `dependsOn` cycle.
        case cycle
        /// Two notices of the same kind cover the same service at the same time.
        case overlap
        /// A route that no incident can reach.
        case unreachableRoute
        /// A time zone this build does not know.
        case invalidTimeZone
        /// A range that ends before it starts.
        case invalidRange
        /// A duration not in the `15m` / `1h` / `2d` syntax.
        case invalidDuration
        /// A matcher pattern that does not compile.
        case invalidPattern
        /// A value outside its allowed set or range.
        case invalidValue
    }

    /// Class of problem.
    public var code: Code
    /// File name inside the rules folder, e.g. `services.yaml`.
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1, counted in Unicode scalars.
    public var column: Int
    /// One sentence naming the item and the problem.
    public var message: String

    /// Creates an error.
    public init(code: Code, file: String, line: Int, column: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
