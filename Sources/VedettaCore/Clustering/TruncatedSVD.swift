/// Leading right singular vectors of a sparse matrix, by a seeded randomized range finder (Halko, Martinsson and
/// Tropp): a pseudo-Gaussian test matrix from SplitMix64, a few power iterations re-orthonormalised by modified
/// Gram-Schmidt, then a one-sided Jacobi SVD of the small projected matrix.
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
    /// range finder and `sweeps k^2 columns` for the Jacobi step, with `k = rank + oversampling`.
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
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1.0p-53
        }
        var z = [Double](repeating: 0, count: columns * k)
        for i in z.indices { z[i] = next() + next() + next() + next() - 2 }

        var y = [Double](repeating: 0, count: rows * k)
        Self.multiply(rows, rowStarts, columnIndices, values, z, k, into: &y)
        Self.orthonormalize(&y, rows: rows, k: k)
        for _ in 0..<powerIterations {
            Self.multiplyTransposed(rows, columns, rowStarts, columnIndices, values, y, k, into: &z)
            Self.orthonormalize(&z, rows: columns, k: k)
            Self.multiply(rows, rowStarts, columnIndices, values, z, k, into: &y)
            Self.orthonormalize(&y, rows: rows, k: k)
        }
        // Bᵀ = Xᵀ Q (columns × k); its one-sided Jacobi SVD Bᵀ = U Σ Jᵀ gives X's right singular vectors as U.
        Self.multiplyTransposed(rows, columns, rowStarts, columnIndices, values, y, k, into: &z)
        Self.jacobi(&z, rows: columns, k: k)
        var norms = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var s = 0.0
            for r in 0..<columns { s += z[r * k + j] * z[r * k + j] }
            norms[j] = s.squareRoot()
        }
        let order = (0..<k).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
        var vectors = [Double](repeating: 0, count: columns * kept)
        for (axis, j) in order.prefix(kept).enumerated() {
            let n = norms[j]
            guard n > 1e-300 else { continue }
            // Sign: the coordinate of largest magnitude is positive (first on ties), so the axes do not depend on
            // the direction Jacobi happened to rotate them.
            var big = 0.0
            var sign = 1.0
            for r in 0..<columns where abs(z[r * k + j]) > big {
                big = abs(z[r * k + j])
                sign = z[r * k + j] < 0 ? -1 : 1
            }
            for r in 0..<columns { vectors[r * kept + axis] = sign * z[r * k + j] / n }
        }
        singularValues = order.prefix(kept).map { norms[$0] }
        rightVectors = vectors
        self.rank = kept
    }

    /// `out (rows × k) = X · m`, `m` being `columns × k` row-major.
    private static func multiply(
        _ rows: Int, _ starts: [Int], _ cols: [Int32], _ vals: [Double], _ m: [Double], _ k: Int,
        into out: inout [Double]
    ) {
        for i in out.indices { out[i] = 0 }
        for r in 0..<rows {
            for e in starts[r]..<starts[r + 1] {
                let c = Int(cols[e]) * k
                let v = vals[e]
                for j in 0..<k { out[r * k + j] += v * m[c + j] }
            }
        }
    }

    /// `out (columns × k) = Xᵀ · m`, `m` being `rows × k` row-major.
    private static func multiplyTransposed(
        _ rows: Int, _ columns: Int, _ starts: [Int], _ cols: [Int32], _ vals: [Double], _ m: [Double], _ k: Int,
        into out: inout [Double]
    ) {
        for i in out.indices { out[i] = 0 }
        for r in 0..<rows {
            for e in starts[r]..<starts[r + 1] {
                let c = Int(cols[e]) * k
                let v = vals[e]
                for j in 0..<k { out[c + j] += v * m[r * k + j] }
            }
        }
    }

    /// Modified Gram-Schmidt on the `k` columns of a `rows × k` row-major matrix; a column that vanishes
    /// (rank deficiency) becomes zero.
    static func orthonormalize(_ a: inout [Double], rows: Int, k: Int) {
        for j in 0..<k {
            for p in 0..<j {
                var d = 0.0
                for r in 0..<rows { d += a[r * k + p] * a[r * k + j] }
                for r in 0..<rows { a[r * k + j] -= d * a[r * k + p] }
            }
            var s = 0.0
            for r in 0..<rows { s += a[r * k + j] * a[r * k + j] }
            let n = s.squareRoot()
            if n > 1e-12 {
                for r in 0..<rows { a[r * k + j] /= n }
            } else {
                for r in 0..<rows { a[r * k + j] = 0 }
            }
        }
    }

    /// One-sided (Hestenes) Jacobi: rotates pairs of columns of the `rows × k` row-major matrix until all are
    /// orthogonal; their norms are then the singular values.
    static func jacobi(_ a: inout [Double], rows: Int, k: Int) {
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<k {
                for q in (p + 1)..<k {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for r in 0..<rows {
                        let x = a[r * k + p], y = a[r * k + q]
                        alpha += x * x
                        beta += y * y
                        gamma += x * y
                    }
                    guard abs(gamma) > 1e-13 * (alpha * beta).squareRoot(), gamma != 0 else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = c * t
                    for r in 0..<rows {
                        let x = a[r * k + p], y = a[r * k + q]
                        a[r * k + p] = c * x - s * y
                        a[r * k + q] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
    }
}
