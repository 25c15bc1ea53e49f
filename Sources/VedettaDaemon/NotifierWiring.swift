import Foundation
import Logging
import ServiceLifecycle
import VedettaCore
import VedettaNotify
import VedettaStore

/// Runs the notifier as a group service: a graceful shutdown cancels its polling (it has no other way out);
/// what it leaves pending is delivered at the next start.
struct NotifierRunner: ServiceLifecycle.Service {
    let service: NotifierService

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await service.run() }
    }
}

/// Builds the notifier (alert files always, mail when a relay is configured) from the daemon's settings.
enum NotifierWiring {
    static func make(configuration: DaemonConfiguration, store: EventStore, rules: RulesHolder, metrics: DaemonMetrics,
                     logger: Logger) throws -> NotifierService {
        let renderer = try AlertRenderer()
        let files = FileNotifier(alertsRoot: configuration.stateDirectory + "/alerts", renderer: renderer)
        var mail: SMTPNotifier?
        var retry = OutboxRetryPolicy()
        if let smtp = configuration.smtp {
            let from = MailAddress(parsing: smtp.from)
            let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
            var credentials: SMTPConfiguration.Credentials?
            if let username = smtp.username {
                guard let file = smtp.passwordFile, let password = try? BearerToken.firstLine(of: file) else {
                    throw ConfigurationError(message: "smtp.passwordFile: a readable password file is required with smtp.username")
                }
                credentials = .init(username: username, password: password)
            }
            let tlsMode: SMTPConfiguration.TLSMode = switch smtp.tls {
            case "none": .none
            case "opportunistic": .opportunistic
            case "implicit": .implicit
            default: .required
            }
            let relay = SMTPConfiguration(
                host: smtp.host, port: smtp.port, heloName: smtp.heloName ?? domain, tlsMode: tlsMode,
                tls: .init(trustRootsFile: smtp.trustRootsFile, verification: smtp.verifyCertificates ? .full : .none),
                credentials: credentials)
            mail = SMTPNotifier(transport: SMTPTransport(client: SMTPClient(logger: logger), configuration: relay),
                                from: from, messageIDHost: smtp.messageIDHost ?? domain, renderer: renderer)
            retry = smtp.retryPolicy
        }
        let loop = NotifierLoop(
            outbox: Outbox(store: store), files: files, mail: mail, rules: { rules.current.rules },
            configuration: NotifierConfiguration(retry: retry), metrics: metrics, logger: logger)
        return NotifierService(loop: loop, clock: { Timestamp.wallClock() })
    }
}

extension DaemonMetrics: NotifierMetrics {
    public func recordDelivery(channel: String, outcome: DeliveryOutcome.Kind) {
        counter("vedetta_deliveries_total", [("channel", channel), ("outcome", "\(outcome)")],
                help: "Outbox deliveries by channel and outcome.").increment()
    }

    public func recordOutbox(_ counts: [OutboxCount]) {
        for count in counts {
            gauge("vedetta_outbox", [("channel", count.channel), ("state", "\(count.state.rawValue)")],
                  help: "Outbox rows by channel and state (pending, delivered, dead).").set(Double(count.count))
        }
    }
}
