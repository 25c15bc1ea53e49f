#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CVedettaPrefetch

/// TF-IDF over stems with document frequencies that decay in event time, plus strong features for the service
/// and for error codes; vectors are L2-normalised.
///
/// Decay keeps IDF current: a word that floods the stream today (the failing service's name) loses weight over
/// days, while a vocabulary that was common last month becomes distinctive again. Each term's frequency is decayed
/// lazily when the term is next seen, so a report costs O(its tokens).
public struct LexicalFeaturizer: Featurizer {
    /// Tuning of the lexical features.
    public struct Configuration: Hashable, Sendable {
        /// Half-life of document frequencies, in event time.
        public var halfLife: Timestamp.Duration = .days(14)
        /// Weight of a service feature relative to the unit-length text part (0, the default, leaves the service
        /// out of the vector). Off because in a centroid the service, shared by every member, outweighs the
        /// scattered words and pulls every report of the service into one cluster; the clusterer weighs the
        /// service separately (`ClusteringConfiguration.sameServiceBonus`, `crossServiceThreshold`).
        public var serviceBoost: Float = 0
        /// Multiplier of an error code's TF-IDF weight.
        public var errorCodeBoost: Float = 2.5
        /// Multiplier of a placeholder's TF-IDF weight (masked numbers carry little meaning).
        public var placeholderWeight: Float = 0.3
        /// Added to every IDF (`ln((N+1)/(df+1)) + idfOffset`): lower values weigh common words less.
        public var idfOffset: Float = 2
        /// Multiplier of adjacent-word-pair features (0 disables them).
        public var bigramWeight: Float = 0
        /// Multiplier of word-prefix features (the first `prefixLength` characters of a longer stem): they let
        /// inflections the stemmer leaves apart and typos at the end of a word meet (0 disables them).
        public var prefixWeight: Float = 0.3
        /// Characters kept by a prefix feature.
        public var prefixLength: Int = 4
        /// Least IDF (after `idfOffset`), so that the weight of a flooding word never vanishes.
        public var idfFloor: Float = 0.05
        /// Term-frequency saturation: `tf = count / (count + k)` scaled to 1 for a single occurrence when k > 0,
        /// `1 + ln(count)` when 0.
        public var tfSaturation: Float = 0

        /// The default tuning.
        public init() {}
    }

    /// The tuning in use.
    public var configuration: Configuration
    /// Interned terms.
    public private(set) var vocabulary = TermVocabulary()
    /// By term id: what the featurizer keeps of it.
    private var stats: [TermStats] = []
    /// The current report's token hashes (a reusable buffer, not state: never encoded).
    private var hashes: [UInt64] = []
    private var documents: Double = 0
    private var documentsStamp: Int64 = .min
    private static let unknown = UInt32.max
    private static let noPrefix = UInt32.max - 1

    /// What the featurizer keeps of one term, in one record: a token reads it with one cache miss, where its
    /// frequency, the frequency's stamp and its prefix feature, three arrays, cost three once the vocabulary
    /// outgrew the caches.
    struct TermStats: Sendable {
        /// Decayed document frequency, as of `stamp`.
        var frequency: Double
        /// Event time (ms) of `frequency`; `.min` before the first document.
        var stamp: Int64
        /// Id of its prefix feature (`noPrefix` for short words, `unknown` not yet looked at): derived from the
        /// vocabulary, so not encoded; it spares a string and a hash lookup per word.
        var prefix: UInt32
    }

