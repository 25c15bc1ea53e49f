import Foundation
import Testing
import VedettaTesting

/// The test folders' cleanup: a test process that crashed never ran its exit handler, so the next run removes
/// what it left (session 17 found three such folders after a stale build crashed inside `RebuildTests`).
@Suite struct FixturesTests {
    @Test func foldersOfProcessesThatAreGoneAreRemovedAndLiveOnesStay() throws {
        // A process that has exited: its pid names no process any more (until the kernel reuses it, which a
        // just-exited pid is not within this test).
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = NSTemporaryDirectory() + "vedetta-tests-\(gone.processIdentifier)"
        // pid 1 always exists; a name that is not a pid is not ours to judge.
        let live = NSTemporaryDirectory() + "vedetta-tests-1"
        let other = NSTemporaryDirectory() + "vedetta-tests-not-a-pid-\(getpid())"
        for folder in [dead, live, other] {
            try FileManager.default.createDirectory(atPath: folder + "/leftover", withIntermediateDirectories: true)
        }
        defer { for folder in [dead, live, other] { try? FileManager.default.removeItem(atPath: folder) } }

        Fixtures.removeFoldersOfDeadProcesses()

        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live + "/leftover"))
        #expect(FileManager.default.fileExists(atPath: other + "/leftover"))
    }
}
