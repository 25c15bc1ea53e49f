/// SplitMix64: the small seeded generator every reproducible stream of the project uses (evaluation orders,
/// benchmark data, test inputs, and the seeding of the simulator's `SeededGenerator`). Its output depends only
/// on the seed, on every platform and in every process.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The current state.
    public var state: UInt64

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's finaliser: a bijective avalanche after which every output bit depends on every input bit.
    /// Also what stable hashes use to spread their bits (`DistinctWindow.key`, `TicketKey`).
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (modulo reduction: tiny bias, fine for test and benchmark streams).
    public mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
