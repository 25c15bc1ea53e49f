import CVedettaPrefetch

/// Interns terms as dense `UInt32` ids and remembers each word's most frequent surface forms.
///
/// Ids are given in order of first appearance, so they depend only on the input order. Surface forms are
/// tracked with a Misra–Gries summary of three slots per term: bounded memory, and the dominant form wins.
public struct TermVocabulary: Sendable {
    /// One surface form and its (summary) count.
    struct Surface: Sendable, Codable, Hashable {
        var text: String
        var count: Int32
    }

    /// Up to three surface forms of one term, inline: one array element per term, so that recording a form
    /// reads one cache line instead of an array of arrays (a pointer, then a separate buffer).
    struct Slots: Sendable {
        var text0 = "", text1 = "", text2 = ""
        var count0: Int32 = 0, count1: Int32 = 0, count2: Int32 = 0
        var n: Int32 = 0

        subscript(i: Int) -> Surface {
            get {
                switch i {
                case 0: Surface(text: text0, count: count0)
                case 1: Surface(text: text1, count: count1)
                default: Surface(text: text2, count: count2)
                }
            }
            set {
                switch i {
                case 0: (text0, count0) = (newValue.text, newValue.count)
                case 1: (text1, count1) = (newValue.text, newValue.count)
                default: (text2, count2) = (newValue.text, newValue.count)
                }
            }
        }

        /// The forms in order.
        var list: [Surface] { (0..<Int(n)).map { self[$0] } }

        init() {}

        init(_ list: [Surface]) {
            for (i, s) in list.prefix(3).enumerated() { self[i] = s }
            n = Int32(min(list.count, 3))
        }
    }

    private(set) var terms: [String] = []
    private(set) var kinds: [FeatureKind] = []
    private(set) var surfaces: [Slots] = []
    /// Open-addressing table by term hash, at most half full, of `tag << 32 | (id + 1)` (0: empty), the tag being
    /// the hash's low half (the slot comes from its high half); derived from `terms`, never encoded. Cheaper than a
    /// `[String: UInt32]` (SipHash, then bucket, key and value loads) on the hot path: one multiply-and-xor pass
    /// over the bytes, one slot load whose tag rules out nearly every other term, one string comparison.
    private var table: [UInt64] = []
    /// Hash of each term, by id (growing the table re-places terms without hashing them again).
    private var hashes: [UInt64] = []

    /// An empty vocabulary.
    public init() {}

    /// Number of interned terms.
    public var count: Int { terms.count }

    /// The id of `term`, interning it on first sight.
    public mutating func intern(_ term: String, kind: FeatureKind) -> UInt32 {
        intern(term, kind: kind, hash: Self.hash(term))
    }

    /// `intern(_:kind:)` with the term's `hash(_:)` already computed (as `prefetch` needs it first).
    @inline(__always)
    mutating func intern(_ term: String, kind: FeatureKind, hash h: UInt64) -> UInt32 {
        var slot = probe(term, hash: h)
        if let id = found(slot) { return id }
        if (terms.count + 1) * 2 > table.count {
            grow()
            slot = probe(term, hash: h)
        }
        let id = UInt32(terms.count)
        table[slot] = Self.entry(h, id)
        hashes.append(h)
        terms.append(term)
        kinds.append(kind)
        surfaces.append(Slots())
        return id
    }

    /// Prefetches the table slot where a term of hash `h` starts probing.
    @inline(__always)
    func prefetchSlot(hash h: UInt64) {
        guard !table.isEmpty else { return }
        table.withUnsafeBufferPointer { vedetta_prefetch($0.baseAddress! + Self.home(h, mask: $0.count - 1)) }
    }

    /// The id a term of hash `h` probably has, from its first probe slot's tag alone (nil: probably new): a guess
    /// that costs no string comparison, for prefetching what the term's id leads to. `intern` decides.
    @inline(__always)
    func likelyID(hash h: UInt64) -> UInt32? {
        guard !table.isEmpty else { return nil }
        let entry = table[Self.home(h, mask: table.count - 1)]
        return entry != 0 && entry >> 32 == h & 0xFFFF_FFFF ? UInt32(truncatingIfNeeded: entry) - 1 : nil
    }

