import Testing
@testable import VedettaCore

/// The minute steps skip the heartbeat check until a source can be silent (`Engine.silenceDue`): an engine that
/// checks at every step (inputs a minute apart at most, its due time reset before each) gives the same actions.
@Suite struct HeartbeatSkipTests {
    /// Weekday traffic on two queues and two channels (one closed at night), a late out-of-order event of a new
    /// source, a morning outage of one queue, and the wall clock ticking through nights.
    static func stream() -> [(event: TicketEvent?, tick: Timestamp)] {
        var items: [(TicketEvent?, Timestamp)] = []
        var n = 0
        let monday = Timestamp(rfc3339: "2026-03-02T07:00:00Z")!
        for day in 0..<4 {
            let dayStart = monday.adding(.days(Int64(day)))
            for minute in 0..<600 {
                let at = dayStart.adding(.minutes(Int64(minute)))
                // The back office stops on Thursday at 09:00 Rome (an outage); the contact centre keeps going.
                if !(day == 3 && minute >= 60) {
                    n += 1
                    items.append((TicketEvent(ticket: "B-\(n)", type: .opened, at: at, queue: "backoffice", channel: "web",
                                              requester: "r-\(n % 50)", text: "domanda \(n % 5) sul portale"), at))
                }
                if minute % 5 == 0 {
                    n += 1
                    items.append((TicketEvent(ticket: "C-\(n)", type: .opened, at: at.adding(.seconds(30)),
                                              queue: "contact", channel: "phone", requester: "p-\(n % 40)",
                                              text: "chiamata \(n % 3) per il pagamento"), at.adding(.seconds(30))))
                }
            }
            if day == 1 {
                // A new source whose first event is older than the others' last ones.
                let late = dayStart.adding(.minutes(590))
                items.append((TicketEvent(ticket: "L-1", type: .opened, at: dayStart.adding(.minutes(200)),
                                          queue: "sportello", requester: "s-1", text: "sportello chiuso"), late))
            }
            // The night: the shell ticks the clock every minute (so that every step of the checking engine checks).
            for minute in 600..<1440 { items.append((nil, dayStart.adding(.minutes(Int64(minute))))) }
        }
        return items
    }

    @Test func skippingTheCheckChangesNoAction() {
        var skipping = Engine()
        var checking = Engine()
        var a: [Action] = []
        var b: [Action] = []
        for (event, tick) in Self.stream() {
            checking.silenceDue = .distantPast
            if let event {
                a += skipping.ingest(event)
                b += checking.ingest(event)
            } else {
                a += skipping.tick(tick)
                checking.silenceDue = .distantPast
                b += checking.tick(tick)
            }
        }
        #expect(a == b)
        let heartbeats = a.compactMap { action -> String? in
            if case .incident(let change) = action, change.incident.service.hasPrefix("heartbeat:") {
                return change.incident.service
            }
            return nil
        }
        #expect(heartbeats.contains("heartbeat:queue:backoffice"), "the outage is seen")
    }
}
