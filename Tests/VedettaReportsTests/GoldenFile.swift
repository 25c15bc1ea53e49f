import Foundation
import Testing
import VedettaTesting

/// Compares output with `Tests/Fixtures/golden/reports/NAME`; `VEDETTA_RECORD_GOLDEN=1` rewrites the file.
enum GoldenFile {
    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = Fixtures.path("golden/reports/" + name)
        if ProcessInfo.processInfo.environment["VEDETTA_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) },
                                    "missing golden file \(path); run with VEDETTA_RECORD_GOLDEN=1",
                                    sourceLocation: sourceLocation)
        if expected != actual {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("\(name) differs at line \(line + 1):\n expected: \(line < a.count ? String(a[line]) : "<end>")\n   actual: \(line < b.count ? String(b[line]) : "<end>")",
                         sourceLocation: sourceLocation)
        }
    }
}
