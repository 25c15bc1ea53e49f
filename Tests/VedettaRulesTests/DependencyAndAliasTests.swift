import Testing
import VedettaCore
import VedettaRules

@Suite("Inhibition through dependsOn")
struct DependencyGraphTests {
    static let graph = DependencyGraph(services: [
        Service(id: "autenticazione", name: "", office: "o"),
        Service(id: "fascicolo-aziendale", name: "", office: "o", dependsOn: ["autenticazione"]),
        Service(id: "durc-online", name: "", office: "o", dependsOn: ["fascicolo-aziendale"]),
        Service(id: "pagamenti-pagopa", name: "", office: "o", dependsOn: ["autenticazione"]),
        Service(id: "autoliquidazione", name: "", office: "o", dependsOn: ["pagamenti-pagopa", "fascicolo-aziendale"]),
        Service(id: "vpn", name: "", office: "o"),
    ])

    @Test("inhibiting upstream", arguments: [
        ("durc-online", ["autenticazione"], "autenticazione"),  // two steps away
        ("durc-online", ["fascicolo-aziendale"], "fascicolo-aziendale"),
        ("durc-online", ["fascicolo-aziendale", "autenticazione"], "autenticazione"),  // the root cause wins
        ("autoliquidazione", ["pagamenti-pagopa", "fascicolo-aziendale"], "fascicolo-aziendale"),  // tie: smaller id
        ("durc-online", ["vpn", "pagamenti-pagopa"], nil),  // not upstream
        ("autenticazione", ["durc-online"], nil),  // downstream does not inhibit upstream
        ("vpn", ["autenticazione"], nil),
        ("sconosciuto", ["autenticazione"], nil),
    ] as [(String, [String], String?)])
    func inhibiting(_ service: String, _ firing: [String], _ expected: String?) {
        #expect(Self.graph.inhibitingUpstream(for: service, firing: Set(firing)) == expected)
    }

    @Test("upstream and dependents")
    func closure() {
        #expect(Self.graph.upstream(of: "autoliquidazione").map(\.service)
            == ["pagamenti-pagopa", "fascicolo-aziendale", "autenticazione"])
        #expect(Self.graph.upstream(of: "autoliquidazione").map(\.distance) == [1, 1, 2])
        #expect(Self.graph.dependents(of: "autenticazione")
            == ["autoliquidazione", "durc-online", "fascicolo-aziendale", "pagamenti-pagopa"])
    }

    @Test("cycles are found and do not hang the closure")
    func cycles() {
        let services = [
            Service(id: "a", name: "", office: "o", dependsOn: ["b"]),
            Service(id: "b", name: "", office: "o", dependsOn: ["c"]),
            Service(id: "c", name: "", office: "o", dependsOn: ["a"]),
        ]
        #expect(DependencyGraph.cycles(in: services) == [["a", "b", "c", "a"]])
        let g = DependencyGraph(services: services)
        #expect(g.upstream(of: "a").map(\.service) == ["b", "c"])
        #expect(g.inhibitingUpstream(for: "a", firing: ["b", "c"]) == "b")
    }
}

@Suite("Alias inference")
struct AliasInferenceTests {
    @Test("shipped catalogue", arguments: [
        ("Non riesco ad accedere con SPID, errore 503", "autenticazione"),
        ("Errore durante l'invio della denuncia di infortunio dopo la firma", "denuncia-infortunio"),
        ("Il DURC risulta non regolare ma abbiamo pagato", "durc-online"),
        ("Scadenza autoliquidazione: il calcolo del premio assicurativo non torna", "autoliquidazione"),
        ("Il certificato medico del pronto soccorso non compare", "certificati-medici"),
        ("L'avviso di pagamento pagoPA non si genera", "pagamenti-pagopa"),
        ("La PEC non arriva: posta elettronica certificata piena", "comunicazioni-pec"),
        ("Outlook non sincronizza la casella di posta", "posta-elettronica"),
        ("Cannot connect to the VPN from home", "vpn"),
        ("The printer on the second floor is jammed", "postazione-lavoro"),
        ("I can't submit the workplace accident report", "denuncia-infortunio"),
        ("Richiesta indennità di inabilità temporanea non pagata", "prestazioni-indennizzi"),
        ("RÉGULARITÉ? no: la Regolarità Contributiva è bloccata", "durc-online"),
    ])
    func shipped(_ text: String, _ service: String) throws {
        let rules = try RulesFixtures.shipped()
        #expect(rules.catalogue.infer(fromText: text)?.service == service)
    }

    @Test("no alias, no guess")
    func none() throws {
        let rules = try RulesFixtures.shipped()
        #expect(rules.catalogue.infer(fromText: "Buongiorno, vorrei informazioni") == nil)
        #expect(rules.catalogue.infer(fromText: "") == nil)
    }

    @Test("longer aliases beat shorter ones; ties go to the first mention, then rule order")
    func tieBreaks() {
        let catalogue = ServiceCatalogue(services: [
            Service(id: "a", name: "", office: "o", aliases: ["portale"]),
            Service(id: "b", name: "", office: "o", aliases: ["fascicolo"]),
            Service(id: "c", name: "", office: "o", aliases: ["portale dei pagamenti"]),
        ])
        #expect(catalogue.infer(fromText: "il portale dei pagamenti")?.service == "c")
        #expect(catalogue.infer(fromText: "fascicolo e portale")?.service == "b")
        #expect(catalogue.infer(fromText: "portale e fascicolo")?.service == "a")
        // The score counts words covered, connectives excluded ("dei"), repeated mentions included.
        #expect(catalogue.infer(fromText: "Il portale dei pagamenti")
            == ServiceCatalogue.Inference(service: "c", aliases: ["portale dei pagamenti"], score: 2))
        #expect(catalogue.infer(fromText: "Portale, portale dei pagamenti")
            == ServiceCatalogue.Inference(service: "a", aliases: ["portale"], score: 2))
    }

    @Test("tokens are read through their surface forms")
    func tokens() throws {
        let rules = try RulesFixtures.shipped()
        let tokens = TextNormalizer().normalize("Errore sul fascicolo aziendale della ditta").tokens
        #expect(rules.catalogue.infer(fromTokens: tokens)?.service == "fascicolo-aziendale")
    }
}
