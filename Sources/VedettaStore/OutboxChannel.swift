/// The channel of an outbox row: how its effect reaches the office.
public enum OutboxChannel: String, Hashable, Sendable, Codable, CaseIterable {
    /// An alert file (`.json` + `.txt`) in the office's alert folder; never rate limited.
    case file
    /// One mail per incident revision.
    case mail
    /// A digest mail that combined several pending `mail` rows of one office (written by the notifier when the
    /// office's hourly mail limit was reached); its payload is an `OutboxDigest`.
    case digest
}
