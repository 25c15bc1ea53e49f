import Testing
@testable import VedettaCore

/// An incident lives at most `maximumLifetime` (72 h). A burst that outlives it is the new normal, not a
/// regression the next minute: found on NAB's real tweet counts, where every long burst re-fired every three days.
@Suite struct IncidentLifetimeTests {
    static let text = "come posso scaricare il modello della denuncia dal portale"

    /// One requester every `seconds` from `from` to `to`; returns the incident changes.
    static func feed(_ engine: inout Engine, from: Timestamp, to: Timestamp, every seconds: Int64,
                     serial: inout Int) -> [IncidentChange] {
        var changes: [IncidentChange] = []
        var t = from
        while t < to {
            serial += 1
            let event = TicketEvent(ticket: "T-\(serial)", type: .opened, at: t, service: "denuncia-infortunio",
                                    requester: "r-\(serial)", text: text)
            for case .incident(let change) in engine.ingest(event) { changes.append(change) }
            t = t.adding(.seconds(seconds))
        }
        return changes
    }

    @Test func aBurstThatOutlivesItsIncidentIsTheNewNormal() throws {
        var engine = Engine()
        var serial = 0
        let start = Timestamp(rfc3339: "2026-03-02T00:00:00Z")!
        let burst = start.adding(.days(3))
        let calm = Self.feed(&engine, from: start, to: burst, every: 600, serial: &serial)
        #expect(calm.isEmpty, "six questions an hour for three days raise nothing")
        // Ten times the usual, for five days.
        let end = burst.adding(.days(5))
        let changes = Self.feed(&engine, from: burst, to: end, every: 60, serial: &serial)
        let firings = changes.filter { $0.incident.state == .firing }
        let first = try #require(firings.first, "ten times the usual fires")
        #expect(first.incident.updatedAt.since(burst) <= .hours(1))
        let resolution = try #require(changes.first { $0.incident.state == .resolved })
        #expect(resolution.incident.updatedAt.since(first.incident.updatedAt) >= .hours(71),
                "the burst never goes quiet: the incident ends by its maximum lifetime")
        #expect(firings.count == 1, "the same demand fired again after the lifetime: \(changes.map { "\($0.incident.state) \($0.incident.updatedAt) \($0.incident.reason)" })")
        // More on top of the new normal still fires.
        let surge = Self.feed(&engine, from: end, to: end.adding(.hours(2)), every: 6, serial: &serial)
        #expect(surge.contains { $0.incident.state == .firing }, "ten times the new normal is news again")
    }
}
