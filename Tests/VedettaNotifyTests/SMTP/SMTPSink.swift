import Foundation
import VedettaTesting

/// A real SMTP server for tests: `Tests/Fixtures/smtp/smtp_sink.py` (aiosmtpd) in a child process.
///
/// Started per test on a free port; the test reads what the server received from its folder. Closing the
/// child's standard input stops it, and it stops by itself after two minutes should a test crash.
final class SMTPSink: @unchecked Sendable {
    /// What the server offers and demands.
    struct Options {
        /// `(user, password)` required through AUTH PLAIN or LOGIN.
        var auth: (user: String, password: String)?
        /// Offer AUTH before STARTTLS (aiosmtpd refuses it in clear text otherwise).
        var authOverCleartext = false
        /// Offer STARTTLS with a self-signed certificate for localhost and 127.0.0.1.
        var startTLS = false
        /// TLS from the first byte (SMTPS), same kind of certificate.
        var implicitTLS = false
        /// Refuse MAIL before STARTTLS.
        var requireStartTLS = false
        /// Answer 451 after DATA to the first N messages.
        var failFirst = 0
    }

    /// The envelope and the parse that the sink writes beside each message.
    struct Envelope: Decodable {
        var mailFrom: String
        var mailOptions: [String]
        var rcptTos: [String]
        var tls: Bool
        var authenticated: Bool
        var login: String?
        var heloName: String?
        var parsed: Parsed
    }

    /// The message as Python's `email` package (policy.default) understands it.
    struct Parsed: Decodable {
        struct Mailbox: Decodable, Equatable {
            var name: String
            var address: String
        }
        var subject: String?
        var from: [Mailbox]
        var to: [Mailbox]
        var cc: [Mailbox]
        var messageID: String?
        var inReplyTo: String?
        var references: String?
        var date: String?
        var contentType: String
        var text: String?
        var html: String?
        var defects: [String]
        var maxLineLength: Int
        var bareLineFeeds: Int
        var eightBit: Bool
    }

    /// One received message.
    struct Received {
        var raw: [UInt8]
        var envelope: Envelope
    }

    /// Whether python3 with aiosmtpd and openssl are installed.
    static let isAvailable = SMTPServerProcess.isAvailable && run("/usr/bin/env", ["openssl", "version"])

    /// On CI the tests must run (a missing aiosmtpd is a failure there); elsewhere they are skipped without it.
    static let shouldRun = isAvailable || ProcessInfo.processInfo.environment["CI"] != nil

    let port: Int
    let folder: URL
    /// The PEM certificate to trust, when STARTTLS is offered.
    let certificate: String?
    private let process: Process
    private let input: Pipe

    private init(port: Int, folder: URL, certificate: String?, process: Process, input: Pipe) {
        self.port = port
        self.folder = folder
        self.certificate = certificate
        self.process = process
        self.input = input
    }

    /// Starts a sink and waits for its READY line.
    static func start(_ options: Options = Options()) async throws -> SMTPSink {
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "vedetta-smtp-\(ProcessInfo.processInfo.globallyUniqueString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = ["--out", folder.appending(path: "received").path, "--timeout", "120"]
        if let auth = options.auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
        if options.authOverCleartext { arguments.append("--auth-over-cleartext") }
        if options.startTLS { arguments += ["--starttls", folder.appending(path: "tls").path] }
        if options.implicitTLS { arguments += ["--implicit-tls", folder.appending(path: "tls").path] }
        if options.requireStartTLS { arguments.append("--require-starttls") }
        if options.failFirst > 0 { arguments += ["--fail-first", String(options.failFirst)] }

        let (process, input, line) = try SMTPServerProcess.launch(arguments)
        guard line.hasPrefix("READY "), let port = field("port", in: line).flatMap(Int.init) else {
            try? input.fileHandleForWriting.close()
            throw SinkError(message: "smtp_sink.py did not start: \(line)")
        }
        return SMTPSink(port: port, folder: folder, certificate: field("cert", in: line), process: process, input: input)
    }

    /// Stops the server and removes its folder.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The messages received so far, in arrival order.
    func received() throws -> [Received] {
        let dir = folder.appending(path: "received")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let raw = try Data(contentsOf: dir.appending(path: name))
            let sidecar = try Data(contentsOf: dir.appending(path: String(name.dropLast(4)) + ".json"))
            return Received(raw: Array(raw), envelope: try JSONDecoder().decode(Envelope.self, from: sidecar))
        }
    }

    private static func field(_ name: String, in line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    private static func run(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(filePath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }

    struct SinkError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
