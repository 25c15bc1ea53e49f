/// Upper tail of the Poisson distribution, in log space so that large counts do not underflow.
enum PoissonTail {
    /// P(X ≥ k) for X ~ Poisson(λ).
    static func upper(_ k: Int, mean lambda: Double) -> Double {
        guard k > 0 else { return 1 }
        let lambda = max(lambda, 1e-9)
        if Double(k) <= lambda { return 1 }
        // Sum terms from k upward until they vanish: log p(i) = i log λ − λ − log i!
        var logTerm = Double(k) * log(lambda) - lambda - logFactorial(k)
        var total = 0.0
        var i = k
        while true {
            let term = exp(logTerm)
            total += term
            if term < total * 1e-12 || i > k + 10_000 { break }
            i += 1
            logTerm += log(lambda) - log(Double(i))
        }
        return min(1, total)
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
