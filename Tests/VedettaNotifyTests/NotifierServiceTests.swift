import Foundation
import Logging
import Testing
import VedettaCore
import VedettaStore
import VedettaTesting
@testable import VedettaNotify

/// The service's rhythm: a round at start, a round per poke (long before the poll interval), and a clean stop
/// on cancellation.
@Suite("NotifierService")
struct NotifierServiceTests {
    struct NoMail: MailTransport {
        func send(_ message: MailMessage) async throws(SMTPError) {
            throw SMTPError(.connectFailed, "no relay in this test", isTransient: true)
        }
    }

    @Test func pokesTriggerRoundsAndCancellationStops() async throws {
        let state = Fixtures.temporaryDirectory("notify-service")
        let store = try EventStore(directory: state)
        let renderer = try AlertRenderer()
        let rules = AlertFixtures.rules
        let loop = NotifierLoop(
            outbox: Outbox(store: store), files: FileNotifier(alertsRoot: state + "/alerts", renderer: renderer),
            mail: SMTPNotifier(transport: NoMail(), from: MailAddress("vedetta@ente.test"),
                               messageIDHost: "vedetta.ente.test", renderer: renderer),
            rules: { rules }, logger: Logger(label: "test.notify"))
        let (rounds, roundsIn) = AsyncStream.makeStream(of: DeliveryRound.self)
        let service = NotifierService(loop: loop, pollInterval: .seconds(3600), clock: { AlertFixtures.t0 },
                                      onRound: { roundsIn.yield($0) })
        let task = Task { try await service.run() }
        var iterator = rounds.makeAsyncIterator()
        #expect(await iterator.next()?.outcomes.isEmpty == true)

        // A revision arrives and the engine pokes: the file is written in the next round, not an hour later.
        let writer = ActionWriter(store: store, channels: { _ in ["file"] })
        try writer.write([.incident(IncidentChange(incident: AlertFixtures.firing(),
                                                   deliveries: [AlertFixtures.delivery(AlertFixtures.italianOffice)]))],
                         seq: 1, now: AlertFixtures.t0)
        service.poke()
        let round = await iterator.next()
        #expect(round?.count(.delivered) == 1)

        task.cancel()
        try await task.value
        roundsIn.finish()
    }
}
