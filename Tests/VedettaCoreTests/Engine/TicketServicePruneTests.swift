import Testing
@testable import VedettaCore

/// The prune of ticket services checks only candidate tickets (of retired clusters, or never clustered): it must
/// drop exactly what a walk over every entry would.
@Suite struct TicketServicePruneTests {
    @Test func everyEntryTheClustererForgotIsACandidateAndIsDropped() {
        var engine = Engine()
        let monday = Timestamp(rfc3339: "2026-03-02T07:00:00Z")!
        var n = 0
        var retiredSeen = false
        for day in 0..<9 {
            for minute in stride(from: 0, to: 600, by: 3) {
                n += 1
                let at = monday.adding(.days(Int64(day))).adding(.minutes(Int64(minute)))
                // Topic A only on the first two days: its clusters retire while topic B carries on.
                let text = day < 2 && n % 2 == 0 ? "il portale non mostra la ricevuta della denuncia inviata"
                    : "vorrei sapere i tempi di lavorazione della domanda di rimborso"
                var event = TicketEvent(ticket: "T-\(n)", type: .opened, at: at, service: "denuncia-infortunio",
                                        requester: "r-\(n)", text: text)
                if n % 17 == 0 {
                    // An update of a ticket never opened here: a service entry without a clustered ticket.
                    event = TicketEvent(ticket: "U-\(n)", type: .updated, at: at, service: "durc", requester: "r-\(n)")
                }
                for action in engine.ingest(event) { _ = action }
                let state = engine.state
                let pending = Set(state.pendingTickets.map(\.id))
                for key in state.serviceOfTicket.keys where state.clusterer.clusterID(ofTicket: key.id) == nil {
                    #expect(pending.contains(key.id), "\(key.id) is held without a cluster and is no candidate")
                }
                retiredSeen = retiredSeen || state.serviceOfTicket[TicketKey("T-2")] == nil
            }
        }
        #expect(retiredSeen, "the first topic's tickets were dropped once their cluster retired")
        #expect(engine.state.serviceOfTicket[TicketKey("U-17")] == nil, "an entry never clustered is dropped at the next prune")
        #expect(engine.state.serviceOfTicket[TicketKey("T-\(n - 1)")] == "denuncia-infortunio")
    }
}