    /// Prefetches what interning and observing known term `id` read: its term (compared by `intern`) and its
    /// surface forms.
    @inline(__always)
    func prefetch(id: UInt32) {
        let i = Int(id)
        guard i < terms.count else { return }
        terms.withUnsafeBufferPointer { vedetta_prefetch($0.baseAddress! + i) }
        surfaces.withUnsafeBufferPointer { vedetta_prefetch($0.baseAddress! + i) }
    }

    /// The id of `term` if known.
    public func id(of term: String) -> UInt32? { found(probe(term, hash: Self.hash(term))) }

    /// FNV-1a over the UTF-8 bytes, then a multiplicative mix so that the low bits (the slot) depend on all bytes.
    @inline(__always)
    static func hash(_ term: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in term.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return (h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The slot holding `term`, or the empty slot where it would go (the table is never full).
    @inline(__always)
    private func probe(_ term: String, hash h: UInt64) -> Int {
        guard !table.isEmpty else { return -1 }
        let mask = table.count - 1
        var slot = Self.home(h, mask: mask)
        let tag = h & 0xFFFF_FFFF
        while true {
            let entry = table[slot]
            if entry == 0 { return slot }
            if entry >> 32 == tag && terms[Int(entry & 0xFFFF_FFFF) - 1] == term { return slot }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func found(_ slot: Int) -> UInt32? {
        guard slot >= 0 else { return nil }
        let entry = table[slot]
        return entry == 0 ? nil : UInt32(truncatingIfNeeded: entry) - 1
    }

    /// The slot where a term of hash `h` starts probing (the hash's high half; its low half is the tag).
    @inline(__always)
    private static func home(_ h: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: h >> 32) & mask }

    @inline(__always)
    private static func entry(_ h: UInt64, _ id: UInt32) -> UInt64 { (h & 0xFFFF_FFFF) << 32 | UInt64(id + 1) }

    /// Doubles the table (at least 1024 slots) and re-places every term by its stored hash.
    private mutating func grow() {
        var capacity = max(1024, table.count * 2)
        while terms.count * 2 >= capacity { capacity <<= 1 }
        table = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (id, h) in hashes.enumerated() {
            var slot = Self.home(h, mask: mask)
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Self.entry(h, UInt32(id))
        }
    }

    /// Records one occurrence of `surface` for term `id`.
    public mutating func observe(surface: String, for id: UInt32) {
        let i = Int(id)
        surfaces.withUnsafeMutableBufferPointer { all in
            if all[i].n > 0 && all[i].text0 == surface {
                all[i].count0 += 1
            } else if all[i].n > 1 && all[i].text1 == surface {
                all[i].count1 += 1
            } else if all[i].n > 2 && all[i].text2 == surface {
                all[i].count2 += 1
            } else if all[i].n < 3 {
                all[i][Int(all[i].n)] = Surface(text: surface, count: 1)
                all[i].n += 1
            } else {
                // Misra–Gries: every count drops by one and the forms that reach zero leave (order kept).
                let kept = all[i].list.compactMap { s in
                    s.count > 1 ? Surface(text: s.text, count: s.count - 1) : nil
                }
                all[i] = Slots(kept)
            }
        }
    }

    /// The term string of `id`.
    public func term(_ id: UInt32) -> String { terms[Int(id)] }

    /// The kind of `id`.
    public func kind(_ id: UInt32) -> FeatureKind { kinds[Int(id)] }

    /// The most frequent surface form of `id` (ties: the first seen), or the term itself.
    public func surface(_ id: UInt32) -> String {
        var best: Surface?
        for s in surfaces[Int(id)].list where best == nil || s.count > best!.count { best = s }
        return best?.text ?? terms[Int(id)]
    }
}

extension TermVocabulary: Codable {
    private enum CodingKeys: String, CodingKey { case terms, kinds, surfaces }

    /// Decodes and rebuilds the lookup table (not stored: it is derived from `terms`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        terms = try c.decode([String].self, forKey: .terms)
        kinds = try c.decode([FeatureKind].self, forKey: .kinds)
        surfaces = try c.decode([[Surface]].self, forKey: .surfaces).map(Slots.init)
        hashes = terms.map(Self.hash)
        grow()
    }

    /// Encodes terms in id order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(terms, forKey: .terms)
        try c.encode(kinds, forKey: .kinds)
        try c.encode(surfaces.map(\.list), forKey: .surfaces)
    }
}
