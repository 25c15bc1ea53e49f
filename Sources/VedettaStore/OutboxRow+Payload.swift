import Foundation

extension OutboxRow {
    /// The `OutboxPayload` of a `file` or `mail` row.
    public func decodedPayload() throws(StoreError) -> OutboxPayload {
        do {
            return try JSONDecoder().decode(OutboxPayload.self, from: Data(payload.utf8))
        } catch {
            throw StoreError(.corrupt, "the payload of outbox row \(key) does not decode: \(error)")
        }
    }
}
