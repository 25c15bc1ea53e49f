import VedettaCore

/// How failed deliveries are retried: exponential backoff without jitter (so schedules are exact and testable),
/// and a dead letter after `maxAttempts` failures.
public struct OutboxRetryPolicy: Hashable, Sendable {
    /// Delay after the first failure.
    public var base: Timestamp.Duration
    /// Growth of the delay per further failure.
    public var factor: Double
    /// Longest delay.
    public var cap: Timestamp.Duration
    /// Failures after which a row is dead (the failure that reaches this count dead-letters it).
    public var maxAttempts: Int

    /// Creates a policy; the defaults retry for about a day and a half (30 s, 1 min, 2 min, … capped at 1 h).
    public init(base: Timestamp.Duration = .seconds(30), factor: Double = 2, cap: Timestamp.Duration = .hours(1),
                maxAttempts: Int = 40) {
        self.base = base
        self.factor = factor
        self.cap = cap
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The delay before the next attempt after `attempts` failures (1 = first failure): `base × factor^(n−1)`,
    /// at most `cap`.
    public func delay(afterAttempts attempts: Int) -> Timestamp.Duration {
        let exponent = Double(max(0, attempts - 1))
        let raw = Double(base.milliseconds) * pow(factor, exponent)
        guard raw.isFinite, raw < Double(cap.milliseconds) else { return cap }
        return Timestamp.Duration(milliseconds: Int64(raw.rounded()))
    }

    /// Power without Foundation.
    private func pow(_ x: Double, _ n: Double) -> Double {
        var result = 1.0
        var i = 0.0
        while i < n {
            result *= x
            if !result.isFinite || result > 1e18 { return .infinity }
            i += 1
        }
        return result
    }
}
