import Foundation
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
    /// Seconds between engine checkpoints.
    public var checkpointIntervalSeconds = 30.0
    /// Seconds between wall-clock ticks when no events arrive.
    public var tickIntervalSeconds = 5.0

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
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        let present = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = present.first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [AnyKey(stringValue: unknown)],
                                                    debugDescription: "unknown setting"))
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case stateDirectory, rulesDirectory, listen, tokenFile, readTokenFile, maxBodyBytes, queueCapacity
        case spoolIntervalSeconds, spoolSettleSeconds, checkpointIntervalSeconds, tickIntervalSeconds
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
