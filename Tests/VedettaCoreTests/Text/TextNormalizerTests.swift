import Testing
@testable import VedettaCore

@Suite struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    func terms(_ text: String) -> [String] { normalizer.normalize(text).tokens.map(\.term) }

    @Test(arguments: [
        ("l'accesso al portale", ["access", "portal"]),
        ("dell'INAIL", ["inail"]),
        ("un'applicazione lenta", ["applic", "lent"]),
        ("c'è un problema", ["problem"]),
        ("L’accesso all’area riservata", ["access", "are", "riserv"]),
        ("nell'ufficio", ["uffic"]),
        ("dov'è finito il modulo?", ["fin", "modul"]),
    ])
    func splitsElisions(text: String, expected: [String]) {
        #expect(terms(text) == expected)
    }

    @Test(arguments: [
        ("pratica del 12/03/2026 ferma", PlaceholderKind.date, "12/03/2026"),
        ("aggiornato il 2026-03-12 alle", .date, "2026-03-12"),
        ("scadenza 12 marzo 2026 superata", .date, "12 marzo 2026"),
        ("dal 1° marzo non arriva", .date, "1° marzo"),
        ("since March 12, 2026 nothing works", .date, "march 12, 2026"),
        ("timestamp 2026-03-12T10:45:00Z nel log", .date, "2026-03-12t10:45:00z"),
        ("bloccato alle 10:45 di stamattina", .time, "10:45"),
        ("allegato prot. n. 123456 mancante", .protocolNumber, "123456"),
        ("protocollo 2026/12345 non trovato", .protocolNumber, "2026/12345"),
        ("vedi 12345/2026 in archivio", .protocolNumber, "12345/2026"),
        ("riaperto BO-2026-004711 ieri", .ticket, "bo-2026-004711"),
        ("ticket INC0012345 chiuso", .ticket, "inc0012345"),
        ("ticket n. 4711 chiuso", .ticket, "4711"),
        ("scrivere a mario.rossi@example.it per", .email, "[EMAIL]"),
        ("vedi https://servizi.example.gov.it/login?x=1. Grazie", .url, "https://servizi.example.gov.it/login?x=1"),
        ("su www.inps.it non va", .url, "www.inps.it"),
        ("codice fiscale RSSMRA85T10A562S errato", .codiceFiscale, "[CF]"),
        ("omocodia RSSMRA85T10A56NS", .codiceFiscale, "[CF]"),
        ("P.IVA 01234567890 respinta", .partitaIVA, "[P.IVA]"),
        ("partita iva: 12345678901", .partitaIVA, "[P.IVA]"),
        ("fornitore 00743110157 moroso", .partitaIVA, "[P.IVA]"),
        ("IBAN IT60 X054 2811 1010 0000 0123 456 respinto", .iban, "[IBAN]"),
        ("iban IT60X0542811101000000123456", .iban, "[IBAN]"),
        ("chiamare +39 333 1234567 domani", .phone, "[TEL]"),
        ("cellulare 333-123-4567", .phone, "[TEL]"),
        ("cellulare 3331234567", .phone, "[TEL]"),
        ("ufficio 06 1234 5678", .phone, "[TEL]"),
        ("fisso 02-12345678", .phone, "[TEL]"),
        ("call +44 20 7946 0958", .phone, "[TEL]"),
        ("importo 1.250,50 euro", .number, "1.250,50"),
        ("dopo 3 tentativi", .number, "3"),
    ])
    func masksVariableParts(text: String, kind: PlaceholderKind, surface: String) {
        let tokens = normalizer.normalize(text).tokens
        let masked = tokens.filter { $0.kind == .placeholder(kind) }
        #expect(masked.count == 1, "\(tokens.map(\.term))")
        #expect(masked.first?.term == kind.term)
        #expect(masked.first?.surface == surface)
        // The masked text leaks into no other token.
        #expect(tokens.filter { $0.kind == .word }.allSatisfy { !$0.surface.contains("@") })
    }

    @Test(arguments: [
        ("errore 503 dopo la firma", "#503"),
        ("Errore 1021 in fase di invio", "#1021"),
        ("codice errore: 4711", "#4711"),
        ("error code 42 on submit", "#42"),
        ("cod. 998 al salvataggio", "#998"),
        ("ERR-45 al login", "#ERR-45"),
        ("restituisce E-1021", "#E-1021"),
        ("restituisce E1021", "#E-1021"),
        ("restituisce e_1021", "#E-1021"),
        ("ORA-00942 sul db", "#ORA-00942"),
        ("pagina bianca con 404", "#404"),
        ("HTTP 500.", "#500"),
        ("eccezione 0x80070005 in Windows", "#0X80070005"),
        ("la PEC torna indietro: 550 5.7.1 relay denied", "#5.7.1"),
        ("la PEC torna indietro: 550 5.7.1 relay denied", "#550"),
    ])
    func keepsErrorCodes(text: String, code: String) {
        let tokens = normalizer.normalize(text).tokens
        #expect(tokens.contains(Token(term: code, surface: tokens.first { $0.term == code }?.surface ?? "",
                                      kind: .errorCode)), "\(tokens.map(\.term))")
    }

    @Test(arguments: ["alle 15 circa", "pagati 1500 euro", "anno 2026", "sono 600 pratiche", "versione 4.503"])
    func numbersAreNotErrorCodes(text: String) {
        #expect(!normalizer.normalize(text).tokens.contains { $0.kind == .errorCode })
    }

    @Test func errorCodeWithDateAndAccents() {
        let result = normalizer.normalize("Errore 503 dopo la firma del 12/03/2026: perché?")
        #expect(result.language == .italian)
        #expect(result.tokens.map(\.term) == ["error", "#503", "firm", "<date>"])
    }

    @Test(arguments: [
        ("non riesco ad accedere al portale", Language.italian),
        ("il sito è lento", .italian),
        ("impossibile caricare il documento", .italian),
        ("I cannot log in to the portal since this morning", .english),
        ("the page is not loading", .english),
        ("uploading documents failed", .english),
        ("", .italian),
        ("SPID", .italian),
    ])
    func guessesLanguage(text: String, language: Language) {
        #expect(normalizer.normalize(text).language == language)
    }

    @Test func stemsByLanguage() {
        #expect(terms("the uploads are failing again") == ["upload", "fail", "again"])
        #expect(terms("le pratiche non vengono caricate") == ["pratic", "non", "veng", "caric"])
    }

    @Test(arguments: [
        ("non funziona", ["non", "funzion"]),
        ("impossibile accedere, errore", ["imposs", "acced", "error"]),
        ("it does not work", ["not", "work"]),
        ("I can't log in", ["not", "log"]),
        ("the site doesn't load, no response", ["site", "not", "load", "no", "respons"]),
        ("the server is down", ["server", "down"]),
    ])
    func keepsNegationsAndProblemWords(text: String, expected: [String]) {
        #expect(terms(text) == expected)
    }

    @Test func diacriticsStrippedAfterStemming() {
        #expect(terms("perché?") == [] && terms("perche?") == [] && terms("perche'?") == [])
        #expect(terms("qualità del servizio") == terms("qualita' del servizio"))
        #expect(terms("la firma digitale però") == terms("la firma digitale pero"))
        #expect(terms("velocità") == ["veloc"])
        // Decomposed input (e + combining grave) composes before stemming.
        #expect(terms("citta\u{300} perche\u{301}") == terms("città perché"))
        #expect(terms("ATTIVITÀ") == terms("attività"))
    }

    @Test func surfaceIsFoldedWordAsWritten() {
        let tokens = normalizer.normalize("Il Portale INPS è LENTISSIMO").tokens
        #expect(tokens.map(\.surface) == ["portale", "inps", "lentissimo"])
        #expect(tokens.map(\.term) == ["portal", "inps", "lentissim"])
    }

    @Test(arguments: [
        "", "   ", "🔥🔥🔥", "\u{301}\u{300}", "a\u{301}\u{301}\u{301}", "\u{0}\u{1}\u{7F}", "'''", "l'",
        "+", "+39", "@", "x@", "@y.it", "http://", "www.", "12/", "12:", "0x", "e-", "IT60", "£$%&/()=?^",
        "日本語のテキスト", "Привет мир", "ﬁle ǅ ΣΑΣ", String(repeating: "a.", count: 20_000),
        String(repeating: "1 ", count: 20_000), String(repeating: "é", count: 70_000),
    ])
    func edgeInputNeverCrashes(text: String) {
        let result = normalizer.normalize(text)
        for token in result.tokens { #expect(!token.term.isEmpty) }
        _ = Redactor.redact(text)
    }

    @Test func largeAndBinaryInput() {
        var generator = SplitMix64(seed: 42)
        var bytes: [UInt8] = []
        for _ in 0..<(64 * 1024) { bytes.append(UInt8(truncatingIfNeeded: generator.next())) }
        let garbage = String(decoding: bytes, as: UTF8.self)
        _ = normalizer.normalize(garbage)
        #expect(Redactor.redact(garbage).unicodeScalars.count <= garbage.unicodeScalars.count + 64 * 1024)

        let sentence = "Errore 503 dopo la firma, scrivere a mario.rossi@example.it o chiamare 333 1234567. "
        let big = String(repeating: sentence, count: 64 * 1024 / sentence.utf8.count + 1)
        let tokens = normalizer.normalize(big).tokens
        #expect(tokens.filter { $0.term == "#503" }.count == tokens.filter { $0.term == "<email>" }.count)
        #expect(tokens.filter { $0.term == "<phone>" }.count > 700)
    }
}

