/// The shape of demand over the week: a factor per hour of week (mean 1), learned from all traffic.
///
/// Until a few weeks are seen it leans on a prior of office hours (weekdays 8–18 busy, nights and weekends
/// quiet); each hour-of-week bucket moves from the prior to what was observed as evidence accumulates.
struct SeasonalProfile: Sendable, Codable, Hashable {
    /// Learned tickets per hour by hour of week (EWMA over weeks).
    private var learned: [Double] = Array(repeating: 0, count: 168)
    /// Weeks of evidence per bucket.
    private var weight: [Double] = Array(repeating: 0, count: 168)
    /// Cached factors (prior/learned blend normalised to mean 1).
    private var factors: [Double] = SeasonalProfile.priorShape
    /// Hour of week of the bucket being counted, and its count.
    private var currentHour: Int64 = -1
    private var currentCount = 0.0

    static let priorShape: [Double] = {
        var shape = [Double](repeating: 0, count: 168)
        for day in 0..<7 {
            for hour in 0..<24 {
                let weekend = day >= 5
                var v: Double
                switch hour {
                case 8..<13: v = 1.8
                case 13..<14: v = 1.2
                case 14..<18: v = 1.5
                case 7, 18, 19: v = 0.6
                default: v = 0.12
                }
                if weekend { v *= 0.15 }
                shape[day * 24 + hour] = v
            }
        }
        let mean = shape.reduce(0, +) / 168
        return shape.map { $0 / mean }
    }()

    /// Factor (mean 1 over the week) of the hour of week containing `t` at `offsetMinutes` from UTC.
    func factor(at t: Timestamp, offsetMinutes: Int) -> Double {
        factors[SeasonalProfile.hourOfWeek(t, offsetMinutes: offsetMinutes)]
    }

    /// Counts one ticket at `t`; folds completed hours into the learned profile.
    mutating func observe(at t: Timestamp, offsetMinutes: Int) {
        let absoluteHour = (t.milliseconds + Int64(offsetMinutes) * 60_000) / 3_600_000
        if currentHour < 0 { currentHour = absoluteHour }
        if absoluteHour > currentHour { roll(to: absoluteHour) }
        if absoluteHour == currentHour { currentCount += 1 }
    }

    private mutating func roll(to hour: Int64) {
        var h = currentHour
        var count = currentCount
        var steps = 0
        while h < hour, steps < 168 {
            let bucket = SeasonalProfile.bucket(ofAbsoluteHour: h)
            let alpha = max(0.25, 1 / (weight[bucket] + 1))
            learned[bucket] = weight[bucket] == 0 ? count : learned[bucket] * (1 - alpha) + count * alpha
            weight[bucket] += 1
            count = 0
            h += 1
            steps += 1
        }
        currentHour = hour
        currentCount = 0
        recompute()
    }

    private mutating func recompute() {
        let seen = zip(learned, weight).filter { $0.1 > 0 }
        guard !seen.isEmpty else { return }
        let learnedMean = seen.map(\.0).reduce(0, +) / Double(seen.count)
        guard learnedMean > 0 else { return }
        var blended = [Double](repeating: 0, count: 168)
        for i in 0..<168 {
            let w = min(weight[i], 4) / 4
            blended[i] = (1 - w) * SeasonalProfile.priorShape[i] + w * (learned[i] / learnedMean)
        }
        let mean = blended.reduce(0, +) / 168
        // A floor keeps the quietest hours from predicting zero: a single report at 3 a.m. is not a surprise.
        factors = blended.map { max($0 / mean, 0.05) }
    }

    static func hourOfWeek(_ t: Timestamp, offsetMinutes: Int) -> Int {
        bucket(ofAbsoluteHour: (t.milliseconds + Int64(offsetMinutes) * 60_000) / 3_600_000)
    }

    static func bucket(ofAbsoluteHour hour: Int64) -> Int {
        // Hour 0 of 1970-01-01 was a Thursday (day 3 with Monday = 0).
        let day = ((hour / 24) % 7 + 7 + 3) % 7
        return Int(day) * 24 + Int((hour % 24 + 24) % 24)
    }
}
