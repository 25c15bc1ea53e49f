import Foundation
import Testing
@testable import VedettaCore

/// The featurizer keeps its per-term state in one record but encodes it as before (parallel arrays): a decoded
/// featurizer gives the vectors the original gives, and a damaged encoding is refused with its counts.
@Suite struct LexicalFeaturizerCodingTests {
    private func trained() -> LexicalFeaturizer {
        var f = LexicalFeaturizer()
        let texts = ["Errore 503 sul portale denunce", "il portale delle denunce non risponde",
                     "DURC online: documento non disponibile", "accesso negato al fascicolo"]
        for (i, text) in texts.enumerated() {
            _ = f.featurize(normalized(text), service: nil, at: Timestamp(milliseconds: Int64(i) * 3_600_000))
        }
        return f
    }

    @Test func encodesTheFormerArraysAndDecodesToTheSameVectors() throws {
        var original = trained()
        let data = try JSONEncoder().encode(original)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let frequency = try #require(object["frequency"] as? [Double])
        let stamps = try #require(object["frequencyStamp"] as? [Int64])
        #expect(frequency.count == original.vocabulary.count && stamps.count == frequency.count)
        #expect(object["stats"] == nil, "the record is not encoded")
        var decoded = try JSONDecoder().decode(LexicalFeaturizer.self, from: data)
        let later = Timestamp(milliseconds: 10 * 3_600_000)
        for text in ["portale denunce errore 503", "fascicolo, accesso negato di nuovo"] {
            #expect(decoded.featurize(normalized(text), service: nil, at: later)
                == original.featurize(normalized(text), service: nil, at: later))
        }
    }

    @Test func refusesFrequenciesThatDoNotMatchTheVocabulary() throws {
        let data = try JSONEncoder().encode(trained())
        var object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["frequencyStamp"] = [Int64(0)]
        let damaged = try JSONSerialization.data(withJSONObject: object)
        #expect {
            _ = try JSONDecoder().decode(LexicalFeaturizer.self, from: damaged)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription.contains("1 stamps")
        }
    }
}
