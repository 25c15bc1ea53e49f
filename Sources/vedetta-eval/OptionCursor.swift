/// Walks a command's arguments in order: flags, `--option value` pairs and positional arguments, with errors
/// that name the option and what it needs (the commands of vedetta-eval are too small for an argument parser).
struct OptionCursor {
    private let arguments: [String]
    private var index = 0
    /// The option or argument read last (what a value belongs to).
    private(set) var current = ""

    /// A cursor before the first argument.
    init(_ arguments: [String]) { self.arguments = arguments }

    /// The next argument (an option, a flag or a positional argument), or nil after the last.
    mutating func next() -> String? {
        guard index < arguments.count else { return nil }
        current = arguments[index]
        index += 1
        return current
    }

    /// The value of the current option; `what` says what it should be ("a folder").
    mutating func value(_ what: String = "a value") throws -> String {
        guard index < arguments.count else { throw EvalError("option \(current) needs \(what)") }
        index += 1
        return arguments[index - 1]
    }

    /// The current option's value as an integer of at least `minimum`.
    mutating func int(atLeast minimum: Int = 1) throws -> Int {
        let option = current
        let text = try value("an integer of at least \(minimum)")
        guard let n = Int(text), n >= minimum else { throw EvalError("option \(option) needs an integer of at least \(minimum), not '\(text)'") }
        return n
    }

    /// The current option's value as a number.
    mutating func float() throws -> Float {
        let option = current
        let text = try value("a number")
        guard let f = Float(text) else { throw EvalError("option \(option) needs a number, not '\(text)'") }
        return f
    }

    /// The current option's value as a comma-separated list of unsigned integers (`1,2,3`).
    mutating func uint64List() throws -> [UInt64] {
        let option = current
        return try value("a list such as 1,2,3").split(separator: ",").map {
            guard let n = UInt64($0) else { throw EvalError("option \(option): '\($0)' is not an integer") }
            return n
        }
    }

    /// The current option's value, one of `choices`.
    mutating func choice(_ choices: [String]) throws -> String {
        let option = current
        let text = try value(choices.joined(separator: " or "))
        guard choices.contains(text) else { throw EvalError("option \(option) needs \(choices.joined(separator: " or ")), not '\(text)'") }
        return text
    }

    /// The error for an argument the command does not know.
    func unknown(usage: String) -> EvalError { EvalError("unknown argument '\(current)'; usage: \(usage)") }
}
