/// Every problem found while loading `rules/`, in file order (offices, services, routes, notices, calendar),
/// then by position.
public struct RulesErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems; never empty when returned by the loader.
    public var errors: [RuleError]

    /// Wraps `errors`.
    public init(errors: [RuleError]) { self.errors = errors }

    /// One `file:line:column: message` line per problem.
    public var lines: [String] { errors.map(\.description) }

    /// The lines joined by newlines.
    public var description: String { lines.joined(separator: "\n") }
}
