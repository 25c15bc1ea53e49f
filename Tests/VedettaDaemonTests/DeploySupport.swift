import Foundation
import VedettaTesting

/// Runs tools (systemd-analyze, dpkg, sqlite3, mount) for the deployment and failure-mode tests.
enum DeploySupport {
    /// Output and exit status of a finished command.
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs `arguments[0]` (looked up on PATH) with the rest as arguments; stdout and stderr together.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Whether `tool` is on PATH.
    static func has(_ tool: String) -> Bool {
        (try? run(["sh", "-c", "command -v \(tool)"]).status) == 0
    }

    /// Whether this process may mount file systems (root with CAP_SYS_ADMIN, not in a locked-down container).
    static var canMount: Bool {
        let probe = Fixtures.temporaryDirectory("mount-probe")
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard (try? run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]).status) == 0 else { return false }
        _ = try? run(["umount", probe])
        return true
    }

    /// NDJSON events with ids `prefix-i`.
    static func events(_ range: Range<Int>, prefix: String = "F", text: String = "non riesco a scaricare il DURC, errore 503") -> String {
        range.map { i in
            "{\"id\":\"\(prefix)-\(i)\",\"ticket\":\"BO-\(i)\",\"type\":\"opened\",\"at\":\"2026-03-02T09:15:00+01:00\","
                + "\"service\":\"durc-online\",\"requester\":\"r-\(i % 97)\",\"text\":\"\(text) \(i)\"}"
        }.joined(separator: "\n") + "\n"
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes.
    static func wait(timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }
}
