import Foundation
import Testing
import VedettaCore
import VedettaRules

/// One folder per class of error under `Tests/Fixtures/rules/broken/<case>/`, each with the exact diagnostics
/// expected in `expected.txt` (one `file:line:column: message` per line). `VEDETTA_RECORD=1` rewrites them.
@Suite("Broken rules")
struct BrokenRulesTests {
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: RulesFixtures.broken)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test("every error class has a fixture")
    func coverage() {
        #expect(Self.cases.count >= 19, "fixtures found: \(Self.cases)")
    }

    @Test("exact diagnostics", arguments: cases)
    func diagnostics(_ name: String) throws {
        let folder = RulesFixtures.broken + "/" + name
        let expectedText = try String(contentsOfFile: folder + "/expected.txt", encoding: .utf8)
        let expected = expectedText.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        switch RulesLoader.load(directory: folder) {
        case .success:
            Issue.record("\(name): loaded without errors, expected:\n\(expectedText)")
        case let .failure(errors):
            if ProcessInfo.processInfo.environment["VEDETTA_RECORD"] == "1" {
                try (errors.description + "\n").write(toFile: folder + "/expected.txt", atomically: true, encoding: .utf8)
            }
            #expect(errors.lines == expected, "\(name) actual:\n\(errors)")
        }
    }
}
