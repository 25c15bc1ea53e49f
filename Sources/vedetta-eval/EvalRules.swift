import VedettaCore
import VedettaRules

/// The rules folder an evaluation runs with.
enum EvalRules {
    /// Loads `directory`; every rule error becomes one `EvalError` listing them.
    static func load(_ directory: String) throws -> RuleSet {
        switch RulesLoader.load(directory: directory) {
        case .success(let rules): return rules
        case .failure(let errors): throw EvalError("rules: " + errors.lines.joined(separator: "; "))
        }
    }
}
