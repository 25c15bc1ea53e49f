import Foundation

/// A real SMTP server for daemon tests: `Tests/Fixtures/smtp/smtp_sink.py` (aiosmtpd) in a child process, on a
/// fixed port so that it can be stopped and started again where the daemon's configuration points.
///
/// Every start writes into its own sub-folder of `root` (`run-1`, `run-2`, …): the sink numbers messages from 1
/// in each process, so a shared folder would overwrite earlier mails. `ReceivedMail.all(in:)` reads them all.
public final class SMTPServerProcess: @unchecked Sendable {
    /// Port the server listens on (stays the same across restarts).
    public let port: Int
    /// Folder holding one sub-folder per start.
    public let root: String
    private var process: Process?
    private var input: Pipe?
    private var runs = 0

    /// Whether python3 can import aiosmtpd.
    public static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import aiosmtpd"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// On CI the tests must run (a missing aiosmtpd is a failure there); elsewhere they are skipped without it.
    public static let shouldRun = isAvailable || ProcessInfo.processInfo.environment["CI"] != nil

    /// Prepares (does not start) a server on `port` (a free one when nil) writing under `root`.
    public init(root: String, port: Int? = nil) {
        self.root = root
        self.port = port ?? DaemonProcess.freePort()
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Starts the server and waits for its READY line (or throws after `timeout`).
    public func start(timeout: TimeInterval = 20) throws {
        precondition(process == nil, "already running")
        runs += 1
        let out = root + "/run-\(runs)"
        let deadline = Date().addingTimeInterval(timeout)
        // The port of a server just stopped may still be held for a moment: retry until the deadline.
        while true {
            let (process, input, line) = try Self.launch(["--port", String(port), "--out", out, "--timeout", "1800"])
            if line.hasPrefix("READY ") {
                self.process = process
                self.input = input
                return
            }
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            if Date() >= deadline {
                throw DaemonProcessError(message: "smtp_sink.py did not start on port \(port): \(line)")
            }
            usleep(100_000)
        }
    }

    /// Starts `Tests/Fixtures/smtp/smtp_sink.py` with `arguments` and waits for the first line it writes
    /// (`READY port=… …`, or nothing when it exits first). Closing `input` stops the sink.
    public static func launch(_ arguments: [String]) throws -> (process: Process, input: Pipe, line: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.path("smtp/smtp_sink.py")] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, input, firstLine(output.fileHandleForReading))
    }

    /// Stops the server (its received mails stay in `root`).
    public func stop() {
        guard let process else { return }
        try? input?.fileHandleForWriting.close()
        process.waitUntilExit()
        self.process = nil
        self.input = nil
    }

    /// Whether it is running.
    public var isRunning: Bool { process?.isRunning ?? false }

    /// Every mail received by every start of this server, in (start, arrival) order.
    public func received() throws -> [ReceivedMail] { try ReceivedMail.all(in: root) }

    /// Blocking read of the first line the child writes (empty when it exits first).
    private static func firstLine(_ handle: FileHandle) -> String {
        var buffer = Data()
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            buffer.append(data)
            if buffer.contains(0x0A) { break }
        }
        let line = buffer.split(separator: 0x0A, omittingEmptySubsequences: false).first ?? Data()
        return String(decoding: line, as: UTF8.self)
    }

    deinit {
        if let process, process.isRunning {
            try? input?.fileHandleForWriting.close()
            kill(process.processIdentifier, SIGKILL)
        }
    }
}
