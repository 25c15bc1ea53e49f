import Testing
import VedettaCore

@Suite struct AliasTextTests {
    /// The ASCII fast path and the general path (taken when any character is not ASCII) fold alike.
    @Test(arguments: [
        ("Certificato di Malattia", ["certificato", "malattia"]),
        ("DURC-online, dell'INAIL", ["durc", "online", "dell", "inail"]),
        ("  the Portal_of 2FA!! ", ["portal", "2fa"]),
        ("Attività dell'INAIL", ["attivita", "dell", "inail"]),
        ("Perché DURC-online è giù", ["perche", "durc", "online", "giu"]),
        ("", []),
    ])
    func foldsWordsAndDropsConnectives(text: String, expected: [String]) {
        #expect(AliasText.words(text) == expected)
    }
}
