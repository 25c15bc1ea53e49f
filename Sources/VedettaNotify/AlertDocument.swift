import Foundation
import VedettaCore

/// The machine-readable alert file: a stable JSON document (sorted keys) that other tools may parse.
public struct AlertDocument: Codable, Hashable, Sendable {
    /// The receiving office, as the rules described it when the file was written.
    public struct OfficeInfo: Codable, Hashable, Sendable {
        /// Office id.
        public var id: String
        /// Office name.
        public var name: String
        /// Alert language (`it`, `en`).
        public var locale: String
        /// Folder of its alert files, relative to the alerts root.
        public var folder: String

        /// Creates the office part.
        public init(_ office: Office) {
            id = office.id
            name = office.name
            locale = office.locale.rawValue
            folder = office.alertFolder
        }
    }

    /// Version of this document's shape.
    public var schema: Int
    /// The outbox key that produced the file (idempotency key).
    public var key: String
    /// The incident revision with its quoted reports redacted.
    public var incident: Incident
    /// The delivery (office, route, escalation).
    public var delivery: Delivery
    /// The receiving office.
    public var office: OfficeInfo

    /// The document of `context`, with the samples (and other free texts) redacted.
    public init(key: String, context: AlertContext) {
        var incident = context.incident
        incident.title = Redactor.redact(incident.title)
        incident.reason = Redactor.redact(incident.reason)
        incident.sharedTerms = incident.sharedTerms.map(Redactor.redact)
        incident.samples = incident.samples.map { sample in
            var redacted = sample
            redacted.text = Redactor.redact(sample.text)
            return redacted
        }
        self.schema = 1
        self.key = key
        self.incident = incident
        self.delivery = context.delivery
        self.office = OfficeInfo(context.office)
    }

    /// Pretty-printed JSON with sorted keys and a final newline: the same document gives the same bytes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}
