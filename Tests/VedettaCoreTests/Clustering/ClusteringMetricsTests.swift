import Testing
@testable import VedettaCore

@Suite struct ClusteringMetricsTests {
    @Test func identicalPartitionsScoreOne() {
        let truth = ["a", "a", "b", "b", "c", "c", "c"]
        let renamed = [7, 7, 3, 3, 9, 9, 9]
        #expect(abs(ClusteringMetrics.nmi(truth: truth, predicted: renamed) - 1) < 1e-12)
        #expect(abs(ClusteringMetrics.ari(truth: truth, predicted: renamed) - 1) < 1e-12)
    }

    @Test func handComputedSmallCase() {
        // Contingency [[2,1,0],[0,1,2]]: ARI = (2 - 6·3/15) / ((6+3)/2 - 6·3/15) = 0.8 / 3.3.
        let truth = [0, 0, 0, 1, 1, 1]
        let predicted = [0, 0, 1, 1, 2, 2]
        #expect(abs(ClusteringMetrics.ari(truth: truth, predicted: predicted) - 0.8 / 3.3) < 1e-12)
        // I = (2/3)·ln 2, H(T) = ln 2, H(P) = ln 3: NMI = I / ((H(T)+H(P))/2) = 0.5158037429793888 (scikit-learn).
        #expect(abs(ClusteringMetrics.nmi(truth: truth, predicted: predicted) - 0.5158037429793888) < 1e-12)
    }

    @Test func independentPartitionsScoreZeroNMI() {
        let truth = [0, 0, 1, 1]
        let predicted = [0, 1, 0, 1]
        #expect(abs(ClusteringMetrics.nmi(truth: truth, predicted: predicted)) < 1e-12)
        #expect(ClusteringMetrics.ari(truth: truth, predicted: predicted) < 0)
    }

    @Test(arguments: [
        ([5, 3, 1, 1], 0.9, 3),
        ([5, 3, 1, 1], 0.5, 1),
        ([1, 1, 1, 1], 0.9, 4),
        ([10], 0.9, 1),
    ])
    func clustersHolding(sizes: [Int], fraction: Double, expected: Int) {
        var predicted: [Int] = []
        for (cluster, size) in sizes.enumerated() { predicted += Array(repeating: cluster, count: size) }
        #expect(ClusteringMetrics.clustersHolding(fraction, of: predicted) == expected)
    }
}
