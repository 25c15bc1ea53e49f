/// Open-addressing hash table of the stop words of both languages, looked up straight from the scalar buffer.
///
/// Keys are stored and looked up without diacritics, so "perché", "perchè", "perche" and "perche'" are all the
/// same stop word (reports are often typed without accents); no `String` is built for a word that is dropped.
struct StopWordTable: Sendable {
    /// The stop word belongs to the Italian list.
    static let italian: UInt8 = 1
    /// The stop word belongs to the English list.
    static let english: UInt8 = 2

    /// The table of both built-in lists.
    static let shared = StopWordTable(italian: StopWords.italian, english: StopWords.english)

    private var slots: [Int32]
    private var keys: [[Unicode.Scalar]] = []
    private var values: [UInt8] = []
    private let mask: Int

    init(italian: [String], english: [String]) {
        let size = 1 << 12
        precondition(italian.count + english.count < size / 4, "stop word table too small")
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for word in italian { insert(word, Self.italian) }
        for word in english { insert(word, Self.english) }
    }

    private mutating func insert(_ word: String, _ flag: UInt8) {
        let key = word.unicodeScalars.map(TextFolding.strippingDiacritic)
        var slot = Self.hash(key, 0, key.count) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if keys[index] == key { values[index] |= flag; return }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(keys.count)
        keys.append(key)
        values.append(flag)
    }

    @inline(__always)
    private static func hash(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> Int {
        var h: UInt32 = 2_166_136_261
        for k in a..<b { h = (h ^ TextFolding.strippingDiacritic(s[k]).value) &* 16_777_619 }
        return Int(h ^ (h >> 15))
    }

    /// The language flags of `s[a..<b]` (diacritics ignored); 0 when it is no stop word.
    @inline(__always)
    func flags(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> UInt8 {
        var slot = Self.hash(s, a, b) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return 0 }
            let key = keys[index]
            if key.count == b - a {
                var equal = true
                for k in 0..<key.count where key[k] != TextFolding.strippingDiacritic(s[a + k]) {
                    equal = false
                    break
                }
                if equal { return values[index] }
            }
            slot = (slot + 1) & mask
        }
    }
}
