/// Upper tail of the Poisson distribution, in log space so that large counts do not underflow.
enum PoissonTail {
    /// P(X ≥ k) for X ~ Poisson(λ).
    static func upper(_ k: Int, mean lambda: Double) -> Double { tail(k, mean: lambda).probability }

    /// P(X ≥ k) and the number of terms summed. For k > λ the terms fall from the first on, so the sum stops once
    /// a term no longer counts; a first term that underflows (a thousand voices where seven were expected) is a
    /// tail of 0 at once: summing its vanished successors cost ten thousand exp and log calls per test, for
    /// every report of exactly the large bursts the engine is for.
    static func tail(_ k: Int, mean lambda: Double) -> (probability: Double, terms: Int) {
        guard k > 0 else { return (1, 0) }
        let lambda = max(lambda, 1e-9)
        if Double(k) <= lambda { return (1, 0) }
        // Sum terms from k upward until they vanish: log p(i) = i log λ − λ − log i!
        let logLambda = log(lambda)
        var logTerm = Double(k) * logLambda - lambda - logFactorial(k)
        var total = 0.0
        var i = k
        while true {
            let term = exp(logTerm)
            total += term
            if term < total * 1e-12 || term == 0 || i > k + 10_000 { break }
            i += 1
            logTerm += logLambda - log(Double(i))
        }
        return (min(1, total), i - k + 1)
    }

    static func logFactorial(_ n: Int) -> Double {
        if n < 2 { return 0 }
        if n < 64 {
            var s = 0.0
            for i in 2...n { s += log(Double(i)) }
            return s
        }
        // Stirling with two correction terms: exact to ~1e-10 for n ≥ 64.
        let x = Double(n)
        return x * log(x) - x + 0.5 * log(2 * Double.pi * x) + 1 / (12 * x) - 1 / (360 * x * x * x)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
