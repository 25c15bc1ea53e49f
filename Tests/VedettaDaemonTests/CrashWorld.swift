import Foundation
import VedettaTesting

/// One state folder, its configuration, a rules folder and an SMTP server: what the mail and crash tests run
/// the real daemon against, plus the readers that turn a finished run into comparable facts.
final class CrashWorld: @unchecked Sendable {
    let state: String
    let rules: String
    let smtp: SMTPServerProcess
    let configPath: String

    /// A fresh world: rules copied from `rules/` with the per-office mail limits lifted (rate limits work on
    /// the wall clock, so a digest would depend on how fast the run went, not on the stream), and a daemon
    /// configuration with short spool, tick and checkpoint intervals pointing at a local SMTP server.
    init(label: String, checkpointSeconds: Double = 0.2) throws {
        state = Fixtures.temporaryDirectory(label)
        rules = state + "-rules"
        smtp = SMTPServerProcess(root: state + "-smtp")
        configPath = state + "-vedetta.yaml"
        try Self.copyRules(to: rules)
        let config = """
            spoolIntervalSeconds: 0.05
            spoolSettleSeconds: 0
            checkpointIntervalSeconds: \(checkpointSeconds)
            tickIntervalSeconds: 0.1
            smtp:
              host: 127.0.0.1
              port: \(smtp.port)
              tls: none
              from: "Vedetta <vedetta@istituto.example.it>"
              messageIDHost: vedetta.test

            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    static func copyRules(to folder: String) throws {
        let fm = FileManager.default
        let source = Fixtures.repositoryRoot() + "/rules"
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: source) where name.hasSuffix(".yaml") {
            var text = try String(contentsOfFile: source + "/" + name, encoding: .utf8)
            if name == "offices.yaml" {
                text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.contains("maxMailsPerHour:") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("#")
                        ? line.prefix { $0 == " " } + "maxMailsPerHour: 100000" : String(line)
                }.joined(separator: "\n")
            }
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    /// A daemon of this world (not started).
    func daemon() -> DaemonProcess {
        DaemonProcess(stateDirectory: state, extraArguments: ["--config", configPath, "--rules", rules])
    }

    // MARK: feeding

    /// Hands `lines` to the daemon as one spool file named `name` (written aside, renamed into place).
    func spool(_ lines: [String], name: String) throws {
        let incoming = state + "/spool/incoming"
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        let temporary = incoming + "/." + name + ".tmp"
        try (lines.joined(separator: "\n") + "\n").write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, incoming + "/" + name) == 0 else {
            throw DaemonProcessError(message: "rename into \(incoming) failed: errno \(errno)")
        }
    }

    /// Spool files not yet taken.
    var pendingSpoolFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: state + "/spool/incoming")) ?? [])
            .filter { $0.hasSuffix(".jsonl") }
    }

    /// Waits (polling, with a deadline) until the spool is empty, `events` are stored, the engine has consumed
    /// them all and no outbox row is pending; throws with the log otherwise.
    func waitUntilQuiet(_ daemon: DaemonProcess, events: Int, timeout: TimeInterval = 120) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            if !daemon.isRunning { throw DaemonProcessError(message: "daemon died:\n\(daemon.log)") }
            let stored = Int(try sql("SELECT count(*) FROM events").first ?? "") ?? -1
            let maxSeq = try sql("SELECT coalesce(max(seq), 0) FROM events").first ?? ""
            let pending = Int(try sql("SELECT count(*) FROM outbox WHERE state = 'pending'").first ?? "") ?? -1
            let health = (try? daemon.get("/healthz").text) ?? ""
            let consumed = health.contains("\"seq\":\(maxSeq),")
            last = "stored \(stored)/\(events), spool \(pendingSpoolFiles.count), health \(health), pending \(pending)"
            if pendingSpoolFiles.isEmpty, stored == events, consumed, pending == 0 { return }
            usleep(50_000)
        }
        throw DaemonProcessError(message: "not quiet after \(timeout) s: \(last)\n\(daemon.log)")
    }

    // MARK: reading

    /// Rows of `query` on the state's database through the sqlite3 command (tab-separated columns).
    func sql(_ query: String) throws -> [String] {
        try Self.sql(database: state + "/vedetta.db", query)
    }

    static func sql(database: String, _ query: String) throws -> [String] {
        let run = try CommandRun.run("/usr/bin/env", ["sqlite3", "-batch", "-noheader", "-separator", "\t", "-cmd",
                                                      ".timeout 5000", database, query])
        guard run.status == 0 else { throw DaemonProcessError(message: "sqlite3 \(query): \(run.errors)") }
        return run.output.split(separator: "\n").map(String.init)
    }

    /// Everything a run leaves behind that must not depend on crashes.
    struct Outcome: Equatable {
        /// Event ids in seq order.
        var events: [String]
        /// `incident_revisions` rows, each with the id of the event that caused it (not its seq: the numbering of
        /// the log may differ between runs by a gap, with the events in the same order).
        var revisions: [String]
        /// `incidents` rows.
        var incidents: [String]
        /// `incident_tickets` rows.
        var tickets: [String]
        /// `assignments` rows.
        var assignments: [String]
        /// Outbox keys with their state.
        var outbox: [String]
        /// Alert files (path under `alerts/`) and their bytes.
        var alertFiles: [String: [UInt8]]
    }

    func outcome() throws -> Outcome {
        Outcome(
            events: try sql("SELECT id FROM events ORDER BY seq"),
            revisions: try sql("SELECT r.id, r.revision, r.state, r.severity, r.service, r.at, e.id, r.body FROM incident_revisions r LEFT JOIN events e ON e.seq = r.seq ORDER BY r.id, r.revision"),
            incidents: try sql("SELECT id, revision, state, severity, service, owner, first_seen, opened_at, updated_at, resolved_at, body FROM incidents ORDER BY id"),
            tickets: try sql("SELECT incident, ticket FROM incident_tickets ORDER BY incident, ticket"),
            assignments: try sql("SELECT ticket, cluster, at FROM assignments ORDER BY ticket"),
            outbox: try sql("SELECT key, state FROM outbox ORDER BY key"),
            alertFiles: try alertFiles())
    }

    /// Files under `alerts/` (temporary dotfiles excluded) with their bytes.
    func alertFiles() throws -> [String: [UInt8]] {
        try Self.files(under: state + "/alerts").filter { !($0.key as NSString).lastPathComponent.hasPrefix(".") }
    }

    /// Temporary files (`.NAME.PID.tmp`) left behind under `folder` by writes a kill interrupted.
    func leftoverTemporaries(under folder: String) -> [String] {
        ((try? Self.files(under: folder)) ?? [:]).keys.filter {
            ($0 as NSString).lastPathComponent.hasPrefix(".") && $0.hasSuffix(".tmp")
        }.sorted()
    }

    static func files(under root: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return result }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = root + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            result[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return result
    }

    /// `(incident, revision, office)` named by a Vedetta Message-ID `<INC.REV.OFFICE@host>`.
    static func delivery(ofMessageID id: String) -> String? {
        guard id.hasPrefix("<"), let at = id.firstIndex(of: "@") else { return nil }
        return String(id[id.index(after: id.startIndex)..<at])
    }

    // MARK: streams

    /// The demo scenario's events (`vedetta simulate --scenario scenarios/demo.yaml`), one JSON line each.
    static func demoEvents() throws -> [String] {
        let out = Fixtures.temporaryDirectory("demo-stream")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.vedettaExecutable())
        process.arguments = ["simulate", "--scenario", Fixtures.repositoryRoot() + "/scenarios/demo.yaml", "--out", out]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DaemonProcessError(message: "vedetta simulate failed") }
        return try String(contentsOfFile: out + "/events.jsonl", encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// `vedetta report` over this state folder; returns the bytes written.
    func report(from: String, to: String, format: String) throws -> [UInt8] {
        let out = state + "-report." + format
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.vedettaExecutable())
        process.arguments = ["report", "--state-dir", state, "--rules", rules, "--from", from, "--to", to,
                             "--format", format, "--out", out]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DaemonProcessError(message: "vedetta report failed: \(String(decoding: message, as: UTF8.self))")
        }
        return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
    }
}
