import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import VedettaCore
import VedettaIngest
import VedettaStore

/// Wires the daemon: store, queue, correlation loop, spool, HTTP; runs them in one `ServiceGroup`.
///
/// Order matters: the group starts services in array order and stops them in reverse, so ingest (HTTP, spool)
/// stops first and the correlation loop last, after it drained the queue and wrote its checkpoint.
public final class Daemon: Sendable {
    /// Effective configuration.
    public let configuration: DaemonConfiguration
    let logger: Logger
    /// The store (open once the daemon is built).
    public let store: EventStore
    /// The queue to the engine.
    public let queue: EngineQueue
    /// Loop status.
    public let status = LoopStatus()
    /// Metrics.
    public let metrics = DaemonMetrics()
    /// HTTP tokens.
    public let tokens = BearerToken()
    let notifier: SystemdNotifier
    let onListening: @Sendable (Int) -> Void

    /// Opens the store and prepares the services; throws a clear error when the state folder is unusable.
    public init(configuration: DaemonConfiguration, logger: Logger, notifier: SystemdNotifier = SystemdNotifier(),
                onListening: @escaping @Sendable (Int) -> Void = { _ in }) throws {
        self.configuration = configuration
        self.logger = logger
        self.notifier = notifier
        self.onListening = onListening
        do {
            try FileManager.default.createDirectory(atPath: configuration.stateDirectory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(message: "state folder \(configuration.stateDirectory) cannot be created: \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: configuration.stateDirectory) else {
            throw ConfigurationError(message: "state folder \(configuration.stateDirectory) is not writable")
        }
        store = try EventStore(directory: configuration.stateDirectory)
        queue = EngineQueue(capacity: configuration.queueCapacity)
        var tokenFile = configuration.tokenFile
        if tokenFile == nil {
            tokenFile = try BearerToken.ensureTokenFile(at: configuration.stateDirectory + "/token")
            logger.notice("no token file configured; using the generated one", metadata: ["file": "\(tokenFile!)"])
        }
        try tokens.load(writeFile: tokenFile, readFile: configuration.readTokenFile)
    }

    /// Runs until SIGTERM/SIGINT; SIGHUP reloads tokens (and rules, once they exist).
    public func run() async throws {
        let (host, port) = try configuration.hostAndPort()
        let loop = CorrelationLoop(
            store: store, queue: queue, logger: logger, status: status, notifier: notifier,
            checkpointInterval: .milliseconds(Int64(configuration.checkpointIntervalSeconds * 1000)),
            tickInterval: .milliseconds(Int64(configuration.tickIntervalSeconds * 1000)), metrics: metrics)
        let spool = try SpoolDirectorySource(
            root: configuration.stateDirectory + "/spool", store: store, sink: queue, logger: logger,
            settleTime: configuration.spoolSettleSeconds, metrics: metrics)
        let spoolService = SpoolService(
            source: spool, interval: .milliseconds(Int64(configuration.spoolIntervalSeconds * 1000)), logger: logger)
        let router = HTTPServer.router(.init(
            store: store, queue: queue, tokens: tokens, status: status, metrics: metrics,
            maxBodyBytes: configuration.maxBodyBytes))
        let onListening = self.onListening
        var httpLogger = logger
        httpLogger.logLevel = max(logger.logLevel, .notice)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "vedetta"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                onListening(bound)
            }, logger: httpLogger)
        let reloader = ReloadService(logger: logger, notifier: notifier) { [self] in try self.reload() }
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: WatchdogService(notifier: notifier, status: status, queue: queue, logger: logger),
                      successTerminationBehavior: .ignore),
                .init(service: reloader),
                .init(service: spoolService),
                .init(service: app),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        logger.info("vedetta starting", metadata: [
            "state": "\(configuration.stateDirectory)", "listen": "\(configuration.listen)",
            "rules": "\(configuration.rulesDirectory)",
        ])
        do {
            try await group.run()
        } catch {
            notifier.notify("STOPPING=1")
            throw error
        }
        notifier.notify("STOPPING=1")
        logger.info("vedetta stopped")
    }

    /// Builds everything new first and swaps only when all of it is valid.
    func reload() throws {
        // `load` reads every file before it swaps, so a bad token file leaves the old tokens in place.
        try tokens.load(writeFile: configuration.tokenFile ?? configuration.stateDirectory + "/token",
                        readFile: configuration.readTokenFile)
    }
}

/// Reloads on SIGHUP: `RELOADING=1`, build-then-swap, `READY=1`; a failed reload keeps the old state.
struct ReloadService: ServiceLifecycle.Service {
    let logger: Logger
    let notifier: SystemdNotifier
    let reload: @Sendable () throws -> Void

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        try await cancelWhenGracefulShutdown {
            for await _ in signals {
                notifier.notify("RELOADING=1")
                do {
                    try reload()
                    logger.notice("reloaded configuration and rules")
                } catch {
                    logger.error("reload failed; keeping the previous configuration and rules",
                                 metadata: ["error": "\(error)"])
                }
                notifier.notify("READY=1")
            }
        }
    }
}
