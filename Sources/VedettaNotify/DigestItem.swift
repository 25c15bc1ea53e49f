import VedettaCore

/// One incident revision listed in a digest mail.
public struct DigestItem: Hashable, Sendable {
    /// The revision.
    public var incident: Incident
    /// The delivery it belongs to.
    public var delivery: Delivery

    /// Creates an item.
    public init(incident: Incident, delivery: Delivery) {
        self.incident = incident
        self.delivery = delivery
    }
}
