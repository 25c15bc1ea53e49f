import Testing
import VedettaCore
import VedettaRules

@Suite("Rules explainer")
struct RulesExplainerTests {
    @Test("durc-online on a Sunday night at month end")
    func durcSundayNight() throws {
        let rules = try RulesFixtures.shipped()
        // Sunday 29 March 2026, 23:30 Rome (21:30Z, summer time): portal maintenance, last days of the month.
        let lines = RulesExplainer(rules: rules).explain(
            RouteLabels(service: "durc-online", queue: "backoffice", severity: .major), at: RulesFixtures.t("2026-03-29T21:30:00Z"))
        #expect(lines == [
            "service `durc-online` (DURC On Line), owned by `uff-rapporto-assicurativo` (Ufficio Rapporto assicurativo e DURC)",
            "labels: service=durc-online queue=backoffice channel=(absent) region=(absent) severity=major",
            "route 1 of 2: predefinita > avviso al contact center -> uff-contact-center",
            "  predefinita: root matches everything",
            "  avviso al contact center: queue != helpdesk (queue is `backoffice`); severity =~ major|critical (severity is `major`)",
            "  repeat every 2h; no escalation; groups incidents of dependent services",
            "route 2 of 2: predefinita > rapporto assicurativo -> uff-rapporto-assicurativo",
            "  predefinita: root matches everything",
            "  rapporto assicurativo: service =~ autoliquidazione|durc-online|fascicolo-aziendale (service is `durc-online`)",
            "  repeat every 4h; escalate after 2h to uff-contact-center; groups incidents of dependent services",
            "office `uff-contact-center` (Contact center - coordinamento secondo livello): mail coordinamento.cc@istituto.example.it, at most 12 mails/h, locale it, digest daily, alert folder uff-contact-center",
            "office `uff-rapporto-assicurativo` (Ufficio Rapporto assicurativo e DURC): mail rapporto.assicurativo@istituto.example.it, at most 10 mails/h, locale it, digest daily, alert folder uff-rapporto-assicurativo",
            "notice `rilascio-portale-domenicale` (maintenance) active at 2026-03-29T21:30:00Z until 2026-03-30T04:00:00Z: the alert would be silenced; Manutenzione programmata del portale, ogni domenica dalle 22:00 alle 06:00 del lunedì.",
            "  workaround: Invitare l'utente a riprovare dopo le 06:00 di lunedì; le scadenze che cadono nella finestra sono prorogate.",
            "calendar at 2026-03-29T21:30:00Z: peak `durc-fine-mese` x1.8, expected volume x1.8",
            "upstream `autenticazione` (direct dependency): an open incident there would inhibit this alert",
            "upstream `fascicolo-aziendale` (direct dependency): an open incident there would group this incident with it",
        ])
    }

    @Test("unknown service goes to the default route")
    func unknown() throws {
        let rules = try RulesFixtures.shipped()
        let lines = RulesExplainer(rules: rules).explain(
            RouteLabels(service: "firma-digitale", queue: "backoffice", severity: .minor), at: RulesFixtures.t("2026-02-10T10:00:00Z"))
        #expect(lines.first == "service `firma-digitale` is not in the catalogue: it is kept as given and routed by the default route")
        #expect(lines.contains("route 1 of 1: predefinita -> uff-contact-center"))
        #expect(lines.contains("notices at 2026-02-10T10:00:00Z: none active"))
        #expect(lines.contains("calendar at 2026-02-10T10:00:00Z: no peak, expected volume x1"))
        #expect(lines.last == "upstream: none (no dependsOn)")
    }

    @Test("staff service in English for the supplier's office")
    func staff() throws {
        let rules = try RulesFixtures.shipped()
        let lines = RulesExplainer(rules: rules).explain(
            RouteLabels(service: "vpn", queue: "helpdesk", severity: .critical), at: RulesFixtures.t("2026-02-10T10:00:00Z"))
        #expect(lines.contains("route 1 of 1: predefinita > servizi al personale -> uff-sistemi-interni"))
        #expect(lines.contains { $0.hasPrefix("office `uff-sistemi-interni`") && $0.hasSuffix("locale en, digest weekly, alert folder sistemi-interni") })
    }

    @Test("autoliquidazione in the February rush")
    func rush() throws {
        let rules = try RulesFixtures.shipped()
        #expect(rules.calendar.expectedFactor(service: "autoliquidazione", at: RulesFixtures.t("2026-02-16T10:00:00Z")) == 4)
        #expect(rules.calendar.expectedFactor(service: "autoliquidazione", at: RulesFixtures.t("2026-02-17T10:00:00Z")) == 1)
        let critical = rules.routes.match(RouteLabels(service: "autoliquidazione", queue: "backoffice", severity: .critical))
        #expect(critical.map { $0.path.last!.name } == ["avviso al contact center", "autoliquidazione critica"])
        #expect(critical.last?.repeatInterval == .minutes(30))
        #expect(critical.last?.escalateTo == ["uff-contact-center"])
    }
}
