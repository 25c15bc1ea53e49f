import Foundation
import VedettaCore
import VedettaStore
import Yams

/// The daemon's settings: defaults suit a developer (`./var`, 127.0.0.1); a YAML file (`--config`) overrides
/// the defaults and command-line flags override the file. See `deploy/vedetta.yaml` for a commented example.
public struct DaemonConfiguration: Codable, Sendable, Equatable {
    /// Folder of `vedetta.db`, the spool, alert files and reports.
    public var stateDirectory = "./var"
    /// Folder of the rules (`offices.yaml`, `services.yaml`, …).
    public var rulesDirectory = "./rules"
    /// HTTP listen address `HOST:PORT` (port 0 picks a free one).
    public var listen = "127.0.0.1:8425"
    /// File holding the bearer token for `POST /v1/events` (and the web view unless `readTokenFile` is set).
    public var tokenFile: String?
    /// File holding a read-only token for the web view and `/api/v1/`.
    public var readTokenFile: String?
    /// Largest accepted request body, bytes.
    public var maxBodyBytes = 16 * 1024 * 1024
    /// Capacity of the queue between ingest and the engine, events.
    public var queueCapacity = 200_000
    /// Seconds between spool scans.
    public var spoolIntervalSeconds = 1.0
    /// Seconds a spool file must be unchanged before it is taken.
    public var spoolSettleSeconds = 1.0
    /// Seconds between engine checkpoints while events or actions change the state; longer when a checkpoint
    /// takes more than `CheckpointWriter.costShare` of it.
    public var checkpointIntervalSeconds = 30.0
    /// Seconds between wall-clock ticks when no events arrive.
    public var tickIntervalSeconds = 5.0
    /// The mail relay; without it alerts go to files only (mail outbox rows are not created).
    public var smtp: SMTPSettings?
    /// Local time (`HH:MM`) at which the daily report (and on Mondays the weekly one) is written.
    public var reportTime = "06:30"
    /// Languages of the scheduled reports (`it`, `en`).
    public var reportLanguages = ["it", "en"]
    /// Time zone of report days and of the schedule.
    public var reportTimeZone = "Europe/Rome"
    /// Days of history kept (events, incidents, outbox payloads, spool files, alert files, reports); 0 keeps
    /// everything. At least `minimumRetentionDays` otherwise.
    public var retentionDays = 400

    /// Seconds an event's `at` may lie after its arrival (HTTP and spool); later ones are refused as line errors
    /// (`ArrivalWindow`). At least 60.
    public var maxEventAheadSeconds = 3600.0

    /// The window `maxEventAheadSeconds` describes.
    public var arrivalWindow: ArrivalWindow {
        ArrivalWindow(maxAhead: .init(milliseconds: Int64(maxEventAheadSeconds * 1000)))
    }

    /// The shortest retention accepted: the weekly reports, regressions and an operator's look back need weeks.
    public static let minimumRetentionDays = 30

    /// How to reach the mail relay.
    public struct SMTPSettings: Codable, Sendable, Equatable {
        /// Relay host.
        public var host: String
        /// Relay port (587 submission with STARTTLS, 465 implicit TLS, 25 relay).
        public var port: Int = 587
        /// `required` (STARTTLS or fail), `opportunistic`, `implicit` (TLS from the first byte) or `none`.
        public var tls: String = "required"
        /// Sender, e.g. `Vedetta <vedetta@istituto.example.it>`.
        public var from: String
        /// User name for AUTH, if the relay wants it.
        public var username: String?
        /// File holding the AUTH password (first line).
        public var passwordFile: String?
        /// Name sent in EHLO (default: the host part of `from`).
        public var heloName: String?
        /// PEM file of extra trusted roots for the relay's certificate.
        public var trustRootsFile: String?
        /// Whether to verify the relay's certificate (turn off only for a test relay).
        public var verifyCertificates: Bool = true
        /// Domain of Message-IDs (default: the host part of `from`).
        public var messageIDHost: String?
        /// Largest number of delivery attempts before a mail is dead-lettered.
        public var maxAttempts: Int = 40
        /// Seconds before the first retry of a failed mail; each further failure doubles it.
        public var retryFirstSeconds: Double = 30
        /// Longest wait between two attempts, in seconds.
        public var retryMaxSeconds: Double = 3600

