import Testing
import VedettaCore
@testable import VedettaDaemon

/// Regression: a poke pending at shutdown must not keep the correlation loop turning (found by the crash
/// harness: SIGTERM never ended the daemon when a checkpoint outlasted the tick interval).
@Suite struct EngineQueueShutdownTests {
    @Test func finishedQueueEndsEvenWithAPokePending() async {
        let queue = EngineQueue(capacity: 4)
        let event = TicketEvent(ticket: "T1", type: .opened, at: Timestamp(seconds: 0), text: "x")
        await queue.enqueue([(seq: 1, event: event)])
        queue.poke()
        queue.finish()
        queue.poke()
        #expect(await queue.next(max: 10)?.map(\.seq) == [1], "what was queued is still drained")
        #expect(await queue.next(max: 10) == nil, "then it ends, pokes or not")
    }
}
