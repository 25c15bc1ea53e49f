/// The service catalogue with its alias index: looks services up by id and infers the service a report
/// talks about when its event names none.
public struct ServiceCatalogue: Hashable, Sendable {
    /// What `infer` found.
    public struct Inference: Hashable, Sendable {
        /// The inferred service id.
        public var service: String
        /// The aliases found in the text, as written in the rules, in order of first appearance.
        public var aliases: [String]
        /// Score: number of folded words covered by the matched aliases (longer aliases weigh more).
        public var score: Int

        /// Creates an inference.
        public init(service: String, aliases: [String], score: Int) {
            self.service = service
            self.aliases = aliases
            self.score = score
        }
    }

    struct Entry: Hashable, Sendable {
        var service: Int
        var alias: String
        var words: [String]
    }

    /// Services in rule order.
    public let services: [Service]
    /// FNV-1a of every service id and alias, in order: catalogues with equal fingerprints infer alike (a replay's
    /// feed thread infers services with its copy; the engine checks that the copy is its own catalogue).
    public let fingerprint: UInt64
    private let indexByID: [String: Int]
    /// Alias entries keyed by their first folded word.
    private let entriesByFirstWord: [String: [Entry]]

    /// Builds the index. The service id itself counts as an alias (`durc-online` in a text names it).
    public init(services: [Service]) {
        self.services = services
        var ids: [String: Int] = [:]
        var entries: [String: [Entry]] = [:]
        var hasher = FNV1a()
        for (i, s) in services.enumerated() {
            if ids[s.id] == nil { ids[s.id] = i }
            hasher.combine("\u{0}service")
            for alias in [s.id] + s.aliases {
                hasher.combine(alias)
                let words = AliasText.words(alias)
                guard let first = words.first else { continue }
                entries[first, default: []].append(Entry(service: i, alias: alias, words: words))
            }
        }
        self.indexByID = ids
        self.entriesByFirstWord = entries
        self.fingerprint = hasher.value
    }

    /// The service with `id`.
    public func service(id: String) -> Service? { indexByID[id].map { services[$0] } }

    /// Whether the catalogue knows `id`.
    public func contains(_ id: String) -> Bool { indexByID[id] != nil }

    /// The service whose aliases best cover `text`, or nil when no alias appears.
    ///
    /// Ties break deterministically: higher score, then the alias met first in the text, then the service
    /// listed first in the rules.
    public func infer(fromText text: String) -> Inference? {
        infer(fromWords: AliasText.words(text))
    }

    /// Same as `infer(fromText:)` on tokens of a normalised report, read through their surface forms
    /// (stems would not match aliases written in full).
    public func infer(fromTokens tokens: [Token]) -> Inference? {
        infer(fromWords: Self.aliasWords(of: tokens))
    }

    /// The words of a normalised report that aliases are matched on (independent of the rules in force).
    public static func aliasWords(of tokens: [Token]) -> [String] {
        AliasText.words(ofSurfaces: tokens)
    }

    /// Same as `infer(fromText:)` on words already split.
    public func infer(fromWords words: [String]) -> Inference? {
        struct Tally {
            var aliases: [String] = []
            var covered: Set<Int> = []
            var firstPosition = Int.max
        }
        var tallies: [Int: Tally] = [:]
        for start in words.indices {
            for entry in entriesByFirstWord[words[start]] ?? [] {
                let end = start + entry.words.count
                guard end <= words.count, Array(words[start..<end]) == entry.words else { continue }
                var t = tallies[entry.service] ?? Tally()
                if !t.aliases.contains(entry.alias) { t.aliases.append(entry.alias) }
                t.covered.formUnion(start..<end)
                t.firstPosition = min(t.firstPosition, start)
                tallies[entry.service] = t
            }
        }
        let best = tallies.min { a, b in
            (-a.value.covered.count, a.value.firstPosition, a.key) < (-b.value.covered.count, b.value.firstPosition, b.key)
        }
        guard let best else { return nil }
        return Inference(service: services[best.key].id, aliases: best.value.aliases, score: best.value.covered.count)
    }
}
