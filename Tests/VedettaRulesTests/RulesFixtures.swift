import Foundation
import VedettaCore
import VedettaRules

/// Paths of the repository, the shipped rules and the fixtures, found from this file.
enum RulesFixtures {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let shippedRules = repositoryRoot + "/rules"
    static let broken = repositoryRoot + "/Tests/Fixtures/rules/broken"

    static let shippedResult = RulesLoader.load(directory: shippedRules)

    /// The shipped rules; throws (failing the calling test) when they do not load.
    static func shipped() throws -> RuleSet { try shippedResult.get() }

    /// An RFC 3339 time that must parse.
    static func t(_ text: String) -> Timestamp {
        guard let t = Timestamp(rfc3339: text) else { fatalError("bad time in test: \(text)") }
        return t
    }
}