    /// A featurizer with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    private func decay(from stamp: Int64, to now: Int64) -> Double {
        guard stamp != .min, now > stamp else { return 1 }
        let halfLife = Double(max(configuration.halfLife.milliseconds, 1))
        return exp2(-Double(now - stamp) / halfLife)
    }

    private mutating func intern(_ term: String, kind: FeatureKind) -> UInt32 {
        intern(term, kind: kind, hash: TermVocabulary.hash(term))
    }

    @inline(__always)
    private mutating func intern(_ term: String, kind: FeatureKind, hash: UInt64) -> UInt32 {
        let id = vocabulary.intern(term, kind: kind, hash: hash)
        if Int(id) == stats.count { stats.append(TermStats(frequency: 0, stamp: .min, prefix: Self.unknown)) }
        return id
    }

    /// The vector of one report; its distinct terms count once more in the decayed document frequencies.
    public mutating func featurize(_ text: NormalizedText, service: String?, at: Timestamp) -> SparseVector {
        let now = at.milliseconds
        var counts: [(id: UInt32, count: Float, factor: Float)] = []
        counts.reserveCapacity(text.tokens.count * 2)
        func add(_ id: UInt32, _ factor: Float) {
            if let i = counts.firstIndex(where: { $0.id == id }) {
                counts[i].count += 1
            } else {
                counts.append((id, 1, factor))
            }
        }
        var previous: String?
        // Once the vocabulary outgrows the caches, each token's table slot, term, surfaces and statistics are a
        // chain of misses (slot, then the id's records), token after token. So first every token's slot is
        // prefetched, then what each probable id leads to, and only then are tokens interned in order (which is
        // what decides ids, exactly as before): the misses of all tokens overlap, in two rounds.
        let tokens = text.tokens
        hashes.removeAll(keepingCapacity: true)
        for token in tokens { hashes.append(TermVocabulary.hash(token.term)) }
        for h in hashes { vocabulary.prefetchSlot(hash: h) }
        stats.withUnsafeBufferPointer { stats in
            for h in hashes {
                guard let id = vocabulary.likelyID(hash: h), Int(id) < stats.count else { continue }
                vocabulary.prefetch(id: id)
                vedetta_prefetch(stats.baseAddress! + Int(id))
            }
        }
        for (t, token) in tokens.enumerated() {
            let kind: FeatureKind
            let factor: Float
            switch token.kind {
            case .word:
                kind = .word
                factor = 1
            case .errorCode:
                kind = .errorCode
                factor = configuration.errorCodeBoost
            case .placeholder:
                kind = .placeholder
                factor = configuration.placeholderWeight
            }
            let id = intern(token.term, kind: kind, hash: hashes[t])
            if kind == .word { vocabulary.observe(surface: token.surface, for: id) }
            add(id, factor)
            if configuration.prefixWeight > 0, kind == .word {
                let prefix = prefixID(of: id, term: token.term)
                if prefix != Self.noPrefix { add(prefix, configuration.prefixWeight) }
            }
            if configuration.bigramWeight > 0 {
                if kind == .word, let p = previous {
                    add(intern(p + " " + token.term, kind: .other), configuration.bigramWeight)
                }
                previous = kind == .word ? token.term : nil
            }
        }
        guard !counts.isEmpty else {
            return serviceOnly(service)
        }
        // The report itself counts in N and in its terms' frequencies, so a first-seen term has df = 1.
        documents = documents * decay(from: documentsStamp, to: now) + 1
        documentsStamp = max(documentsStamp, now)
        var pairs: [(UInt32, Float)] = []
        pairs.reserveCapacity(counts.count + 1)
        for entry in counts {
            let i = Int(entry.id)
            let df = stats[i].frequency * decay(from: stats[i].stamp, to: now) + 1
            stats[i].frequency = df
            stats[i].stamp = max(stats[i].stamp, now)
            let idf = max(Float(log((documents + 1) / (df + 1))) + configuration.idfOffset, configuration.idfFloor)
            let k = configuration.tfSaturation
            let tf = k > 0 ? entry.count * (1 + k) / (entry.count + k) : 1 + Float(log(Double(entry.count)))
            pairs.append((entry.id, tf * idf * entry.factor))
        }
        var vector = SparseVector(pairs: pairs).normalized()
        if let service, configuration.serviceBoost > 0 {
            let id = intern("@" + service, kind: .service)
            vector = vector.adding(SparseVector(sortedIDs: [id], weights: [configuration.serviceBoost])).normalized()
        }
        return vector
    }

    private mutating func prefixID(of id: UInt32, term: String) -> UInt32 {
        let i = Int(id)
        if stats[i].prefix == Self.unknown {
            // Interned first: interning may grow `stats`.
            let prefix = term.count > configuration.prefixLength
                ? intern("~" + term.prefix(configuration.prefixLength), kind: .other) : Self.noPrefix
            stats[i].prefix = prefix
        }
        return stats[i].prefix
    }

    private mutating func serviceOnly(_ service: String?) -> SparseVector {
        guard let service else { return SparseVector() }
        return SparseVector(sortedIDs: [intern("@" + service, kind: .service)], weights: [1])
    }

    /// The kind of feature `id`.
    public func kind(_ id: UInt32) -> FeatureKind { vocabulary.kind(id) }

    /// A readable description of feature `id`.
    public func describe(_ id: UInt32) -> FeatureDescription {
        let term = vocabulary.term(id)
        let kind = vocabulary.kind(id)
        switch kind {
        case .word: return FeatureDescription(term: term, display: vocabulary.surface(id), kind: kind)
        case .errorCode, .service:
            return FeatureDescription(term: term, display: String(term.dropFirst()), kind: kind)
        case .placeholder, .other: return FeatureDescription(term: term, display: term, kind: kind)
        }
    }
}

/// Encoded as the parallel arrays `frequency` and `frequencyStamp` (the format before `TermStats`); prefixes are
/// derived again.
extension LexicalFeaturizer: Codable {
    private enum CodingKeys: String, CodingKey {
        case configuration, vocabulary, frequency, frequencyStamp, documents, documentsStamp
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try c.decode(Configuration.self, forKey: .configuration)
        vocabulary = try c.decode(TermVocabulary.self, forKey: .vocabulary)
        let frequency = try c.decode([Double].self, forKey: .frequency)
        let stamps = try c.decode([Int64].self, forKey: .frequencyStamp)
        guard frequency.count == stamps.count, frequency.count == vocabulary.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .frequencyStamp, in: c,
                debugDescription: "\(frequency.count) frequencies, \(stamps.count) stamps for \(vocabulary.count) terms")
        }
        stats = zip(frequency, stamps).map { TermStats(frequency: $0, stamp: $1, prefix: Self.unknown) }
        documents = try c.decode(Double.self, forKey: .documents)
        documentsStamp = try c.decode(Int64.self, forKey: .documentsStamp)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration, forKey: .configuration)
        try c.encode(vocabulary, forKey: .vocabulary)
        try c.encode(stats.map(\.frequency), forKey: .frequency)
        try c.encode(stats.map(\.stamp), forKey: .frequencyStamp)
        try c.encode(documents, forKey: .documents)
        try c.encode(documentsStamp, forKey: .documentsStamp)
    }
}
