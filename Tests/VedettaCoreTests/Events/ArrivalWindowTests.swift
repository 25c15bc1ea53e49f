import Testing
import VedettaCore

/// How far after its arrival an event may be stamped, and the error that names the field.
@Suite struct ArrivalWindowTests {
    static let arrived = Timestamp(rfc3339: "2026-11-30T09:00:00Z")!

    static func event(at: Timestamp) -> TicketEvent {
        TicketEvent(ticket: "BO-1", type: .opened, at: at, text: "il portale non risponde")
    }

    @Test(arguments: [
        (Timestamp.Duration.hours(-1000), true), (.minutes(0), true), (.minutes(60), true), (.minutes(61), false),
        (.days(400), false),
    ] as [(Timestamp.Duration, Bool)])
    func eventsUpToTheWindowAheadAreTaken(ahead: Timestamp.Duration, taken: Bool) {
        let error = ArrivalWindow.standard.check(Self.event(at: Self.arrived.adding(ahead)), receivedAt: Self.arrived,
                                                 source: "spool.jsonl", line: 7)
        #expect((error == nil) == taken)
    }

    @Test func theErrorNamesSourceLineFieldAndTheGap() throws {
        let wrongYear = Timestamp(rfc3339: "2062-11-30T09:00:00Z")!
        let error = try #require(ArrivalWindow.standard.check(Self.event(at: wrongYear), receivedAt: Self.arrived,
                                                              source: "spool.jsonl", line: 7))
        #expect(error.description == "spool.jsonl:7: field 'at': 2062-11-30T09:00:00.000Z is 36 years after the event "
                + "arrived (2026-11-30T09:00:00.000Z); at most 60 min ahead is accepted (a wrong year, clock or time "
                + "zone at the source?)")
        let days = try #require(ArrivalWindow(maxAhead: .minutes(5)).check(
            Self.event(at: Self.arrived.adding(.days(3))), receivedAt: Self.arrived, source: "http", line: 1))
        #expect(days.reason.hasPrefix("2026-12-03T09:00:00.000Z is 3 days after"))
        #expect(days.reason.contains("at most 5 min ahead"))
    }
}
