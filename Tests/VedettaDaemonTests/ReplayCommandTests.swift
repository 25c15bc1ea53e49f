import Foundation
import Testing
import VedettaTesting

/// `vedetta replay` as a user runs it: the demo stream simulated, then replayed whole, split over two files,
/// and without the report. The feed thread must keep file and line order, so every run writes the same
/// incidents, assignments and alert files, byte for byte.
@Suite(.serialized) struct ReplayCommandTests {
    static func run(_ arguments: [String]) throws -> CommandRun {
        try CommandRun.run(Fixtures.vedettaExecutable(), arguments, in: Fixtures.repositoryRoot())
    }

    /// Alert files under `root/alerts`, by relative path.
    static func alertFiles(_ root: String) -> [String: Data] {
        let base = root + "/alerts"
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: base)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[path] = FileManager.default.contents(atPath: base + "/" + path)
        }
        return files
    }

    @Test func splitFilesAndNoReportGiveTheSameIncidentsAssignmentsAndAlerts() throws {
        let folder = Fixtures.temporaryDirectory("replay-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let simulated = try Self.run(["simulate", "--scenario", "scenarios/demo.yaml", "--out", folder + "/sim"])
        try #require(simulated.status == 0, "\(simulated.errors)")
        let events = try String(contentsOfFile: folder + "/sim/events.jsonl", encoding: .utf8)
        let lines = events.split(separator: "\n", omittingEmptySubsequences: true)
        let half = lines.count / 2
        try (lines[..<half].joined(separator: "\n") + "\n").write(toFile: folder + "/a.jsonl", atomically: true, encoding: .utf8)
        try (lines[half...].joined(separator: "\n") + "\n").write(toFile: folder + "/b.jsonl", atomically: true, encoding: .utf8)

        let whole = try Self.run(["replay", folder + "/sim/events.jsonl", "--rules", "rules", "--out", folder + "/whole",
                                  "--truth", folder + "/sim/truth.json"])
        try #require(whole.status == 0, "\(whole.errors)")
        #expect(whole.output.contains("replayed \(lines.count) events (0 rejected)"), "\(whole.output)")
        #expect(whole.output.contains("failures: 2, detected: 2"), "both demo failures are found: \(whole.output)")
        // The same truth everywhere: its planned maintenance becomes silencing notices.
        let split = try Self.run(["replay", folder + "/a.jsonl", folder + "/b.jsonl", "--rules", "rules",
                                  "--out", folder + "/split", "--truth", folder + "/sim/truth.json"])
        try #require(split.status == 0, "\(split.errors)")
        let bare = try Self.run(["replay", folder + "/sim/events.jsonl", "--rules", "rules", "--out", folder + "/bare",
                                 "--no-report", "--truth", folder + "/sim/truth.json"])
        try #require(bare.status == 0, "\(bare.errors)")

        for name in ["incidents.jsonl", "assignments.jsonl"] {
            let reference = try #require(FileManager.default.contents(atPath: folder + "/whole/" + name))
            #expect(!reference.isEmpty)
            #expect(FileManager.default.contents(atPath: folder + "/split/" + name) == reference, "\(name): split files")
            #expect(FileManager.default.contents(atPath: folder + "/bare/" + name) == reference, "\(name): --no-report")
        }
        let alerts = Self.alertFiles(folder + "/whole")
        #expect(!alerts.isEmpty, "the demo failures write alert files")
        #expect(Self.alertFiles(folder + "/split") == alerts)
        #expect(Self.alertFiles(folder + "/bare") == alerts, "alert files do not need the event store")
        #expect(FileManager.default.fileExists(atPath: folder + "/whole/report.html"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/bare/report.html"), "--no-report writes no report")
        #expect(FileManager.default.fileExists(atPath: folder + "/whole/evaluation.json"))
    }

    @Test func aMissingFileFailsNamingItAfterTheFilesBeforeIt() throws {
        let folder = Fixtures.temporaryDirectory("replay-cli-missing")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "{\"ticket\":\"T-1\",\"type\":\"opened\",\"at\":\"2026-03-02T09:00:00Z\",\"text\":\"errore 503\"}\nnot json\n"
            .write(toFile: folder + "/good.jsonl", atomically: true, encoding: .utf8)
        let result = try Self.run(["replay", folder + "/good.jsonl", folder + "/missing.jsonl", "--rules", "rules",
                                   "--out", folder + "/out"])
        #expect(result.status != 0)
        #expect(result.errors.contains("good.jsonl:2"), "the bad line is reported with file and line: \(result.errors)")
        #expect(result.errors.contains("missing.jsonl: cannot open the file"), "\(result.errors)")
    }
}
