import Logging
import ServiceLifecycle

/// Sends `WATCHDOG=1` to systemd while the correlation loop is alive, and stops when it is not, so that a hung
/// loop gets the daemon killed and restarted (`WatchdogSec=` in the unit; systemd passes `WATCHDOG_USEC`).
///
/// The loop cannot ping by itself: while it works through a large backlog it never idles, and while it idles it
/// only wakes for ticks. So this service wakes every quarter of the watchdog interval, pings when the loop's
/// heartbeat (`LoopStatus.Snapshot.heartbeat`, set after every batch and every tick) is younger than half the
/// interval, then pokes the queue so an idle loop wakes and beats again before the next check. Pings therefore
/// come every `WATCHDOG_USEC/4` while the loop is alive (systemd needs one at least every `WATCHDOG_USEC`; the
/// sd_watchdog_enabled(3) advice is every half); a loop that stops beating loses its pings within
/// `WATCHDOG_USEC/2`, and systemd acts `WATCHDOG_USEC` after the last one.
public struct WatchdogService: ServiceLifecycle.Service {
    let notifier: SystemdNotifier
    let status: LoopStatus
    let queue: EngineQueue
    let logger: Logger

    /// Watches `status` for `notifier`'s watchdog interval; pokes `queue` to wake an idle loop.
    public init(notifier: SystemdNotifier, status: LoopStatus, queue: EngineQueue, logger: Logger) {
        self.notifier = notifier
        self.status = status
        self.queue = queue
        self.logger = logger
    }

    /// Time between two checks (and two pings while the loop is alive), or nil when systemd set no watchdog.
    public var checkInterval: Duration? { notifier.watchdogInterval.map { $0 / 4 } }

    public func run() async throws {
        guard let interval = notifier.watchdogInterval, let period = checkInterval else {
            // No watchdog requested: stay out of the way until the group stops.
            try? await gracefulShutdown()
            return
        }
        logger.info("systemd watchdog enabled", metadata: ["interval": "\(interval)", "ping-every": "\(period)"])
        try? await cancelWhenGracefulShutdown { [self] in
            var stalled = false
            while !Task.isCancelled {
                check(now: .now, stalled: &stalled)
                queue.poke()
                try await Task.sleep(for: period)
            }
        }
    }

    /// One check: pings when the loop's heartbeat is younger than half the watchdog interval; otherwise logs
    /// (once per stall, `stalled` remembers) and stays silent. Returns whether it pinged.
    @discardableResult
    public func check(now: ContinuousClock.Instant, stalled: inout Bool) -> Bool {
        guard let interval = notifier.watchdogInterval else { return false }
        let age = now - status.snapshot.heartbeat
        if age < interval / 2 {
            notifier.notify("WATCHDOG=1")
            if stalled {
                logger.notice("correlation loop is progressing again; watchdog pings resumed")
                stalled = false
            }
            return true
        }
        if !stalled {
            logger.critical(
                "correlation loop made no progress; withholding watchdog pings so systemd restarts the daemon",
                metadata: ["silent-for": "\(age)", "limit": "\(interval / 2)"])
            stalled = true
        }
        return false
    }
}