@Suite struct StopWordTests {
    @Test(arguments: ["non", "no", "errore", "impossibile", "senza", "mai", "ancora", "funziona", "bloccato"])
    func italianKeepsProblemWords(word: String) {
        #expect(!StopWords.italian.contains(word))
        #expect(StopWordTable.shared.flags(Array(word.unicodeScalars), 0, word.unicodeScalars.count)
            & StopWordTable.italian == 0)
    }

    @Test(arguments: ["not", "no", "nor", "cannot", "down", "out", "off", "again", "error", "failed"])
    func englishKeepsProblemWords(word: String) {
        #expect(!StopWords.english.contains(word))
    }

    @Test(arguments: [("il", StopWordTable.italian), ("perche", StopWordTable.italian),
                      ("perchè", StopWordTable.italian), ("piu", StopWordTable.italian),
                      ("the", StopWordTable.english), ("in", StopWordTable.italian | StopWordTable.english),
                      ("portale", 0)])
    func tableIgnoresDiacritics(word: String, flags: UInt8) {
        #expect(StopWordTable.shared.flags(Array(word.unicodeScalars), 0, word.unicodeScalars.count) == flags)
    }

    @Test func removesStopWordsOfTheGuessedLanguage() {
        let normalizer = TextNormalizer()
        #expect(normalizer.normalize("il portale della regione non è raggiungibile").tokens.map(\.surface)
            == ["portale", "regione", "non", "raggiungibile"])
        #expect(normalizer.normalize("the portal of the region is not reachable").tokens.map(\.surface)
            == ["portal", "region", "not", "reachable"])
    }
}
