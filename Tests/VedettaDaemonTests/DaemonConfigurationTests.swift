import Foundation
import Testing
import VedettaCore
@testable import VedettaDaemon

/// The daemon's configuration file: settings, validation and errors that name the field.
@Suite struct DaemonConfigurationTests {
    /// Writes `text` to a fresh file and loads it.
    static func load(_ text: String) throws -> DaemonConfiguration {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vedetta-config-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return try DaemonConfiguration.load(path: path)
    }

    static let relay = "smtp:\n  host: 127.0.0.1\n  from: vedetta@example.it\n"

    @Test func mailRetriesFollowTheConfiguredBackoff() throws {
        let configuration = try Self.load(Self.relay + "  retryFirstSeconds: 5\n  retryMaxSeconds: 60\n  maxAttempts: 7\n")
        let policy = try #require(configuration.smtp).retryPolicy
        #expect((1...6).map { policy.delay(afterAttempts: $0).milliseconds / 1000 } == [5, 10, 20, 40, 60, 60])
        #expect(policy.maxAttempts == 7)
    }

    @Test func defaultsRetryFromThirtySecondsUpToAnHour() throws {
        let policy = try #require(try Self.load(Self.relay).smtp).retryPolicy
        #expect(policy.delay(afterAttempts: 1) == .seconds(30))
        #expect(policy.delay(afterAttempts: 30) == .hours(1))
        #expect(policy.maxAttempts == 40)
    }

    @Test(arguments: [
        ("  retryFirstSeconds: 0\n", "field 'smtp.retryFirstSeconds': must be at least 1 second"),
        ("  retryFirstSeconds: 60\n  retryMaxSeconds: 30\n", "field 'smtp.retryMaxSeconds': must be at least retryFirstSeconds"),
        ("  maxAttempts: 0\n", "field 'smtp.maxAttempts': must be at least 1"),
        ("  retryFirstSecond: 5\n", "field 'smtp.retryFirstSecond': unknown setting"),
    ])
    func badRetrySettingsNameTheirField(extra: String, message: String) {
        #expect {
            _ = try Self.load(Self.relay + extra)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func retentionKeepsFourHundredDaysUnlessConfigured() throws {
        #expect(DaemonConfiguration().retentionDays == 400)
        #expect(try Self.load("retentionDays: 90\n").retentionDays == 90)
        #expect(try Self.load("retentionDays: 0\n").retentionDays == 0, "0 keeps everything")
    }

    @Test func eventsMayBeStampedAnHourAheadUnlessConfigured() throws {
        #expect(DaemonConfiguration().arrivalWindow == .standard)
        #expect(try Self.load("maxEventAheadSeconds: 600\n").arrivalWindow == ArrivalWindow(maxAhead: .minutes(10)))
    }

    @Test(arguments: [
        ("retentionDays: 7\n", "field 'retentionDays': must be 0 (keep everything) or at least 30 days"),
        ("retentionDays: -1\n", "field 'retentionDays': must be 0 (keep everything) or at least 30 days"),
        ("retentionDays: a year\n", "field 'retentionDays'"),
        ("maxEventAheadSeconds: 5\n", "field 'maxEventAheadSeconds': must be at least 60 seconds"),
    ])
    func badRetentionNamesItsField(text: String, message: String) {
        #expect {
            _ = try Self.load(text)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
