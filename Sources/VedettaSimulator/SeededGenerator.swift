import VedettaCore

/// Xoshiro256** seeded through SplitMix64: a small, fast generator whose output depends only on its seed, on
/// every platform and in every process (Swift's `SystemRandomNumberGenerator` cannot be seeded).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// An independent generator for a named part of a run, so that adding a failure to a scenario does not
    /// reshuffle the background traffic.
    public init(seed: UInt64, stream: String) {
        var hasher = FNV1a()
        hasher.combine(stream)
        self.init(seed: seed ^ hasher.value)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform integer in `range` (the small modulo bias is irrelevant for simulation).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % width)
    }

    /// Uniform integer in `0..<count`.
    public mutating func index(_ count: Int) -> Int { Int(next() % UInt64(max(count, 1))) }

    /// One element, uniformly.
    public mutating func pick<T>(_ items: [T]) -> T { items[index(items.count)] }

    /// An index drawn in proportion to `weights` (all zero: uniform).
    public mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        guard total > 0 else { return index(weights.count) }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double {
        -mean * logApprox(1 - unit())
    }

    /// Standard normal (Box–Muller; one value per call keeps the state simple).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * logApprox(u1)).squareRoot() * cosApprox(2 * Double.pi * u2)
    }

    /// Poisson with mean `lambda`: Knuth's product method for small means, a rounded normal beyond 30.
    public mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda > 30 {
            let x = (lambda + lambda.squareRoot() * normal()).rounded()
            return max(0, Int(x))
        }
        let limit = expApprox(-lambda)
        var k = 0
        var p = unit()
        while p > limit {
            k += 1
            p *= unit()
        }
        return k
    }

    /// Log-normal with the given median and shape.
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * expApprox(sigma * normal())
    }

    /// In-place Fisher–Yates shuffle.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, index(i + 1))
        }
    }
}
