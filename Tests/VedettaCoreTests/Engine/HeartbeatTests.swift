import Testing
@testable import VedettaCore

/// A source that falls silent when its profile says it should be busy raises its own incident.
@Suite struct HeartbeatTests {
    @Test func silentQueueOnAWeekdayMorningOpensAndClosesAHeartbeatIncident() throws {
        var engine = Engine()
        // Monday 2026-03-02 and Tuesday: one ticket a minute from 08:00 to 18:00 Rome time (07:00–17:00 UTC).
        var n = 0
        for day in 0..<2 {
            let dayStart = Timestamp(rfc3339: "2026-03-02T07:00:00Z")!.adding(.days(Int64(day)))
            for minute in 0..<600 {
                n += 1
                _ = engine.ingest(TicketEvent(ticket: "T-\(n)", type: .opened, at: dayStart.adding(.minutes(Int64(minute))),
                                              queue: "backoffice", requester: "r-\(n)", text: "domanda numero \(n % 7) sul portale"))
            }
        }
        // Wednesday: traffic until 09:00 Rome, then nothing; the shell ticks the wall clock.
        let wednesday = Timestamp(rfc3339: "2026-03-04T07:00:00Z")!
        for minute in 0..<60 {
            n += 1
            _ = engine.ingest(TicketEvent(ticket: "T-\(n)", type: .opened, at: wednesday.adding(.minutes(Int64(minute))),
                                          queue: "backoffice", requester: "r-\(n)", text: "domanda numero \(n % 7) sul portale"))
        }
        var changes: [IncidentChange] = []
        for minute in stride(from: 60, through: 150, by: 5) {
            for case .incident(let change) in engine.tick(wednesday.adding(.minutes(Int64(minute)))) { changes.append(change) }
        }
        let firing = try #require(changes.first { $0.incident.service == "heartbeat:queue:backoffice" })
        #expect(firing.incident.state == .firing)
        #expect(firing.incident.updatedAt.since(wednesday.adding(.minutes(59))) <= .minutes(70), "raised within minutes of the silence threshold")
        #expect(firing.incident.reason.contains("no events from queue:backoffice"))
        // The source speaks again: the heartbeat incident resolves.
        var resolved: [IncidentChange] = []
        for case .incident(let change) in engine.ingest(TicketEvent(ticket: "T-back", type: .opened,
                                                                     at: wednesday.adding(.minutes(155)), queue: "backoffice",
                                                                     text: "di nuovo operativi")) {
            resolved.append(change)
        }
        #expect(resolved.contains { $0.incident.id == firing.incident.id && $0.incident.state == .resolved })
    }
}

@Suite struct ItalianHolidaysTests {
    @Test(arguments: [(2026, 4, 5), (2026, 4, 6), (2025, 4, 21), (2026, 5, 1), (2026, 12, 26), (2024, 4, 1)])
    func holidays(year: Int, month: Int, day: Int) {
        #expect(ItalianHolidays.isHoliday(year: year, month: month, day: day))
    }

    @Test(arguments: [(2026, 4, 7), (2026, 3, 2), (2026, 2, 16)])
    func workingDays(year: Int, month: Int, day: Int) {
        #expect(!ItalianHolidays.isHoliday(year: year, month: month, day: day))
    }
}
