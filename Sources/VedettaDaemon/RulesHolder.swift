import Foundation
import Logging
import Synchronization
import VedettaCore
import VedettaRules

/// The rules in force, swapped whole on reload: everything is built and validated first, and a rules folder
/// with any error leaves the previous rules in place (the Alertmanager reloader's manner).
public final class RulesHolder: Sendable {
    private let state: Mutex<(rules: RuleSet, version: Int, stamp: String)>
    /// The rules folder.
    public let directory: String

    /// Loads `directory`; throws with every error (`file:line:column: message`) when it is invalid.
    public init(directory: String) throws {
        self.directory = directory
        switch RulesLoader.load(directory: directory) {
        case .success(let rules):
            state = Mutex((rules, 1, RulesHolder.stamp(directory)))
        case .failure(let errors):
            throw ConfigurationError(message: "invalid rules in \(directory):\n"
                + errors.lines.map { "  " + directory + "/" + $0 }.joined(separator: "\n"))
        }
    }

    /// Rules given directly (tests).
    public init(rules: RuleSet) {
        directory = ""
        state = Mutex((rules, 1, ""))
    }

    /// The current rules and their version (bumped on every successful reload).
    public var current: (rules: RuleSet, version: Int) { state.withLock { ($0.rules, $0.version) } }

    /// Reloads; returns false and keeps the old rules when the folder has errors (which are thrown).
    @discardableResult
    public func reload() throws -> Bool {
        guard !directory.isEmpty else { return false }
        let stamp = RulesHolder.stamp(directory)
        switch RulesLoader.load(directory: directory) {
        case .success(let rules):
            state.withLock { $0 = (rules, $0.version + 1, stamp) }
            return true
        case .failure(let errors):
            state.withLock { $0.stamp = stamp }  // do not retry the same broken files every poll
            throw ConfigurationError(message: "invalid rules in \(directory), keeping the previous ones:\n"
                + errors.lines.map { "  " + directory + "/" + $0 }.joined(separator: "\n"))
        }
    }

    /// Whether the files changed since the last load (size and modification time of each rules file).
    public var changedOnDisk: Bool {
        guard !directory.isEmpty else { return false }
        let now = RulesHolder.stamp(directory)
        return state.withLock { $0.stamp != now }
    }

    static func stamp(_ directory: String) -> String {
        RulesLoader.fileNames.map { name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name):\(size):\(modified)"
        }.joined(separator: ";")
    }
}
