import ArgumentParser
import Foundation
import Logging
import VedettaCore
import VedettaDaemon
import VedettaIngest
import VedettaSimulator
import VedettaStore
import GRDB

/// `vedetta demo`: the daemon on its embedded default with demo events it generates itself.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the daemon on a local SQLite state folder with a simulated stream, and show what it found.",
        discussion: """
            Simulates scenarios/demo.yaml (three working days, two injected failures), hands the events to the \
            daemon through its spool folder, waits until they are stored, correlated and the alerts delivered, \
            prints the incidents, the alert files and the evaluation against the simulator's ground truth, then \
            keeps serving (web view, API, metrics) until Ctrl-C — or exits with --exit.
            """)

    @Option(help: "State folder.") var stateDir: String = "./var/demo"
    @Option(help: "Rules folder.") var rules: String = "./rules"
    @Option(help: "Scenario to simulate.") var scenario: String = "./scenarios/demo.yaml"
    @Option(help: "HTTP listen address.") var listen: String = "127.0.0.1:8425"
    @Flag(help: "Exit once the demo stream is processed instead of serving.") var exit = false

    func run() async throws {
        var logger = Logger(label: "vedetta")
        logger.logLevel = .notice
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        let input = stateDir + "/demo-input"
        guard let data = FileManager.default.contents(atPath: scenario), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(scenario): cannot read the scenario (run from the repository root)")
        }
        let summary = try SimulationWriter.write(scenario: try Scenario.load(yaml: text, file: scenario),
                                                 to: URL(fileURLWithPath: input))
        print("simulated \(summary.events) events (\(summary.tickets) tickets, \(summary.truth.incidents.count) injected failures) -> \(input)")

        var configuration = DaemonConfiguration()
        configuration.stateDirectory = stateDir
        configuration.rulesDirectory = rules
        configuration.listen = listen
        configuration.spoolSettleSeconds = 0
        let daemon = try Daemon(configuration: configuration, logger: logger)
        // Hand the stream over exactly as an external writer would: temporary name, then rename into the spool.
        let incoming = stateDir + "/spool/incoming"
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        let events = try Data(contentsOf: URL(fileURLWithPath: input + "/events.jsonl"))
        try AtomicFile.write(Array(events), to: incoming + "/" + Timestamp.wallClock().compactUTC + "-demo.jsonl")

        let server = Task { try await daemon.run() }
        let started = Date()
        while Date().timeIntervalSince(started) < 600 {
            try await Task.sleep(for: .milliseconds(500))
            let stored = (try? daemon.store.count()) ?? 0
            let status = daemon.status.snapshot
            let pending = (try? Outbox(store: daemon.store).counts().filter { $0.state == .pending }.map(\.count).reduce(0, +)) ?? 0
            if stored >= summary.events, status.lastSeq >= Int64(stored), pending == 0 { break }
        }
        try printSummary(daemon: daemon, truthPath: input + "/truth.json")
        if exit {
            await daemon.shutdown()
            try await server.value
            return
        }
        let token = (try? String(contentsOfFile: stateDir + "/token", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "(see \(stateDir)/token)"
        print("""

            Vedetta is serving on http://\(listen)/ (read token: \(token)).
            Try: curl -H 'Authorization: Bearer \(token)' http://\(listen)/api/v1/incidents
            Stop with Ctrl-C.
            """)
        try await server.value
    }

    func printSummary(daemon: Daemon, truthPath: String) throws {
        let rows = try daemon.store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, service, severity, state, opened_at, body FROM incidents ORDER BY opened_at")
        }
        print("\nincidents:")
        for row in rows {
            let opened = Timestamp(milliseconds: row["opened_at"])
            let id: String = row["id"]
            let service: String = row["service"]
            let severity: String = row["severity"]
            let state: String = row["state"]
            print("  \(id)  \(opened.rfc3339Seconds)  \(severity.uppercased())  \(service)  (\(state))")
        }
        let alerts = stateDir + "/alerts"
        let files = (FileManager.default.enumerator(atPath: alerts)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        print("\nalert files (\(files.count)) under \(alerts)/, e.g.:")
        for file in files.prefix(4) { print("  \(file)") }
        if let data = FileManager.default.contents(atPath: truthPath),
           let truth = try? JSONDecoder().decode(GroundTruth.self, from: data)
        {
            print("\nground truth: \(truth.incidents.count) injected failures")
            for failure in truth.incidents {
                let hit = rows.first { row in
                    let service: String = row["service"]
                    let opened = Timestamp(milliseconds: row["opened_at"])
                    return service == failure.service && opened >= failure.start.adding(.minutes(-30)) && opened <= failure.end
                }
                if let hit {
                    let opened = Timestamp(milliseconds: hit["opened_at"])
                    let minutes = Int(opened.since(failure.start).seconds / 60)
                    print("  \(failure.id) [\(failure.service)]: alerted \(minutes) min after it started")
                } else {
                    print("  \(failure.id) [\(failure.service)]: not alerted")
                }
            }
        }
    }
}
