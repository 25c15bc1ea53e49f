import Testing
@testable import VedettaCore

@Suite struct TextFoldingTests {
    /// The byte-decoding fast path folds exactly as the scalar-by-scalar reference, on every kind of input
    /// it treats differently: ASCII, Latin-1 and Latin Extended-A, combining marks (also first in the text),
    /// typographic punctuation, zero-width characters, other scripts, lower-case mappings that change length.
    @Test(arguments: [
        "", "Errore 503 DOPO la FIRMA", "Perché l’accesso — non va", "perche\u{301} e\u{300} cosi\u{300}",
        "\u{301}inizio", "ÀÉÎÕÜ àéîõü ÇÑ ×÷ ÿŸ Łódź ŒUVRE œuvre ĳ ſ ŉ ĸ", "zero\u{200B}width\u{AD}soft\u{FEFF}",
        "spazi\u{A0}strani\u{2009}e\u{3000}altri", "Ελληνικά ΣΟΦΙΑ", "Кириллица ПРИВЕТ", "İstanbul İİİ", "ẞ straße",
        "ǅ ǈ ǋ", "€ 100,00 — 😀👍🏽 ok", "日本語テキスト", "\u{10400}\u{10428} deseret", "a\u{0}b\u{1F}c",
    ])
    func fastPathMatchesTheReference(text: String) {
        #expect(TextFolding.fold(text) == TextFolding.foldByScalars(text))
    }

    @Test func composesAndLowersLatin() {
        #expect(String(String.UnicodeScalarView(TextFolding.fold("PERCHE\u{301} Ÿ’"))) == "perché ÿ'")
    }
}
