import Foundation
import Synchronization
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
    /// The rules in force.
    public let rules: RulesHolder
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
        rules = try RulesHolder(directory: configuration.rulesDirectory)
        store = try EventStore(directory: configuration.stateDirectory)
        // Half-written alert files and reports of a killed run (temporary names, never read) are removed.
        for folder in ["alerts", "reports"] {
            let removed = AtomicFile.removeStaleTemporaries(under: configuration.stateDirectory + "/" + folder)
            if !removed.isEmpty {
                logger.notice("removed temporary files of an interrupted run",
                              metadata: ["folder": "\(folder)", "files": "\(removed.count)"])
            }
        }
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
        let mailConfigured = configuration.smtp != nil
        let delivery = try NotifierWiring.make(configuration: configuration, store: store, rules: rules, metrics: metrics,
                                               logger: logger)
        let loop = CorrelationLoop(
            store: store, queue: queue, logger: logger, status: status, notifier: notifier,
            checkpointInterval: .milliseconds(Int64(configuration.checkpointIntervalSeconds * 1000)),
            tickInterval: .milliseconds(Int64(configuration.tickIntervalSeconds * 1000)), rules: rules,
            actions: StoreActionHandler(writer: ActionWriter(store: store, channels: { [rules, mailConfigured] office in
                guard mailConfigured, let found = rules.current.rules.office(id: office), !found.emails.isEmpty else {
                    return ["file"]
                }
                return ["file", "mail"]
            }), wallClock: { Timestamp.wallClock() }, onIncidents: { delivery.poke() }), metrics: metrics)
        let spool = try SpoolDirectorySource(
            root: configuration.stateDirectory + "/spool", store: store, sink: queue, logger: logger,
            settleTime: configuration.spoolSettleSeconds, metrics: metrics, arrival: configuration.arrivalWindow)
        let spoolService = SpoolService(
            source: spool, interval: .milliseconds(Int64(configuration.spoolIntervalSeconds * 1000)), logger: logger)
        guard let reportTime = LocalTime(text: configuration.reportTime) else {
            throw ConfigurationError(message: "reportTime: '\(configuration.reportTime)' is not HH:MM")
        }
        guard let reportZone = ZoneRule(identifier: configuration.reportTimeZone) else {
            throw ConfigurationError(message: "reportTimeZone: unknown time zone '\(configuration.reportTimeZone)'")
        }
        let languages = try configuration.reportLanguages.map { code throws -> Language in
            guard let language = Language(rawValue: code) else {
                throw ConfigurationError(message: "reportLanguages: '\(code)' is not it or en")
            }
            return language
        }
        let reportsDirectory = configuration.stateDirectory + "/reports"
        let scheduler = ReportScheduler(
            store: store, rules: { [rules] in rules.current.rules }, directory: reportsDirectory,
            schedule: .init(time: reportTime, zone: reportZone, languages: languages), logger: logger)
        let retention = configuration.retentionDays > 0
            ? RetentionService(store: store, stateDirectory: configuration.stateDirectory,
                               retention: .days(Int64(configuration.retentionDays)),
                               checkpoint: { [loop] in loop.checkpointMark }, logger: logger, metrics: metrics)
            : nil
        let webContext = WebView.Context(
            store: store, reportsDirectory: reportsDirectory, rules: { [rules] in rules.current.rules },
            zone: reportZone, language: languages.first ?? .italian,
            authorize: { [tokens] header in tokens.allowsRead(header) })
        let router = HTTPServer.router(.init(
            store: store, queue: queue, tokens: tokens, status: status, metrics: metrics,
            maxBodyBytes: configuration.maxBodyBytes, arrival: configuration.arrivalWindow,
            extraRoutes: { router in WebView.register(router: router, context: webContext) }))
        let onListening = self.onListening
        var httpLogger = logger
        httpLogger.logLevel = max(logger.logLevel, .notice)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "vedetta"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                onListening(bound)
            }, logger: httpLogger)
        let reloader = ReloadService(logger: logger, notifier: notifier, rules: rules) { [self] in try self.reload() }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            // Stopped last: it keeps delivering while the others shut down, and what it leaves pending is
            // delivered at the next start.
            .init(service: NotifierRunner(service: delivery)),
            .init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup,
                  failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: WatchdogService(notifier: notifier, status: status, queue: queue, logger: logger),
                  successTerminationBehavior: .ignore),
            .init(service: reloader),
            .init(service: scheduler),
        ]
        if let retention { services.append(.init(service: retention)) }
        services += [.init(service: spoolService), .init(service: app)]
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        runningGroup.withLock { $0 = group }
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

    private let runningGroup = Mutex<ServiceGroup?>(nil)

    /// Starts a graceful shutdown (as SIGTERM does): ingest stops, the queue drains, the checkpoint is written.
    public func shutdown() async {
        let group = runningGroup.withLock { $0 }
        await group?.triggerGracefulShutdown()
    }

    /// Builds everything new first and swaps only when all of it is valid.
    func reload() throws {
        // Each part builds everything before it swaps, so an invalid rules folder or token file leaves the old
        // ones in place.
        try rules.reload()
        try tokens.load(writeFile: configuration.tokenFile ?? configuration.stateDirectory + "/token",
                        readFile: configuration.readTokenFile)
    }
}

/// Reloads on SIGHUP: `RELOADING=1`, build-then-swap, `READY=1`; a failed reload keeps the old state.
struct ReloadService: ServiceLifecycle.Service {
    let logger: Logger
    let notifier: SystemdNotifier
    let rules: RulesHolder
    let reload: @Sendable () throws -> Void

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let watcher = Task { [rules, logger] in
            // A change in the rules folder reloads too (an operator saving a file need not send SIGHUP).
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                guard rules.changedOnDisk else { continue }
                do {
                    try rules.reload()
                    logger.notice("rules folder changed: reloaded", metadata: ["rules": "\(rules.directory)"])
                } catch {
                    logger.error("rules folder changed but is invalid; keeping the previous rules",
                                 metadata: ["error": "\(error)"])
                }
            }
        }
        defer { watcher.cancel() }
        await cancelWhenGracefulShutdown {
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
