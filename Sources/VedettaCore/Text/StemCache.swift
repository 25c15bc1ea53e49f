import Synchronization

/// A memo of the normaliser's word results: a folded word (with its language and whether a typed accent
/// follows it) to its surface string and its term (nil when stemming leaves nothing).
///
/// Reports repeat a small vocabulary, so most words are looked up here instead of stemmed, stripped of
/// diacritics and turned into two strings again. A pure memo: the result is the one the normaliser computes,
/// whatever the cache holds, so outputs stay deterministic. Bounded: when full it starts again empty.
struct StemCache: Sendable {
    /// Longest word kept (longer ones are rare and computed each time).
    static let longestWord = 40
    /// Most entries kept before the cache is emptied.
    static let capacity = 1 << 15

    /// The cache shared by every normaliser (one lock per report, not per word).
    static let shared = Mutex<StemCache>(StemCache())

    private var slots: [Int32]
    private let mask: Int
    private var pool: [Unicode.Scalar] = []
    private var starts: [Int32] = []
    private var lengths: [UInt8] = []
    private var flags: [UInt8] = []
    private(set) var surfaces: [String] = []
    private(set) var terms: [String?] = []

    init() {
        let size = Self.capacity * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        pool.reserveCapacity(Self.capacity * 8)
    }

    @inline(__always)
    private static func hash(_ s: [Unicode.Scalar], _ a: Int, _ b: Int, _ flag: UInt8) -> Int {
        var h: UInt32 = 2_166_136_261 ^ UInt32(flag)
        for k in a..<b { h = (h ^ s[k].value) &* 16_777_619 }
        return Int(h ^ (h >> 15))
    }

    /// The entry of `s[a..<b]` with `flag`, or the slot where it would go (as `-slot - 1`).
    @inline(__always)
    func find(_ s: [Unicode.Scalar], _ a: Int, _ b: Int, flag: UInt8) -> Int {
        var slot = Self.hash(s, a, b, flag) & mask
        let n = b - a
        while true {
            let index = Int(slots[slot])
            if index < 0 { return -slot - 1 }
            if Int(lengths[index]) == n, flags[index] == flag {
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
    }

    /// Records the result for `s[a..<b]` with `flag` at `slot` (from `find`).
    mutating func insert(_ s: [Unicode.Scalar], _ a: Int, _ b: Int, flag: UInt8, slot: Int, surface: String,
                         term: String?) {
        guard b - a <= Self.longestWord else { return }
        var slot = slot
        if surfaces.count >= Self.capacity {
            self = StemCache()
            slot = Self.hash(s, a, b, flag) & mask
        }
        slots[slot] = Int32(surfaces.count)
        starts.append(Int32(pool.count))
        pool.append(contentsOf: s[a..<b])
        lengths.append(UInt8(b - a))
        flags.append(flag)
        surfaces.append(surface)
        terms.append(term)
    }
}
