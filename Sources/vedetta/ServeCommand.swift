import ArgumentParser
import Foundation
import VedettaDaemon

/// `vedetta serve`: the daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: HTTP and spool ingest, correlation, alerts, reports.",
        discussion: """
            SIGTERM or SIGINT stop ingest, drain the queue, checkpoint and exit 0. SIGHUP reloads the \
            configuration and rules; an invalid new set is logged and the old one stays.
            """)

    @OptionGroup var state: StateOptions

    @Option(name: .long, help: "HTTP listen address HOST:PORT. Default 127.0.0.1:8425")
    var listen: String?

    @Option(name: .long, help: "File holding the bearer token for POST /v1/events. Default: <state-dir>/token, generated.")
    var tokenFile: String?

    func run() async throws {
        let logger = state.makeLogger()
        var configuration = try state.resolve()
        if let listen { configuration.listen = listen }
        if let tokenFile { configuration.tokenFile = tokenFile }
        let host = (try? configuration.hostAndPort().0) ?? "?"
        do {
            let daemon = try Daemon(configuration: configuration, logger: logger, onListening: { port in
                logger.notice("listening", metadata: ["address": "\(host):\(port)"])
            })
            try await daemon.run()
        } catch {
            logger.critical("vedetta cannot run", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }
}
