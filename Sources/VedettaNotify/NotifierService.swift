import Synchronization
import VedettaCore
import VedettaStore

/// Runs `NotifierLoop` rounds every `pollInterval`, or at once when poked (the correlation loop pokes after it
/// wrote outbox rows), until its task is cancelled.
///
/// It has `run()` but does not import ServiceLifecycle (VedettaNotify does not depend on it); the daemon adds
/// the conformance: `extension NotifierService: @retroactive ServiceLifecycle.Service {}` and runs it with
/// `cancelWhenGracefulShutdown`.
public final class NotifierService: Sendable {
    /// The loop it drives.
    public let loop: NotifierLoop
    private let clock: @Sendable () -> Timestamp
    private let pollInterval: Duration
    private let onRound: @Sendable (DeliveryRound) -> Void
    private let wake = Mutex<Wake>(Wake())

    private struct Wake {
        var poked = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    /// A service driving `loop`; `clock` gives "now" for each round (the wall clock in the daemon).
    public init(
        loop: NotifierLoop, pollInterval: Duration = .seconds(1), clock: @escaping @Sendable () -> Timestamp,
        onRound: @escaping @Sendable (DeliveryRound) -> Void = { _ in }
    ) {
        self.loop = loop
        self.pollInterval = pollInterval
        self.clock = clock
        self.onRound = onRound
    }

    /// Asks for a round now instead of at the next poll; never blocks the caller.
    public func poke() {
        let waiter = wake.withLock { state -> CheckedContinuation<Void, Never>? in
            state.poked = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Rounds until cancelled; returns normally on cancellation.
    public func run() async throws {
        while !Task.isCancelled {
            let round = await loop.runOnce(now: clock())
            onRound(round)
            await waitForPokeOrTimeout()
        }
    }

    private func waitForPokeOrTimeout() async {
        let interval = pollInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        let resumeNow = wake.withLock { state -> Bool in
                            if state.poked || Task.isCancelled {
                                state.poked = false
                                return true
                            }
                            state.waiter = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    let waiter = wake.withLock { state -> CheckedContinuation<Void, Never>? in
                        defer { state.waiter = nil }
                        return state.waiter
                    }
                    waiter?.resume()
                }
            }
            group.addTask {
                try? await Task.sleep(for: interval)
            }
            await group.next()
            group.cancelAll()
        }
        wake.withLock { $0.poked = false }
    }
}
