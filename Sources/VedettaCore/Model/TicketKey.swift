/// A ticket id with a stable 64-bit hash of it, computed once per event.
///
/// The clusterer and the engine look a ticket up half a dozen times per report (its state, its cluster's member
/// set, its service, its second look, its forgetting). Keyed by the bare id, each lookup ran a seeded `Hasher`
/// over it; keyed by this, a lookup mixes the stored hash with the table's seed (a multiply) and compares ids
/// only on a hash match. The hash is computed where the event is prepared, so on a replay's feed thread.
///
/// Encoded as the bare id (and as a dictionary key, as the id): snapshots keep their format. Nothing depends on
/// a table's iteration order, which follows the hash as it did with `String` keys.
public struct TicketKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ticket id.
    public let id: String
    /// `DistinctWindow.key(id)`: FNV-1a with a final avalanche.
    public let hash: UInt64

    /// The key of ticket `id`.
    public init(_ id: String) {
        self.id = id
        hash = DistinctWindow.key(id)
    }

    public static func == (a: TicketKey, b: TicketKey) -> Bool { a.hash == b.hash && a.id == b.id }

    /// Ordered by id.
    public static func < (a: TicketKey, b: TicketKey) -> Bool { a.id < b.id }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    // What `Dictionary` and `Set` call: the stored hash mixed with the table's seed (SplitMix64's finaliser, so
    // that the low bits that pick a bucket depend on every bit of both), without running `Hasher`.
    public func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: SplitMix64.mix(hash ^ UInt64(truncatingIfNeeded: seed)))
    }

    public var description: String { id }
}

extension TicketKey: Codable, CodingKeyRepresentable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }

    /// The id, so that a dictionary keyed by tickets encodes as one keyed by their ids.
    public var codingKey: any CodingKey { id.codingKey }

    public init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }
}
