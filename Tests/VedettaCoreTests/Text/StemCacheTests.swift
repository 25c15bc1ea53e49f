import Testing
@testable import VedettaCore

@Suite struct StemCacheTests {
    func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    @Test func findsWhatWasInsertedByWordAndFlag() {
        var cache = StemCache()
        let text = scalars("il portale portale")
        let miss = cache.find(text, 3, 10, flag: 2)
        #expect(miss < 0)
        cache.insert(text, 3, 10, flag: 2, slot: -miss - 1, surface: "portale", term: "portal")
        let hit = cache.find(text, 11, 18, flag: 2)
        #expect(hit >= 0)
        #expect(cache.surfaces[hit] == "portale" && cache.terms[hit] == "portal")
        // Another language or a typed accent after the word is another entry.
        #expect(cache.find(text, 11, 18, flag: 0) < 0)
        #expect(cache.find(text, 11, 18, flag: 3) < 0)
        // A prefix is not the word.
        #expect(cache.find(text, 11, 17, flag: 2) < 0)
    }

    @Test func startsAgainWhenFull() {
        var cache = StemCache()
        var words: [[Unicode.Scalar]] = []
        for n in 0...StemCache.capacity {
            var w: [Unicode.Scalar] = []
            var k = n
            repeat {
                w.append(Unicode.Scalar(UInt8(0x61 + k % 26)))
                k /= 26
            } while k > 0
            words.append(w)
            let slot = cache.find(w, 0, w.count, flag: 0)
            #expect(slot < 0)
            cache.insert(w, 0, w.count, flag: 0, slot: -slot - 1, surface: String(String.UnicodeScalarView(w)),
                         term: nil)
        }
        #expect(cache.surfaces.count == 1)
        let last = words[words.count - 1]
        #expect(cache.find(last, 0, last.count, flag: 0) == 0)
        #expect(cache.find(words[0], 0, words[0].count, flag: 0) < 0)
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
