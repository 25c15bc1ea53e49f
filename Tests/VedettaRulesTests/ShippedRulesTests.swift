import Testing
import VedettaCore
import VedettaRules

@Suite("Shipped rules")
struct ShippedRulesTests {
    @Test("load with zero errors")
    func loadClean() throws {
        let result = RulesLoader.load(directory: RulesFixtures.shippedRules)
        if case let .failure(errors) = result { Issue.record("unexpected errors:\n\(errors)") }
        let rules = try result.get()
        #expect(rules.offices.map(\.id) == [
            "uff-identita-digitale", "uff-rapporto-assicurativo", "uff-prestazioni", "uff-portale-servizi",
            "uff-sistemi-interni", "uff-contact-center",
        ])
        #expect(rules.services.map(\.id) == [
            "autenticazione", "denuncia-infortunio", "denuncia-malattia-professionale", "autoliquidazione",
            "durc-online", "certificati-medici", "pagamenti-pagopa", "fascicolo-aziendale", "prestazioni-indennizzi",
            "comunicazioni-pec", "posta-elettronica", "vpn", "protocollo", "postazione-lavoro",
        ])
        #expect(rules.notices.count == 3)
        #expect(rules.peaks.count == 3)
    }

    @Test("every external service depends on autenticazione, staff services do not")
    func dependencies() throws {
        let rules = try RulesFixtures.shipped()
        let staff: Set = ["posta-elettronica", "vpn", "protocollo", "postazione-lavoro"]
        for s in rules.services where s.id != "autenticazione" {
            let upstream = rules.dependencies.upstream(of: s.id).map(\.service)
            #expect(upstream.contains("autenticazione") != staff.contains(s.id), "\(s.id)")
        }
    }

    @Test("every service routes to its owning office")
    func ownersReceive() throws {
        let rules = try RulesFixtures.shipped()
        for s in rules.services {
            let queue = s.office == "uff-sistemi-interni" ? "helpdesk" : "backoffice"
            let matches = rules.routes.match(RouteLabels(service: s.id, queue: queue, severity: .minor))
            #expect(matches.flatMap(\.receivers).contains(s.office), "\(s.id)")
        }
    }
}
