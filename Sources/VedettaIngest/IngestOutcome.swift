import VedettaCore

/// What one ingest call did: counts and the rejected lines with their reasons.
public struct IngestOutcome: Sendable {
    /// Events newly stored.
    public var stored = 0
    /// Events already stored under the same id (accepted, not stored twice).
    public var duplicates = 0
    /// Lines rejected, with reasons.
    public var errors: [EventParseError] = []

    /// Accepted = stored + duplicates.
    public var accepted: Int { stored + duplicates }

    /// An empty outcome.
    public init() {}
}
