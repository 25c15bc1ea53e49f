import Testing
@testable import VedettaCore

@Suite struct RedactorTests {
    @Test(arguments: [
        ("Il mio CF è RSSMRA85T10A562S, grazie", "Il mio CF è [CF], grazie"),
        ("IBAN IT60 X054 2811 1010 0000 0123 456 respinto", "IBAN [IBAN] respinto"),
        ("accredito su IT60X0542811101000000123456.", "accredito su [IBAN]."),
        ("Scrivetemi a Mario.Rossi@Example.IT oppure", "Scrivetemi a [EMAIL] oppure"),
        ("chiamatemi al +39 333 1234567 o allo 06-1234567", "chiamatemi al [TEL] o allo [TEL]"),
        ("cell. 3331234567", "cell. [TEL]"),
        ("P.IVA 01234567890 non accettata", "P.IVA [P.IVA] non accettata"),
        ("Partita IVA: IT12345678901", "Partita IVA: [P.IVA]"),
    ])
    func redactsPersonalData(text: String, expected: String) {
        #expect(Redactor.redact(text) == expected)
    }

    @Test(arguments: [
        "Errore 503 dopo la firma del 12/03/2026 alle 10:45",
        "ERR-45 e E-1021 sul ticket BO-2026-004711",
        "prot. n. 123456 del 12 marzo 2026, protocollo 2026/12345",
        "vedi https://servizi.example.gov.it/pratica?id=42",
        "L’accesso all’area “riservata” non funziona — perché?",
        "eccezione 0x80070005, importo 1.250,50 euro",
        "",
        "🔥 emoji e\u{301} combinati",
    ])
    func leavesEverythingElseIntact(text: String) {
        #expect(Redactor.redact(text) == text)
    }

    @Test func errorCodesSurviveNextToPersonalData() {
        let text = "errore 503 per l'utente RSSMRA85T10A562S (mario@example.it), codice E-1021"
        #expect(Redactor.redact(text) == "errore 503 per l'utente [CF] ([EMAIL]), codice E-1021")
    }
}

@Suite struct RedactorIdempotenceTests {
    /// Found by fuzzing: the `[P.IVA]` marker of a first pass acted as a VAT keyword on a second pass and took
    /// the next 11-digit number for a partita IVA.
    @Test(arguments: [
        "x 00000000000 00009212466 y",
        "P.IVA 01234567890 e 12345678901 poi [P.IVA] 98765432109",
        "CF RSSMRA85T10A562S, tel 3331234567, iban IT60X0542811101000000123456, p.iva 01234567890",
    ])
    func redactingTwiceChangesNothingMore(text: String) {
        let once = Redactor.redact(text)
        #expect(Redactor.redact(once) == once)
    }
}

extension RedactorIdempotenceTests {
    /// Found by fuzzing: an e-mail whose domain ran into a codice fiscale was not an e-mail until the code
    /// became `[CF]`; redaction now runs to a fixed point, so the address goes too.
    @Test func anEmailUncoveredByAMarkerIsRedactedToo() {
        let text = "scrivere a xam@p.le.itssssssssss542N\u{0}\u{0}\u{0}10950n grazie"
        let once = Redactor.redact(text)
        #expect(!once.contains("xam@"))
        #expect(Redactor.redact(once) == once)
    }
}
