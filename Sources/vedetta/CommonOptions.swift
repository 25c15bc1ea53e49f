import ArgumentParser
import Logging
import VedettaDaemon

/// Options shared by the commands that work on a state folder.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML); flags override it.")
    var config: String?

    @Option(name: .long, help: "State folder (vedetta.db, spool, alerts, reports). Default ./var")
    var stateDir: String?

    @Option(name: .long, help: "Rules folder. Default ./rules")
    var rules: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    /// The configuration file (if any) with flags applied.
    func resolve() throws -> DaemonConfiguration {
        var configuration = try config.map(DaemonConfiguration.load(path:)) ?? DaemonConfiguration()
        if let stateDir { configuration.stateDirectory = stateDir }
        if let rules { configuration.rulesDirectory = rules }
        return configuration
    }

    func makeLogger(_ label: String = "vedetta") -> Logger {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
