import Foundation
import Testing
import VedettaTesting

/// Compares bytes with a golden file under `Tests/Fixtures/golden/alerts/`; `VEDETTA_RECORD_GOLDEN=1`
/// re-records it.
enum GoldenFile {
    static let folder = Fixtures.path("golden/alerts")

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = folder + "/" + name
        let bytes = Array(text.utf8)
        if ProcessInfo.processInfo.environment["VEDETTA_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        guard let golden = FileManager.default.contents(atPath: path) else {
            Issue.record("golden file \(name) is missing; VEDETTA_RECORD_GOLDEN=1 records it", sourceLocation: sourceLocation)
            return
        }
        #expect(bytes == Array(golden), "differs from \(name); VEDETTA_RECORD_GOLDEN=1 re-records it",
                sourceLocation: sourceLocation)
    }
}
