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

    private(set) var terms: [String] = []
    private(set) var kinds: [FeatureKind] = []
    private(set) var surfaces: [[Surface]] = []
    private var lookup: [String: UInt32] = [:]

    /// An empty vocabulary.
    public init() {}

    /// Number of interned terms.
    public var count: Int { terms.count }

    /// The id of `term`, interning it on first sight.
    public mutating func intern(_ term: String, kind: FeatureKind) -> UInt32 {
        if let id = lookup[term] { return id }
        let id = UInt32(terms.count)
        lookup[term] = id
        terms.append(term)
        kinds.append(kind)
        surfaces.append([])
        return id
    }

    /// The id of `term` if known.
    public func id(of term: String) -> UInt32? { lookup[term] }

    /// Records one occurrence of `surface` for term `id`.
    public mutating func observe(surface: String, for id: UInt32) {
        let i = Int(id)
        if let slot = surfaces[i].firstIndex(where: { $0.text == surface }) {
            surfaces[i][slot].count += 1
        } else if surfaces[i].count < 3 {
            surfaces[i].append(Surface(text: surface, count: 1))
        } else {
            for slot in surfaces[i].indices { surfaces[i][slot].count -= 1 }
            surfaces[i].removeAll { $0.count <= 0 }
        }
    }

    /// The term string of `id`.
    public func term(_ id: UInt32) -> String { terms[Int(id)] }

    /// The kind of `id`.
    public func kind(_ id: UInt32) -> FeatureKind { kinds[Int(id)] }

    /// The most frequent surface form of `id` (ties: the first seen), or the term itself.
    public func surface(_ id: UInt32) -> String {
        var best: Surface?
        for s in surfaces[Int(id)] where best == nil || s.count > best!.count { best = s }
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
        surfaces = try c.decode([[Surface]].self, forKey: .surfaces)
        lookup = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($0.element, UInt32($0.offset)) })
    }

    /// Encodes terms in id order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(terms, forKey: .terms)
        try c.encode(kinds, forKey: .kinds)
        try c.encode(surfaces, forKey: .surfaces)
    }
}
