import Foundation
import Logging
import Testing
import VedettaCore
import VedettaDaemon
import VedettaTesting

/// sd_notify on a real datagram socket from the running daemon, and the watchdog's liveness rule.
@Suite(.serialized) struct SystemdNotifyTests {
    /// READY=1 (with a STATUS), WATCHDOG=1 at least every WATCHDOG_USEC/2 while running, STOPPING=1 after SIGTERM.
    @Test(arguments: [true, false]) func daemonNotifiesReadyWatchdogAndStopping(abstract: Bool) throws {
        let folder = Fixtures.temporaryDirectory("notify")
        let socket = try SystemdNotifySocket(abstract: abstract, folder: folder)
        let watchdogMicroseconds = 2_000_000
        let daemon = DaemonProcess(stateDirectory: folder + "/state", environment: [
            "NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "\(watchdogMicroseconds)",
        ])
        try daemon.start()
        #expect(try daemon.post(DeploySupport.events(0..<20)).status == 200)

        // Four pings after READY span about two seconds (one every WATCHDOG_USEC/4).
        let pinged = socket.receive(timeout: .seconds(15)) { messages in
            guard let ready = messages.firstIndex(where: { $0.text.contains("READY=1") }) else { return false }
            return messages[ready...].filter { $0.text == "WATCHDOG=1" }.count >= 5
        }
        #expect(pinged, "messages: \(socket.messages.map(\.text))\nlog:\n\(daemon.log)")
        let ready = try #require(socket.messages(with: "READY=1").first)
        #expect(ready.text.contains("STATUS=ready"), "READY carries a STATUS line: \(ready.text)")
        let pings = socket.messages(with: "WATCHDOG=1").filter { $0.at > ready.at }.map(\.at)
        let gaps = zip(pings.dropFirst(), pings).map { $0 - $1 }
        let limit = Duration.microseconds(Int64(watchdogMicroseconds / 2))
        #expect(gaps.allSatisfy { $0 <= limit }, "gaps between pings \(gaps), limit \(limit)")

        #expect(daemon.stop(signal: SIGTERM, timeout: 10) == 0, "\(daemon.log)")
        socket.receive(timeout: .seconds(2)) { messages in messages.contains { $0.text.contains("STOPPING=1") } }
        let stopping = try #require(socket.messages(with: "STOPPING=1").last, "\(socket.messages.map(\.text))")
        #expect(stopping.at > pings.last ?? ready.at)
    }

    /// The watchdog pings only while the loop shows progress: once the heartbeat is WATCHDOG_USEC/2 old the pings
    /// stop (with one critical line naming the reason), so systemd restarts a hung daemon; they resume when the
    /// loop beats again. Instants are given, not waited for.
    @Test func watchdogPingsOnlyWhileTheLoopBeats() throws {
        let folder = Fixtures.temporaryDirectory("stall")
        let socket = try SystemdNotifySocket(abstract: true, folder: folder)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "400000"])
        #expect(notifier.watchdogInterval == .milliseconds(400))
        let status = LoopStatus()
        let records = LogRecorder()
        let logger = Logger(label: "watchdog-test") { _ in records.handler() }
        let service = WatchdogService(notifier: notifier, status: status, queue: EngineQueue(capacity: 10), logger: logger)
        #expect(service.checkInterval == .milliseconds(100), "checks (and pings) every WATCHDOG_USEC/4")

        let beat = ContinuousClock.now
        status.update { $0.heartbeat = beat }
        var stalled = false
        // (milliseconds after the last heartbeat, ping expected)
        for (after, expected) in [(0, true), (100, true), (199, true), (200, false), (300, false), (5_000, false)] {
            #expect(service.check(now: beat + .milliseconds(after), stalled: &stalled) == expected, "\(after) ms")
        }
        #expect(stalled)
        status.update { $0.heartbeat = beat + .milliseconds(6_000) }
        #expect(service.check(now: beat + .milliseconds(6_050), stalled: &stalled))
        #expect(!stalled)

        socket.receive(timeout: .seconds(2)) { $0.count >= 4 }
        #expect(socket.messages.map(\.text) == Array(repeating: "WATCHDOG=1", count: 4))
        let lines = records.lines
        #expect(lines.filter { $0.contains("correlation loop made no progress") }.count == 1, "once per stall: \(lines)")
        #expect(lines.contains { $0.contains("watchdog pings resumed") })

        // Without WATCHDOG_USEC there is no watchdog and nothing is sent.
        let silent = WatchdogService(notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address]),
                                     status: status, queue: EngineQueue(capacity: 10), logger: logger)
        #expect(silent.checkInterval == nil)
        #expect(!silent.check(now: beat + .milliseconds(6_050), stalled: &stalled))
    }
}

/// Keeps log lines in memory for assertions.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    func append(_ line: String) { lock.withLock { stored.append(line) } }

    func handler() -> Handler { Handler(recorder: self) }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let extra = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            recorder.append("\(event.level) \(event.message) \(extra)")
        }
    }
}
