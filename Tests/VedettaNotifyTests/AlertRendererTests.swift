import Foundation
import Testing
import VedettaCore
import VedettaStore
@testable import VedettaNotify

/// Golden renderings of each alert state in both languages, and the rules every rendering keeps.
@Suite("AlertRenderer")
struct AlertRendererTests {
    static let languages: [Language] = [.italian, .english]

    static func context(_ state: IncidentState, _ language: Language) -> AlertContext {
        let office = language == .italian ? AlertFixtures.italianOffice : AlertFixtures.englishOffice
        let incident: Incident
        var previous: Incident?
        switch state {
        case .firing: incident = AlertFixtures.firing()
        case .updated:
            incident = AlertFixtures.updated()
            previous = AlertFixtures.firing()
        case .resolved:
            incident = AlertFixtures.resolved()
            previous = AlertFixtures.updated()
        }
        return AlertContext(incident: incident, delivery: AlertFixtures.delivery(office), office: office,
                            owner: AlertFixtures.italianOffice, previous: previous)
    }

    @Test(arguments: languages, IncidentState.allCases)
    func renderingsMatchGoldenFiles(language: Language, state: IncidentState) throws {
        let renderer = try AlertFixtures.renderer()
        let context = Self.context(state, language)
        let rendered = renderer.render(context)
        let stem = "\(language.rawValue)-\(state.rawValue)"
        try GoldenFile.check(rendered.fileText, stem + ".txt")
        try GoldenFile.check("Subject: " + rendered.subject + "\n\n" + rendered.text, stem + ".mail.txt")
        try GoldenFile.check(rendered.html, stem + ".mail.html")
        let key = "file:" + context.delivery.key(for: context.incident)
        try GoldenFile.check(String(decoding: try AlertDocument(key: key, context: context).encoded(), as: UTF8.self),
                             stem + ".json")
    }

    @Test(arguments: languages, IncidentState.allCases)
    func noPersonalDataInAnyRendering(language: Language, state: IncidentState) throws {
        let context = Self.context(state, language)
        let rendered = try AlertFixtures.renderer().render(context)
        let json = String(decoding: try AlertDocument(key: "k", context: context).encoded(), as: UTF8.self)
        for text in [rendered.subject, rendered.text, rendered.html, rendered.fileText, json] {
            for secret in AlertFixtures.secrets {
                #expect(!text.contains(secret), "\(secret) leaked")
            }
        }
    }

    @Test func subjectsNameSeverityServiceAndState() throws {
        let renderer = try AlertFixtures.renderer()
        #expect(renderer.render(Self.context(.firing, .italian)).subject
                == "[Vedetta] GRAVE · Denuncia infortunio · nuovo: errore 503 · firma · denuncia")
        #expect(renderer.render(Self.context(.updated, .italian)).subject
                == "[Vedetta] CRITICO · Denuncia infortunio · aggiornamento: errore 503 · firma · denuncia")
        #expect(renderer.render(Self.context(.resolved, .english)).subject
                == "[Vedetta] CRITICAL · Denuncia infortunio · resolved: errore 503 · firma · denuncia")
    }

    @Test func firingCarriesTheAlertContent() throws {
        let text = try AlertFixtures.renderer().render(Self.context(.firing, .italian)).text
        for expected in [
            "Ufficio responsabile: Ufficio Infortuni sul lavoro", "Gravità: GRAVE", "Ticket: 46 · richiedenti distinti: 40",
            "18 negli ultimi 15 min · 40 nell'ultima ora · 40 nelle ultime 4 ore", "Andamento: 8,0× il previsto",
            "Primo segnale: 02/03/2026 08:50", "Regioni: Lombardia (14), Lazio (9), Campania (6)",
            "Termini comuni: denuncia, firma, invio", "Codici di errore: 503, E-1021", "[CF]", "[IBAN]", "[EMAIL]", "[TEL]",
            "Soluzione temporanea: Inviare la denuncia dal canale PEC",
            "Instradamento: root > servizi online > uff-infortuni",
        ] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
    }

    @Test func updatesSayOnlyWhatChanged() throws {
        let text = try AlertFixtures.renderer().render(Self.context(.updated, .english)).text
        #expect(text.contains("Severity: MAJOR → CRITICAL"))
        #expect(text.contains("Growth against expected: 8.0× → 18.1×"))
        #expect(text.contains("Tickets: 46 → 130; distinct requesters: 40 → 112"))
        #expect(text.contains("New regions: Sicilia (5)"))
        #expect(text.contains("New error codes: E-2040"))
        #expect(!text.contains("Representative reports"))
        #expect(!text.contains("Shared terms"))
    }

    @Test func resolvedSaysClosedAndHowLong() throws {
        let it = try AlertFixtures.renderer().render(Self.context(.resolved, .italian)).text
        #expect(it.contains("è chiuso"))
        #expect(it.contains("Chiuso il 02/03/2026 12:35, dopo 3 h 45 min dal primo segnale (02/03/2026 08:50)."))
    }

    @Test func htmlEscapesQuotedTextAndLoadsNothingExternal() throws {
        let html = try AlertFixtures.renderer().render(Self.context(.firing, .italian)).html
        #expect(html.contains("&lt;digitale&gt; &amp;"))
        #expect(!html.contains("<digitale>"))
        #expect(!html.contains("src="))
        #expect(!html.contains("http"))
    }

    @Test func datesFollowRomeSummerTime() {
        let words = AlertVocabulary(language: .italian)
        #expect(words.time(Timestamp(rfc3339: "2026-03-29T00:30:00Z")!) == "29/03/2026 01:30")
        #expect(words.time(Timestamp(rfc3339: "2026-03-29T01:30:00Z")!) == "29/03/2026 03:30")
        #expect(AlertVocabulary(language: .english).time(Timestamp(rfc3339: "2026-07-01T10:00:00Z")!) == "2026-07-01 12:00")
    }
}
