/// Leading right singular vectors of a sparse matrix, by a seeded randomized range finder (Halko, Martinsson and
/// Tropp): a pseudo-Gaussian test matrix from SplitMix64, a few power iterations re-orthonormalised by modified
/// Gram-Schmidt, then a Jacobi eigendecomposition of the small projected Gram matrix.
///
/// Everything runs in `Double` in a fixed order with no library routine but `squareRoot`, so the result depends
/// only on the matrix and the seed: bit-identical from run to run and on every platform with IEEE arithmetic.
public struct TruncatedSVD: Sendable, Hashable {
    /// Singular values, largest first.
    public var singularValues: [Double]
    /// Right singular vectors, `columns × rank` row-major: row `c` holds column `c`'s coordinates on each axis.
    public var rightVectors: [Double]
    /// Number of axes kept (at most the requested rank and the matrix's smaller side).
    public var rank: Int

    /// Computes the `rank` leading right singular vectors of the `rows × columns` matrix in compressed-row form
    /// (`rowStarts` has `rows + 1` offsets into `columnIndices` and `values`).
    ///
    /// Cost: about `2 (powerIterations + 1) nnz k + 2 (powerIterations + 1) (rows + columns) k^2` flops for the
    /// range finder and `k^2 columns` for the final step, with `k = rank + oversampling`.
    public init(
        rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Double], rank: Int,
        oversampling: Int = 10, powerIterations: Int = 4, seed: UInt64 = 0
    ) {
        precondition(rowStarts.count == rows + 1, "rowStarts needs rows + 1 offsets")
        let k = max(0, min(rank + oversampling, rows, columns))
        let kept = min(rank, k)
        guard kept > 0 else {
            singularValues = []
            rightVectors = []
            self.rank = 0
            return
        }
        // Test matrix (columns × k): sums of four uniforms, centred (an Irwin-Hall variate; no `log` or `cos`,
        // whose last bits may differ between C libraries).
        var generator = SplitMix64(seed: seed)
        func next() -> Double { Double(generator.next() >> 11) * 0x1.0p-53 }
        var z = [Double](repeating: 0, count: columns * k)
        for i in z.indices { z[i] = next() + next() + next() + next() - 2 }

        var y = [Double](repeating: 0, count: rows * k)
        Self.multiply(transposed: false, rows, rowStarts, columnIndices, values, z, k, into: &y)
        Self.orthonormalize(&y, rows: rows, k: k)
        for _ in 0..<powerIterations {
            Self.multiply(transposed: true, rows, rowStarts, columnIndices, values, y, k, into: &z)
            Self.orthonormalize(&z, rows: columns, k: k)
            Self.multiply(transposed: false, rows, rowStarts, columnIndices, values, z, k, into: &y)
            Self.orthonormalize(&y, rows: rows, k: k)
        }
        // Bᵀ = Xᵀ Q (columns × k). With B Bᵀ = E Λ Eᵀ (Jacobi on the small k × k Gram matrix), X's right singular
        // vectors are the columns of Bᵀ E Λ^(-1/2) and its singular values √λ: k² columns flops instead of the
        // sweeps of a one-sided Jacobi over all columns. Squaring loses only the smallest of the k values, and
        // the `oversampling` ones past `rank` are dropped anyway.
        Self.multiply(transposed: true, rows, rowStarts, columnIndices, values, y, k, into: &z)
        var gram = [Double](repeating: 0, count: k * k)
        // Row by row of Bᵀ, as outer products: each entry still sums its products in column order (the same bits
        // as one dot product per entry), but the inner loop is element-wise over q, so it vectorises instead of
        // waiting on one chain of additions per entry.
        gram.withUnsafeMutableBufferPointer { gram in
        z.withUnsafeBufferPointer { z in
            let gram = gram.baseAddress!
            for r in 0..<columns {
                let row = z.baseAddress! + r * k
                for p in 0..<k {
                    let zp = row[p]
                    let target = gram + p * k
                    for q in p..<k { target[q] += zp * row[q] }
                }
            }
            for p in 0..<k { for q in (p + 1)..<k { gram[q * k + p] = gram[p * k + q] } }
        }
        }
        let t = Self.transposed(z, rows: columns, k: k)
        let (eigenvalues, eigenvectors) = Self.symmetricEigen(gram, k: k)
        let order = (0..<k).sorted { eigenvalues[$0] > eigenvalues[$1] || (eigenvalues[$0] == eigenvalues[$1] && $0 < $1) }
        var vectors = [Double](repeating: 0, count: columns * kept)
        var values: [Double] = []
        var axis = [Double](repeating: 0, count: columns)
        for (a, j) in order.prefix(kept).enumerated() {
            let sigma = max(eigenvalues[j], 0).squareRoot()
            values.append(sigma)
            guard sigma > 1e-150 else { continue }
            t.withUnsafeBufferPointer { t in
            axis.withUnsafeMutableBufferPointer { axis in
                for r in 0..<columns { axis[r] = 0 }
                for p in 0..<k {
                    let e = eigenvectors[p * k + j]
                    let row = t.baseAddress! + p * columns
                    for r in 0..<columns { axis[r] += e * row[r] }
                }
            }
            }
            // Sign: the coordinate of largest magnitude is positive (first on ties), so the axes do not depend on
            // the direction Jacobi happened to rotate them.
            var big = 0.0
            var sign = 1.0
            for r in 0..<columns where abs(axis[r]) > big {
                big = abs(axis[r])
                sign = axis[r] < 0 ? -1 : 1
            }
            for r in 0..<columns { vectors[r * kept + a] = sign * axis[r] / sigma }
        }
        singularValues = values
        rightVectors = vectors
        self.rank = kept
    }

    /// The `k × rows` transpose of a `rows × k` row-major matrix (each column contiguous).
    private static func transposed(_ a: [Double], rows: Int, k: Int) -> [Double] {
        var t = [Double](repeating: 0, count: a.count)
        t.withUnsafeMutableBufferPointer { t in
        a.withUnsafeBufferPointer { a in
            for r in 0..<rows { for j in 0..<k { t[j * rows + r] = a[r * k + j] } }
        }
        }
        return t
    }

    /// Eigenvalues and eigenvectors (column `j` of the row-major `k × k` result) of a symmetric matrix, by cyclic
    /// Jacobi rotations until every off-diagonal entry is negligible.
    static func symmetricEigen(_ matrix: [Double], k: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: k * k)
        for i in 0..<k { v[i * k + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            var diag = 0.0
            for p in 0..<k {
                diag += a[p * k + p] * a[p * k + p]
                for q in (p + 1)..<k { off += a[p * k + q] * a[p * k + q] }
            }
            if off <= 1e-30 * diag || off == 0 { break }
            for p in 0..<k {
                for q in (p + 1)..<k {
                    let apq = a[p * k + q]
                    guard apq != 0 else { continue }
                    let theta = (a[q * k + q] - a[p * k + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for r in 0..<k {
                        let arp = a[r * k + p], arq = a[r * k + q]
                        a[r * k + p] = c * arp - s * arq
                        a[r * k + q] = s * arp + c * arq
                    }
                    for r in 0..<k {
                        let apr = a[p * k + r], aqr = a[q * k + r]
                        a[p * k + r] = c * apr - s * aqr
                        a[q * k + r] = s * apr + c * aqr
                    }
                    for r in 0..<k {
                        let vrp = v[r * k + p], vrq = v[r * k + q]
                        v[r * k + p] = c * vrp - s * vrq
                        v[r * k + q] = s * vrp + c * vrq
                    }
                }
            }
        }
        return ((0..<k).map { a[$0 * k + $0] }, v)
    }

    /// `out = X · m` (`out` rows × k, `m` columns × k), or with `transposed` `out = Xᵀ · m` (`out` columns × k,
    /// `m` rows × k); row-major.
    private static func multiply(
        transposed: Bool, _ rows: Int, _ starts: [Int], _ cols: [Int32], _ vals: [Double], _ m: [Double], _ k: Int,
        into out: inout [Double]
    ) {
        // Raw buffers: the inner loop is element-wise (no reduction), so without bounds checks it vectorises with
        // the same result, bit for bit.
        out.withUnsafeMutableBufferPointer { out in
        m.withUnsafeBufferPointer { m in
        vals.withUnsafeBufferPointer { vals in
        cols.withUnsafeBufferPointer { cols in
            for i in out.indices { out[i] = 0 }
            let out = out.baseAddress!, m = m.baseAddress!
            for r in 0..<rows {
                for e in starts[r]..<starts[r + 1] {
                    let column = Int(cols[e]) * k
                    let (target, source) = transposed
                        ? (out + column, UnsafePointer(m + r * k)) : (out + r * k, UnsafePointer(m + column))
                    let v = vals[e]
                    for j in 0..<k { target[j] += v * source[j] }
                }
            }
        }
        }
        }
        }
    }

    /// Dot product of two `count`-long runs of `t`, in four interleaved partial sums (a fixed order, so still
    /// deterministic, and independent additions the processor overlaps).
    @inline(__always)
    private static func dot(_ t: UnsafeMutableBufferPointer<Double>, _ a: Int, _ b: Int, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var r = 0
        while r + 4 <= count {
            s0 += t[a + r] * t[b + r]
            s1 += t[a + r + 1] * t[b + r + 1]
            s2 += t[a + r + 2] * t[b + r + 2]
            s3 += t[a + r + 3] * t[b + r + 3]
            r += 4
        }
        while r < count {
            s0 += t[a + r] * t[b + r]
            r += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// `column -= d × earlier`, returning the dot product of `next` with the updated `column` summed as `dot` sums
    /// it (four interleaved partial sums in a fixed order).
    @inline(__always)
    private static func subtractAndDot(
        _ column: UnsafeMutablePointer<Double>, _ d: Double, _ earlier: UnsafePointer<Double>,
        _ next: UnsafePointer<Double>, _ count: Int
    ) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var r = 0
        while r + 4 <= count {
            let c0 = column[r] - d * earlier[r]
            let c1 = column[r + 1] - d * earlier[r + 1]
            let c2 = column[r + 2] - d * earlier[r + 2]
            let c3 = column[r + 3] - d * earlier[r + 3]
            column[r] = c0
            column[r + 1] = c1
            column[r + 2] = c2
            column[r + 3] = c3
            s0 += next[r] * c0
            s1 += next[r + 1] * c1
            s2 += next[r + 2] * c2
            s3 += next[r + 3] * c3
            r += 4
        }
        while r < count {
            let c = column[r] - d * earlier[r]
            column[r] = c
            s0 += next[r] * c
            r += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Modified Gram-Schmidt on the `k` columns of a `rows × k` row-major matrix (worked on a transposed copy,
    /// each column contiguous); a column that vanishes (rank deficiency) becomes zero.
    static func orthonormalize(_ a: inout [Double], rows: Int, k: Int) {
        var t = transposed(a, rows: rows, k: k)
        t.withUnsafeMutableBufferPointer { t in
            for j in 0..<k {
                let cj = j * rows
                let column = t.baseAddress! + cj
                // Each step subtracts column p's part and, in the same pass, sums the next column's dot product
                // with the updated values: the operations of a subtraction pass followed by a dot pass, element
                // by element in the same order (so the same bits), reading column j once per step instead of twice.
                var d = j > 0 ? dot(t, 0, cj, rows) : 0
                for p in 0..<j {
                    let earlier = UnsafePointer(t.baseAddress! + p * rows)
                    if p + 1 < j {
                        d = subtractAndDot(column, d, earlier, UnsafePointer(t.baseAddress! + (p + 1) * rows), rows)
                    } else {
                        // Element-wise through two pointers (distinct columns), so that it vectorises.
                        for r in 0..<rows { column[r] -= d * earlier[r] }
                    }
                }
                let s = dot(t, cj, cj, rows)
                let n = s.squareRoot()
                if n > 1e-12 {
                    for r in 0..<rows { t[cj + r] /= n }
                } else {
                    for r in 0..<rows { t[cj + r] = 0 }
                }
            }
        }
        a.withUnsafeMutableBufferPointer { a in
        t.withUnsafeBufferPointer { t in
            for r in 0..<rows { for j in 0..<k { a[r * k + j] = t[j * rows + r] } }
        }
        }
    }
}
