/// The result of one `NotifierLoop.runOnce`: every row it touched, in the order it handled them.
public struct DeliveryRound: Hashable, Sendable {
    /// One outcome per row.
    public var outcomes: [DeliveryOutcome]
    /// Digest mails sent.
    public var digests: Int
    /// A store failure that ended the round early (rows stay pending; the next round tries again).
    public var storeError: String?
    /// Whether another round was already running, so this one did nothing.
    public var skipped: Bool

    /// Creates a round.
    public init(outcomes: [DeliveryOutcome] = [], digests: Int = 0, storeError: String? = nil, skipped: Bool = false) {
        self.outcomes = outcomes
        self.digests = digests
        self.storeError = storeError
        self.skipped = skipped
    }

    /// Rows with outcome `kind`.
    public func count(_ kind: DeliveryOutcome.Kind) -> Int { outcomes.count { $0.kind == kind } }
}
