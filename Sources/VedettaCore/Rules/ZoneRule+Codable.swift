/// A zone is stored as its identifier (`Europe/Rome`, `UTC`, `+02:00`) and rebuilt from it.
extension ZoneRule: Codable {
    /// Decodes an identifier; an unknown one is a data error naming it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let identifier = try container.decode(String.self)
        guard let zone = ZoneRule(identifier: identifier) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown time zone '\(identifier)'")
        }
        self = zone
    }

    /// Encodes the identifier.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }
}
