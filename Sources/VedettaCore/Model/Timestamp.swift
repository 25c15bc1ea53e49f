/// A point in event time: milliseconds since 1970-01-01T00:00:00Z.
///
/// The engine never reads the clock; every instant it sees is a `Timestamp` taken from an event or from a tick
/// that the shell sends. Integer milliseconds keep arithmetic exact and checkpoints byte-stable.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch (UTC).
    public var milliseconds: Int64

    /// A sentinel before any real event time, far enough from `Int64.min` that differences cannot overflow.
    public static let distantPast = Timestamp(milliseconds: -(1 << 60))

    /// Creates a timestamp from milliseconds since the Unix epoch.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Creates a timestamp from whole seconds since the Unix epoch.
    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// The instant `duration` after this one.
    public func adding(_ duration: Duration) -> Timestamp {
        Timestamp(milliseconds: milliseconds + duration.milliseconds)
    }

    /// The duration from `other` to this instant (negative when `other` is later).
    public func since(_ other: Timestamp) -> Duration { Duration(milliseconds: milliseconds - other.milliseconds) }

    /// RFC 3339 in UTC with millisecond precision, e.g. `2026-03-02T08:15:00.000Z`.
    public var description: String { rfc3339 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let ms = try? container.decode(Int64.self) {
            self.milliseconds = ms
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        // Sentinels outside years 0000–9999 (`distantPast`) have no RFC 3339 form: they go as milliseconds,
        // which the decoder also accepts.
        if milliseconds < -62_167_219_200_000 || milliseconds > 253_402_300_799_999 {
            try container.encode(milliseconds)
        } else {
            try container.encode(rfc3339)
        }
    }
}

extension Timestamp {
    /// A span of event time in milliseconds (the engine's own, so that it never touches `Swift.Duration`'s
    /// attosecond arithmetic on the hot path).
    public struct Duration: Hashable, Comparable, Sendable, Codable {
        /// Length in milliseconds.
        public var milliseconds: Int64
        /// Creates a duration of `milliseconds`.
        public init(milliseconds: Int64) { self.milliseconds = milliseconds }
        /// `n` seconds.
        public static func seconds(_ n: Int64) -> Duration { Duration(milliseconds: n * 1000) }
        /// `n` minutes.
        public static func minutes(_ n: Int64) -> Duration { Duration(milliseconds: n * 60_000) }
        /// `n` hours.
        public static func hours(_ n: Int64) -> Duration { Duration(milliseconds: n * 3_600_000) }
        /// `n` days.
        public static func days(_ n: Int64) -> Duration { Duration(milliseconds: n * 86_400_000) }
        /// Length in (fractional) seconds.
        public var seconds: Double { Double(milliseconds) / 1000 }
        public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.milliseconds < rhs.milliseconds }
    }
}
