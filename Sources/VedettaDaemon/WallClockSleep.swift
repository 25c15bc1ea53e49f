import VedettaCore

/// Sleeps `duration` of real time (a negative one returns at once): the default `sleep` of the services that
/// wait on the wall clock (`ReportScheduler`, `RetentionService`), which tests replace with a manual clock.
@Sendable public func sleepOnWallClock(_ duration: Timestamp.Duration) async throws {
    try await Task.sleep(for: .milliseconds(max(0, duration.milliseconds)))
}
