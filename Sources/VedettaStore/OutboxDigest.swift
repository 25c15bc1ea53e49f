/// The payload of a `digest` outbox row: the mail rows of one office that one digest mail delivered.
public struct OutboxDigest: Codable, Sendable, Hashable {
    /// Office id.
    public var office: String
    /// Keys of the combined `mail` rows, in delivery order.
    public var keys: [String]

    /// Creates a digest payload.
    public init(office: String, keys: [String]) {
        self.office = office
        self.keys = keys
    }
}
