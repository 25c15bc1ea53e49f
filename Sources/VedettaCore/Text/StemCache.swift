import Synchronization

/// A memo of what the normaliser learns about a folded word: its stop-word flags, its language points, its
/// surface string and its terms (stems without diacritics) for English, Italian, and Italian with a typed
/// accent after it ("qualita'").
///
/// Reports repeat a small vocabulary, so most words cost one lookup here instead of a stop-word lookup, a
/// stemmer run and two new strings. A pure memo: every value is the one the normaliser would compute, whatever
/// the cache holds, so outputs stay deterministic. Bounded: a report that finds it full empties it first.
struct StemCache: Sendable {
    /// Longest word kept (longer ones are rare and computed each time).
    static let longestWord = 40
    /// Entries after which the next report starts with an empty cache.
    static let capacity = 1 << 15

    /// The cache shared by every normaliser (one lock per report, not per word).
    static let shared = Mutex<StemCache>(StemCache())

    /// A term variant: the language and, for Italian, whether a typed accent follows the word.
    enum Variant: Int {
        case english = 0, italian = 1, italianTypedAccent = 2
    }

    private var slots: [Int32]
    private var mask: Int
    private var pool: [Unicode.Scalar] = []
    private var starts: [Int32] = []
    private var lengths: [UInt8] = []
    /// Stop-word flags of each entry (`StopWordTable`).
    private(set) var stops: [UInt8] = []
    /// Language points of each entry (`LanguageGuesser.score`).
    private(set) var italianPoints: [Int8] = []
    private(set) var englishPoints: [Int8] = []
    /// The surface string of each entry.
    private(set) var surfaces: [String] = []
    /// Three term slots per entry, one per variant, filled when first needed.
    private var terms: [String?] = []
    private var known: [UInt8] = []

    init() {
        // Small at first, doubled at half load: a compact table stays in the processor's caches.
        let size = 1 << 12
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Number of entries.
    var count: Int { surfaces.count }

    /// Empties a full cache; called before a report, so that entries stay valid while it is read.
    mutating func prepareForReport() {
        if surfaces.count >= Self.capacity { self = StemCache() }
    }

    /// Two scalars per multiply: the lookup waits on this chain of multiplications.
    @inline(__always)
    private static func hash(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b - a)
        var k = a
        while k + 1 < b {
            h = (h ^ (UInt64(s[k].value) | UInt64(s[k + 1].value) << 32)) &* 0x0000_0100_0000_01B3
            k += 2
        }
        if k < b { h = (h ^ UInt64(s[k].value)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29) ^ (h >> 43))
    }

    /// The entry of the word `s[a..<b]`, added when new; nil for a word longer than `longestWord`.
    @inline(__always)
    mutating func entry(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> Int? {
        let n = b - a
        guard n <= Self.longestWord else { return nil }
        if surfaces.count * 2 >= slots.count { grow() }
        var slot = Self.hash(s, a, b) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if Int(lengths[index]) == n {
                let start = Int(starts[index])
                var equal = true
                for k in 0..<n where pool[start + k] != s[a + k] {
                    equal = false
                    break
                }
                if equal { return index }
            }
            slot = (slot + 1) & mask
        }
        let index = surfaces.count
        slots[slot] = Int32(index)
        starts.append(Int32(pool.count))
        pool.append(contentsOf: s[a..<b])
        lengths.append(UInt8(n))
        let flags = StopWordTable.shared.flags(s, a, b)
        var italian = 0, english = 0
        LanguageGuesser.score(s, a, b, flags: flags, italian: &italian, english: &english)
        stops.append(flags)
        italianPoints.append(Int8(italian))
        englishPoints.append(Int8(english))
        surfaces.append(TextNormalizer.makeString(s, a, b))
        terms.append(contentsOf: [nil, nil, nil] as [String?])
        known.append(0)
        return index
    }

    /// The term of entry `index` (the word `s[a..<b]`) in `variant`, computed the first time.
    @inline(__always)
    mutating func term(_ index: Int, _ variant: Variant, _ s: [Unicode.Scalar], _ a: Int, _ b: Int,
                       scratch: inout [Unicode.Scalar]) -> String? {
        let bit = UInt8(1) << UInt8(variant.rawValue)
        if known[index] & bit != 0 { return terms[index * 3 + variant.rawValue] }
        let term = TextNormalizer.term(s, a, b, variant, scratch: &scratch)
        terms[index * 3 + variant.rawValue] = term
        known[index] |= bit
        return term
    }

    /// Doubles the table at half load (also past `capacity` within one long report).
    private mutating func grow() {
        let size = slots.count * 2
        var grown = [Int32](repeating: -1, count: size)
        let newMask = size - 1
        for index in 0..<surfaces.count {
            let start = Int(starts[index])
            var slot = Self.hash(pool, start, start + Int(lengths[index])) & newMask
            while grown[slot] >= 0 { slot = (slot + 1) & newMask }
            grown[slot] = Int32(index)
        }
        slots = grown
        mask = newMask
    }
}
