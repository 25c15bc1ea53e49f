/// Which error codes are new to the stream, for the code-share rule (`ClusteringConfiguration.codeShareFloor`).
///
/// A failure's code is new: nobody quoted it before the failure. An everyday code (a payment form such as
/// "F24", quoted in every week's questions) is part of how a topic is asked. A code is new when it was first
/// seen after the stream's first `newCodeWarmUp` (before that, nothing tells one kind from the other) and at
/// most `newCodeAge` ago; a code unseen for `newCodeMemory` is forgotten, and new again when it comes back. The
/// detector's emerging terms follow the same idea (`DetectionConfiguration.vocabularyWarmUp`); the clusterer
/// keeps its own record so that it stays a unit of its own.
///
/// Pure state on event time, checkpointed with the clusterer: a restored clusterer tells the same codes new.
struct CodeNovelty: Sendable, Equatable {
    /// When a code was first seen (since it was last forgotten) and last seen.
    struct History: Sendable, Equatable, Codable {
        var first: Timestamp
        var last: Timestamp
    }

    /// What recording a code changed.
    enum Change: Equatable {
        case unchanged
        /// The code became new; `held` when it was seen before (forgotten since), so that a centroid may hold it.
        case becameNew(held: Bool)
    }

    /// Event time of the clusterer's first report (the stream's start), nil before it.
    private(set) var start: Timestamp?
    /// Every code seen, by feature id (feature ids are never reused).
    private(set) var histories: [UInt32: History] = [:]
    /// The codes new now, in the order they became new.
    private(set) var current: [UInt32] = []
    /// Event time at which the new codes' age is next checked.
    private var nextCheck = Timestamp(milliseconds: .min)

    /// How often the age of new codes is checked: a code stops being new within this much of `newCodeAge`.
    static let checkInterval: Timestamp.Duration = .hours(1)

    /// An empty record.
    init() {}

    /// Marks the start of the stream at `at`, if not yet marked (the clusterer's first report).
    mutating func begin(at: Timestamp) {
        if start == nil { start = at }
    }

    /// Records code `id` quoted at `at` (by default the stream starts with it, when `begin` was not called).
    mutating func observe(_ id: UInt32, at: Timestamp, _ configuration: ClusteringConfiguration) -> Change {
        begin(at: at)
        let start = start ?? at
        let held: Bool
        if var history = histories[id] {
            guard at.since(history.last) > configuration.newCodeMemory else {
                if at > history.last { history.last = at }
                histories[id] = history
                return .unchanged
            }
            held = true
        } else {
            held = false
        }
        histories[id] = History(first: at, last: at)
        // A code in `current` was seen within `newCodeAge`, so it never reaches this point again while new.
        guard at.since(start) >= configuration.newCodeWarmUp else { return .unchanged }
        current.append(id)
        return .becameNew(held: held)
    }

    /// The codes that stop being new at `now` (first seen longer than `newCodeAge` ago); checked at most once per
    /// `checkInterval` of event time, so this costs nothing per report.
    mutating func expire(at now: Timestamp, _ configuration: ClusteringConfiguration) -> [UInt32] {
        guard now >= nextCheck, !current.isEmpty else { return [] }
        nextCheck = now.adding(Self.checkInterval)
        var aged: [UInt32] = []
        current.removeAll { id in
            guard let history = histories[id], now.since(history.first) > configuration.newCodeAge else { return false }
            aged.append(id)
            return true
        }
        return aged
    }
}

extension CodeNovelty: Codable {
    private enum CodingKeys: String, CodingKey { case start, ids, histories, current, nextCheck }

    /// Restores a record (histories in ascending id order, so that a checkpoint's bytes do not depend on hashing).
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.decodeIfPresent(Timestamp.self, forKey: .start)
        let ids = try c.decode([UInt32].self, forKey: .ids)
        let values = try c.decode([History].self, forKey: .histories)
        guard ids.count == values.count else {
            throw DecodingError.dataCorruptedError(forKey: .histories, in: c,
                                                   debugDescription: "\(ids.count) ids for \(values.count) histories")
        }
        // A corrupt checkpoint must fail to decode (and be rebuilt from the log), not trap on a repeated id.
        histories = try Dictionary(zip(ids, values)) { _, _ in
            throw DecodingError.dataCorruptedError(forKey: .ids, in: c, debugDescription: "a code id appears twice")
        }
        current = try c.decode([UInt32].self, forKey: .current)
        nextCheck = try c.decode(Timestamp.self, forKey: .nextCheck)
    }

    /// Encodes the record.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(start, forKey: .start)
        let ids = histories.keys.sorted()
        try c.encode(ids, forKey: .ids)
        try c.encode(ids.map { histories[$0]! }, forKey: .histories)
        try c.encode(current, forKey: .current)
        try c.encode(nextCheck, forKey: .nextCheck)
    }
}
