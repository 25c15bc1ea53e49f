#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Agreement between a clustering and reference labels.
///
/// Labels are compared by equality only; the two arrays are parallel (item `i` has truth `truth[i]` and cluster
/// `predicted[i]`).
public enum ClusteringMetrics {
    /// Normalised mutual information with arithmetic-mean normalisation: `I(T;P) / ((H(T) + H(P)) / 2)`
    /// (scikit-learn's default). Two single-cluster partitions score 1.
    public static func nmi<T: Hashable, P: Hashable>(truth: [T], predicted: [P]) -> Double {
        precondition(truth.count == predicted.count, "truth and predicted differ in length")
        let n = Double(truth.count)
        guard n > 0 else { return 1 }
        let table = contingency(truth, predicted)
        let ht = entropy(table.rows, n)
        let hp = entropy(table.columns, n)
        if ht == 0 && hp == 0 { return 1 }
        var mi = 0.0
        for (key, nij) in table.cells {
            let a = Double(table.rows[key.r])
            let b = Double(table.columns[key.c])
            let p = Double(nij) / n
            mi += p * log(Double(nij) * n / (a * b))
        }
        let denominator = (ht + hp) / 2
        return denominator > 0 ? max(0, mi / denominator) : 0
    }

    /// Adjusted Rand index (Hubert and Arabie): 1 for identical partitions, about 0 for chance agreement.
    public static func ari<T: Hashable, P: Hashable>(truth: [T], predicted: [P]) -> Double {
        precondition(truth.count == predicted.count, "truth and predicted differ in length")
        let table = contingency(truth, predicted)
        func pairs(_ x: Int) -> Double { Double(x) * Double(x - 1) / 2 }
        let index = table.cells.values.reduce(0.0) { $0 + pairs($1) }
        let a = table.rows.reduce(0.0) { $0 + pairs($1) }
        let b = table.columns.reduce(0.0) { $0 + pairs($1) }
        let total = pairs(truth.count)
        guard total > 0 else { return 1 }
        let expected = a * b / total
        let maximum = (a + b) / 2
        if maximum == expected { return 1 }
        return (index - expected) / (maximum - expected)
    }

    /// The smallest number of clusters, largest first, that together hold `fraction` of the items: how many
    /// clusters a reader must look at to see most of the reports.
    public static func clustersHolding<P: Hashable>(_ fraction: Double, of predicted: [P]) -> Int {
        var sizes: [P: Int] = [:]
        for p in predicted { sizes[p, default: 0] += 1 }
        let sorted = sizes.values.sorted(by: >)
        let goal = fraction * Double(predicted.count)
        var held = 0
        for (i, s) in sorted.enumerated() {
            held += s
            if Double(held) >= goal - 1e-9 { return i + 1 }
        }
        return sorted.count
    }

    private static func contingency<T: Hashable, P: Hashable>(_ truth: [T], _ predicted: [P])
        -> (rows: [Int], columns: [Int], cells: [Pair2: Int])
    {
        var rowIndex: [T: Int] = [:]
        var columnIndex: [P: Int] = [:]
        var rows: [Int] = []
        var columns: [Int] = []
        var cells: [Pair2: Int] = [:]
        for (t, p) in zip(truth, predicted) {
            let r = rowIndex[t] ?? { rowIndex[t] = rows.count; rows.append(0); return rows.count - 1 }()
            let c = columnIndex[p] ?? { columnIndex[p] = columns.count; columns.append(0); return columns.count - 1 }()
            rows[r] += 1
            columns[c] += 1
            cells[Pair2(r, c), default: 0] += 1
        }
        return (rows, columns, cells)
    }

    private struct Pair2: Hashable {
        var r: Int
        var c: Int
        init(_ r: Int, _ c: Int) {
            self.r = r
            self.c = c
        }
    }

    private static func entropy(_ counts: [Int], _ n: Double) -> Double {
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log(p)
        }
        return h
    }
}
