import Foundation

/// Runs the real `vedetta serve` binary for end-to-end tests: a free port, a token, a state folder, stderr
/// captured to a file; stop with a signal and wait with a deadline.
public final class DaemonProcess: @unchecked Sendable {
    /// State folder.
    public let stateDirectory: String
    /// Port it listens on.
    public let port: Int
    /// The token.
    public let token: String
    /// The token file.
    public let tokenFile: String
    /// Log file (stderr).
    public let logFile: String
    let process = Process()
    let extraArguments: [String]
    let environment: [String: String]

    /// Prepares (does not start) a daemon.
    public init(stateDirectory: String, extraArguments: [String] = [], environment: [String: String] = [:]) {
        self.stateDirectory = stateDirectory
        self.port = DaemonProcess.freePort()
        self.token = "test-token-" + UUID().uuidString
        self.tokenFile = stateDirectory + "/test.token"
        self.logFile = stateDirectory + "/daemon-\(UUID().uuidString.prefix(6)).log"
        self.extraArguments = extraArguments
        self.environment = environment
        try? FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: tokenFile, contents: Data((token + "\n").utf8))
    }

    /// Starts the daemon and waits until `/healthz` says ready (or throws after `timeout`).
    public func start(timeout: TimeInterval = 30) throws {
        try launch()
        try waitUntilReady(timeout: timeout)
    }

    /// Starts the process without waiting for it to be ready (a crash test may kill it during start-up).
    public func launch() throws {
        process.executableURL = URL(fileURLWithPath: Fixtures.vedettaExecutable())
        let rules = extraArguments.contains("--rules") ? [] : ["--rules", Fixtures.repositoryRoot() + "/rules"]
        process.arguments = ["serve", "--state-dir", stateDirectory, "--listen", "127.0.0.1:\(port)",
                             "--token-file", tokenFile] + rules + extraArguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        FileManager.default.createFile(atPath: logFile, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logFile)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    /// Waits until `/healthz` says ready (or throws after `timeout`, or when the process exits).
    public func waitUntilReady(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning { throw DaemonProcessError(message: "daemon exited early:\n\(log)") }
            if let response = try? get("/healthz"), response.status == 200 { return }
            usleep(50_000)
        }
        throw DaemonProcessError(message: "daemon not ready after \(timeout) s:\n\(log)")
    }

    /// GET `path`.
    public func get(_ path: String, authorized: Bool = false) throws -> HTTPTestClient.Response {
        try HTTPTestClient.request(port: port, method: "GET", path: path,
                                   headers: authorized ? ["Authorization": "Bearer \(token)"] : [:])
    }

    /// POST events.
    public func post(_ body: String, token: String? = nil, path: String = "/v1/events") throws -> HTTPTestClient.Response {
        var headers = ["Content-Type": "application/x-ndjson"]
        if let token = token ?? Optional(self.token), !token.isEmpty { headers["Authorization"] = "Bearer \(token)" }
        return try HTTPTestClient.request(port: port, method: "POST", path: path, headers: headers, body: Array(body.utf8))
    }

    /// Sends `signal` and waits for exit; returns the exit status, or nil when it did not exit within `timeout`.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 10) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { return nil }
        return process.terminationStatus
    }

    /// Process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether it is running.
    public var isRunning: Bool { process.isRunning }

    /// Captured stderr.
    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// A TCP port that was free a moment ago.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// A daemon harness failure with its log.
public struct DaemonProcessError: Error, CustomStringConvertible {
    /// What happened.
    public var message: String
    public var description: String { message }

    /// A failure saying `message`.
    public init(message: String) {
        self.message = message
    }
}