        /// Settings for `host` sending as `from`.
        public init(host: String, port: Int = 587, tls: String = "required", from: String) {
            self.host = host
            self.port = port
            self.tls = tls
            self.from = from
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            host = try c.decode(String.self, forKey: .host)
            port = try c.decodeIfPresent(Int.self, forKey: .port) ?? 587
            tls = try c.decodeIfPresent(String.self, forKey: .tls) ?? "required"
            guard ["required", "opportunistic", "implicit", "none"].contains(tls) else {
                throw DecodingError.dataCorruptedError(forKey: .tls, in: c,
                    debugDescription: "must be required, opportunistic, implicit or none")
            }
            from = try c.decode(String.self, forKey: .from)
            // A misspelt setting (`retryFirstSecond`) must not silently leave the default in force.
            let known = Set(CodingKeys.allCases.map(\.stringValue))
            if let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
                .first(where: { !known.contains($0) }) {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [AnyKey(stringValue: unknown)],
                                                        debugDescription: "unknown setting"))
            }
            username = try c.decodeIfPresent(String.self, forKey: .username)
            passwordFile = try c.decodeIfPresent(String.self, forKey: .passwordFile)
            heloName = try c.decodeIfPresent(String.self, forKey: .heloName)
            trustRootsFile = try c.decodeIfPresent(String.self, forKey: .trustRootsFile)
            verifyCertificates = try c.decodeIfPresent(Bool.self, forKey: .verifyCertificates) ?? true
            messageIDHost = try c.decodeIfPresent(String.self, forKey: .messageIDHost)
            maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? 40
            guard maxAttempts >= 1 else {
                throw DecodingError.dataCorruptedError(forKey: .maxAttempts, in: c, debugDescription: "must be at least 1")
            }
            retryFirstSeconds = try c.decodeIfPresent(Double.self, forKey: .retryFirstSeconds) ?? 30
            guard retryFirstSeconds >= 1, retryFirstSeconds.isFinite else {
                throw DecodingError.dataCorruptedError(forKey: .retryFirstSeconds, in: c,
                    debugDescription: "must be at least 1 second")
            }
            retryMaxSeconds = try c.decodeIfPresent(Double.self, forKey: .retryMaxSeconds) ?? 3600
            guard retryMaxSeconds >= retryFirstSeconds, retryMaxSeconds.isFinite else {
                throw DecodingError.dataCorruptedError(forKey: .retryMaxSeconds, in: c,
                    debugDescription: "must be at least retryFirstSeconds (\(retryFirstSeconds))")
            }
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case host, port, tls, from, username, passwordFile, heloName, trustRootsFile, verifyCertificates
            case messageIDHost, maxAttempts, retryFirstSeconds, retryMaxSeconds
        }

        /// The outbox retry policy these settings describe.
        public var retryPolicy: OutboxRetryPolicy {
            OutboxRetryPolicy(base: Timestamp.Duration(milliseconds: Int64(retryFirstSeconds * 1000)),
                              cap: Timestamp.Duration(milliseconds: Int64(retryMaxSeconds * 1000)), maxAttempts: maxAttempts)
        }
    }

    /// Defaults.
    public init() {}

    /// Loads `path`, naming the line and column of any error.
    public static func load(path: String) throws -> DaemonConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(message: "\(path): cannot read the configuration file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(message: "\(path): not UTF-8 text")
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return DaemonConfiguration() }
        do {
            return try YAMLDecoder().decode(DaemonConfiguration.self, from: text)
        } catch let error as YamlError {
            throw ConfigurationError(message: "\(path): \(error)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ConfigurationError(message: "\(path): field '\(field)': \(context.debugDescription)")
        } catch {
            throw ConfigurationError(message: "\(path): \(error)")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DaemonConfiguration()
        stateDirectory = try container.decodeIfPresent(String.self, forKey: .stateDirectory) ?? defaults.stateDirectory
        rulesDirectory = try container.decodeIfPresent(String.self, forKey: .rulesDirectory) ?? defaults.rulesDirectory
        listen = try container.decodeIfPresent(String.self, forKey: .listen) ?? defaults.listen
        tokenFile = try container.decodeIfPresent(String.self, forKey: .tokenFile)
        readTokenFile = try container.decodeIfPresent(String.self, forKey: .readTokenFile)
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
        queueCapacity = try container.decodeIfPresent(Int.self, forKey: .queueCapacity) ?? defaults.queueCapacity
        spoolIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .spoolIntervalSeconds)
            ?? defaults.spoolIntervalSeconds
        spoolSettleSeconds = try container.decodeIfPresent(Double.self, forKey: .spoolSettleSeconds)
            ?? defaults.spoolSettleSeconds
        checkpointIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .checkpointIntervalSeconds)
            ?? defaults.checkpointIntervalSeconds
        tickIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .tickIntervalSeconds)
            ?? defaults.tickIntervalSeconds
        smtp = try container.decodeIfPresent(SMTPSettings.self, forKey: .smtp)
        reportTime = try container.decodeIfPresent(String.self, forKey: .reportTime) ?? defaults.reportTime
        reportLanguages = try container.decodeIfPresent([String].self, forKey: .reportLanguages) ?? defaults.reportLanguages
        reportTimeZone = try container.decodeIfPresent(String.self, forKey: .reportTimeZone) ?? defaults.reportTimeZone
        maxEventAheadSeconds = try container.decodeIfPresent(Double.self, forKey: .maxEventAheadSeconds)
            ?? defaults.maxEventAheadSeconds
        guard maxEventAheadSeconds >= 60, maxEventAheadSeconds.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .maxEventAheadSeconds, in: container,
                debugDescription: "must be at least 60 seconds")
        }
        retentionDays = try container.decodeIfPresent(Int.self, forKey: .retentionDays) ?? defaults.retentionDays
        guard retentionDays == 0 || retentionDays >= Self.minimumRetentionDays else {
            throw DecodingError.dataCorruptedError(forKey: .retentionDays, in: container,
                debugDescription: "must be 0 (keep everything) or at least \(Self.minimumRetentionDays) days")
        }
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        let present = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = present.first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [AnyKey(stringValue: unknown)],
                                                    debugDescription: "unknown setting"))
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stateDirectory, rulesDirectory, listen, tokenFile, readTokenFile, maxBodyBytes, queueCapacity
        case spoolIntervalSeconds, spoolSettleSeconds, checkpointIntervalSeconds, tickIntervalSeconds, smtp
        case reportTime, reportLanguages, reportTimeZone, retentionDays, maxEventAheadSeconds
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `listen` split into host and port.
    public func hostAndPort() throws -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port)
        else {
            throw ConfigurationError(message: "listen: '\(listen)' is not HOST:PORT")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }
}

/// A configuration problem, as a sentence naming the file and field.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The sentence.
    public var message: String
    public var description: String { message }
}
