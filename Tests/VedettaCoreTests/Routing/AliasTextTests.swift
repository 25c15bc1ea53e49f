import Testing
@testable import VedettaCore

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

    /// The general `Character` path alone: what every fast path must reproduce.
    static func reference(_ text: String) -> [String] {
        var words: [String] = []
        AliasText.appendGeneralWords(text, to: &words)
        return words
    }

    /// The byte paths (plain word, ASCII, Latin-1) and the general path give what the general path gives.
    @Test(arguments: [
        "portale", "della", "di", "my", "durc2", "DURC", "a", "ÀÈÌÒÙ ÁÉÍÓÚ àèìòù", "straße Æsir Ørsted ÐÞ þð ÿý",
        "3×4÷2", "Ç ç Ñ ñ Ã Õ å Å ä Ö ü", "nella della dello", "Ελλάδα ok", "caffe\u{301} e\u{300}", "😀ok",
        "½ ² µ ª º", "ﬁle", "İstanbul", "tab\tnew\nline\r\nend", "",
    ])
    func bytePathsMatchTheGeneralPath(text: String) {
        #expect(AliasText.words(text) == Self.reference(text))
    }

    @Test func wordsOfSurfacesConcatenatesEachSurface() {
        let tokens = ["portale", "dell'inail", "[EMAIL]", "attività", "di"].map {
            Token(term: $0, surface: $0, kind: .word)
        }
        #expect(AliasText.words(ofSurfaces: tokens) == ["portale", "dell", "inail", "email", "attivita"])
    }
}
