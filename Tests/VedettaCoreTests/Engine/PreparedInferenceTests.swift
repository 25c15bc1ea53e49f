import Testing
@testable import VedettaCore

/// A replay infers services on its feed thread with a copy of the rules' catalogue; the engine uses that
/// inference only when the copy is its own catalogue (rules reloaded between preparing and ingesting must win).
@Suite struct PreparedInferenceTests {
    static func rules(aliasOfPayments: String) -> RuleSet {
        RuleSet(offices: [], services: [
            Service(id: "pagamenti", name: "Pagamenti", office: "uff-pagamenti", aliases: [aliasOfPayments]),
            Service(id: "durc", name: "DURC", office: "uff-durc", aliases: ["durc online"]),
        ])
    }

    static let event = TicketEvent(ticket: "T-1", type: .opened, at: Timestamp(rfc3339: "2026-03-02T09:00:00Z")!,
                                   requester: "r-1", text: "non riesco a pagare l'avviso pagopa dal portale")

    @Test func fingerprintsTellCataloguesApart() {
        let a = Self.rules(aliasOfPayments: "pagopa").catalogue
        #expect(a.fingerprint == Self.rules(aliasOfPayments: "pagopa").catalogue.fingerprint)
        #expect(a.fingerprint != Self.rules(aliasOfPayments: "f24").catalogue.fingerprint)
    }

    @Test func theEnginesOwnCatalogueDecidesTheService() {
        let old = Self.rules(aliasOfPayments: "pagopa")
        let new = Self.rules(aliasOfPayments: "f24")
        let prepared = Engine.prepare(Self.event, inferringWith: old.catalogue)
        #expect(prepared.inferred?.service == "pagamenti", "the feed thread's catalogue names the service")

        var same = Engine(rules: old)
        _ = same.ingest(prepared)
        #expect(same.state.serviceOfTicket[TicketKey("T-1")] == "pagamenti")

        // Rules reloaded: "pagopa" no longer names a service, and the stale inference is not used.
        var reloaded = Engine(rules: new)
        _ = reloaded.ingest(prepared)
        #expect(reloaded.state.serviceOfTicket[TicketKey("T-1")] == nil)
        var plain = Engine(rules: new)
        _ = plain.ingest(Engine.prepare(Self.event))
        #expect(plain.state.serviceOfTicket[TicketKey("T-1")] == nil, "the same as preparing without a catalogue")
    }
}
