/// `exp`, `log` and `cos` from basic IEEE operations only, so that a seed gives the same stream on Linux and
/// macOS (their libm functions may differ in the last bit) and the target needs no Foundation for arithmetic.
enum PortableMath {}

/// Natural logarithm for positive finite `x` (relative error about 1e-15).
func logApprox(_ x: Double) -> Double {
    guard x > 0 else { return -Double.infinity }
    // x = m * 2^e with m in [sqrt(1/2), sqrt(2)), then log(m) = 2 atanh((m-1)/(m+1)).
    var e = Double(x.exponent)
    var m = x.significand  // in [1, 2)
    if m > 1.4142135623730951 {
        m /= 2
        e += 1
    }
    let s = (m - 1) / (m + 1)
    let s2 = s * s
    var term = s
    var sum = 0.0
    var k = 1.0
    while k < 40 {
        sum += term / k
        term *= s2
        k += 2
    }
    return 2 * sum + e * 0.6931471805599453
}

/// e^x (relative error about 1e-15 for |x| < 700).
func expApprox(_ x: Double) -> Double {
    if x < -745 { return 0 }
    if x > 709 { return Double.infinity }
    // x = k ln2 + r with |r| <= ln2/2.
    let k = (x / 0.6931471805599453).rounded()
    let r = x - k * 0.6931471805599453
    var term = 1.0
    var sum = 1.0
    var n = 1.0
    while n < 25 {
        term *= r / n
        sum += term
        n += 1
    }
    return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
}

/// cos(x) for moderate |x|.
func cosApprox(_ x: Double) -> Double {
    let twoPi = 2 * Double.pi
    var r = x - (x / twoPi).rounded(.down) * twoPi  // [0, 2π)
    if r > Double.pi { r = twoPi - r }  // cos is even around π
    let r2 = r * r
    var term = 1.0
    var sum = 1.0
    var n = 1.0
    while n < 30 {
        term *= -r2 / (n * (n + 1))
        sum += term
        n += 2
    }
    return sum
}
