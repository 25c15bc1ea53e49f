import Testing
@testable import VedettaCore

/// The count test's tail probability: exact against sums computed independently (Python, `lgamma`), and
/// bounded in work however far the count lies beyond its expectation.
@Suite struct PoissonTailTests {
    @Test(arguments: [
        (5, 1.0, 0.00365984682734371),
        (3, 0.0146, 5.130427201792892e-07),
        (2, 0.0146, 0.00010554827893586136),
        (20, 4.0, 1.0200522105968353e-08),
        (1000, 900.0, 0.0005499022657119451),
    ])
    func matchesAnIndependentSum(k: Int, mean: Double, expected: Double) {
        let p = PoissonTail.upper(k, mean: mean)
        #expect(abs(p - expected) <= expected * 1e-8, "P(X ≥ \(k)) for mean \(mean): \(p), expected \(expected)")
    }

    @Test func countsAtOrBelowTheMeanAreCertain() {
        #expect(PoissonTail.upper(0, mean: 3) == 1)
        #expect(PoissonTail.upper(3, mean: 3) == 1)
        #expect(PoissonTail.upper(1, mean: 0) < 1e-8, "a zero mean is taken as 1e-9")
    }

    /// A thousand voices where seven were expected: the first term underflows, so every later one does too.
    /// The old loop summed zeros ten thousand times per test, for every report of a large burst.
    @Test(arguments: [1_000, 5_000, 50_000])
    func aTailBeyondDoublePrecisionIsZeroAtOnce(k: Int) {
        let (p, terms) = PoissonTail.tail(k, mean: 7.5)
        #expect(p == 0)
        #expect(terms == 1)
    }

    @Test func farTailsNeedFewTerms() {
        #expect(PoissonTail.tail(200, mean: 7.5).terms < 20)
        #expect(PoissonTail.tail(30, mean: 7.5).terms < 30)
    }
}
