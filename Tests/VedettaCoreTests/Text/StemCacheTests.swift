import Testing
@testable import VedettaCore

@Suite struct StemCacheTests {
    func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    @Test func oneEntryPerWordWithWhatTheNormaliserComputes() {
        var cache = StemCache()
        let text = scalars("il portale portale portal")
        let first = cache.entry(text, 3, 10)
        #expect(first != nil && cache.entry(text, 11, 18) == first)
        #expect(cache.entry(text, 19, 25) != first)
        #expect(cache.entry(text, 0, 2) != nil && cache.count == 3)
        let index = try! #require(first)
        #expect(cache.surfaces[index] == "portale" && cache.stops[index] == 0)
        #expect(cache.stops[cache.entry(text, 0, 2)!] == StopWordTable.italian)
        var scratch: [Unicode.Scalar] = []
        #expect(cache.term(index, .italian, text, 3, 10, scratch: &scratch) == "portal")
        #expect(cache.term(index, .english, text, 3, 10, scratch: &scratch) == "portal")
        #expect(cache.term(index, .italian, text, 3, 10, scratch: &scratch) == "portal")
        let long = scalars(String(repeating: "a", count: StemCache.longestWord + 1))
        #expect(cache.entry(long, 0, long.count) == nil)
    }

    @Test func growsWithinAReportAndStartsAgainAtTheNext() {
        var cache = StemCache()
        var words: [[Unicode.Scalar]] = []
        for n in 0..<(StemCache.capacity + 10) {
            var w: [Unicode.Scalar] = []
            var k = n
            repeat {
                w.append(Unicode.Scalar(UInt8(0x61 + k % 26)))
                k /= 26
            } while k > 0
            words.append(w)
            #expect(cache.entry(w, 0, w.count) == n)
        }
        // Every entry is still found after the table grew.
        #expect(words.indices.allSatisfy { cache.entry(words[$0], 0, words[$0].count) == $0 })
        #expect(cache.surfaces[12345] == String(String.UnicodeScalarView(words[12345])))
        cache.prepareForReport()
        #expect(cache.count == 0)
        #expect(cache.entry(words[7], 0, words[7].count) == 0)
    }

    /// The memo changes nothing: a word gives the tokens it gives alone, whatever came before it, with or
    /// without a typed accent, in either language.
    @Test(arguments: [
        "qualita' della qualita", "perche' e' lento lento'", "the portal's portal portals",
        "attivita' attività attivita", "caricamento caricamento' del modulo",
    ])
    func sameTokensWithAWarmCache(text: String) {
        let normalizer = TextNormalizer()
        let first = normalizer.normalize(text)
        let words = text.split(separator: " ").map(String.init)
        let alone = words.flatMap { normalizer.normalize($0).tokens.map(\.surface) }
        #expect(normalizer.normalize(text) == first)
        #expect(first.tokens.allSatisfy { !$0.term.isEmpty })
        #expect(Set(first.tokens.map(\.surface)).isSubset(of: Set(alone)))
    }
}
