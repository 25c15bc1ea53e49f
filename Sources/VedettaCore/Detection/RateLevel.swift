/// The level of one unit's demand: requesters per hour at seasonal factor 1, as a ratio of two decayed sums
/// (counts over factors). A ratio of EWMAs stays sane in quiet hours, where one report divided by a tiny factor
/// would throw a plain EWMA of rates off.
struct RateLevel: Sendable, Codable, Hashable {
    private var counts: Double
    private var factors: Double
    private var hour: Int64 = -1
    private var current: Double = 0
    /// Hours folded so far.
    private(set) var hours = 0

    /// Starts from a prior level worth `weight` hours of evidence.
    init(prior: Double, weight: Double = 6) {
        counts = prior * weight
        factors = weight
    }

    /// Requesters per hour at factor 1.
    var level: Double { counts / max(factors, 1e-9) }

    /// Sets the level to `newLevel` if that is higher, keeping the weight of evidence.
    mutating func raise(to newLevel: Double) {
        guard newLevel > level else { return }
        counts = newLevel * max(factors, 1e-9)
    }

    /// Adds another unit's demand (two clusters merged: the survivor now receives both flows).
    mutating func absorb(_ other: RateLevel) {
        counts += other.level * max(factors, 1e-9)
        current += other.current
    }

    /// Counts one new requester in the hour containing `absoluteHour`; folds completed hours first.
    mutating func count(absoluteHour: Int64, factor: (Int64) -> Double, clamp: Double?) {
        roll(to: absoluteHour, factor: factor, clamp: clamp)
        current += 1
    }

    /// Folds every completed hour before `absoluteHour`; `clamp` caps an hour's count (an open incident's burst
    /// must not become the new normal).
    mutating func roll(to absoluteHour: Int64, factor: (Int64) -> Double, clamp: Double?) {
        if hour < 0 { hour = absoluteHour }
        guard absoluteHour > hour else { return }
        let decay = 0.995  // half-life ≈ 6 days of hours
        var h = hour
        var c = current
        var steps = 0
        while h < absoluteHour {
            if steps >= 336 {
                // A long silence: decay the rest in one step.
                let remaining = Double(absoluteHour - h)
                counts *= pow(decay, remaining)
                factors = factors * pow(decay, remaining) + remaining * 0.3
                break
            }
            let f = factor(h)
            let value = clamp.map { min(c, $0 * f + 2) } ?? c
            counts = counts * decay + value
            factors = factors * decay + f
            hours += 1
            c = 0
            h += 1
            steps += 1
        }
        hour = absoluteHour
        current = 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
