import Foundation
import Testing
@testable import VedettaCore

/// A dense `rows × columns` matrix (row-major) in the compressed-row form `TruncatedSVD` takes.
private func compressed(_ m: [[Double]]) -> (starts: [Int], columns: [Int32], values: [Double]) {
    var starts = [0]
    var columns: [Int32] = []
    var values: [Double] = []
    for row in m {
        for (c, v) in row.enumerated() where v != 0 {
            columns.append(Int32(c))
            values.append(v)
        }
        starts.append(values.count)
    }
    return (starts, columns, values)
}

private func svd(_ m: [[Double]], rank: Int, seed: UInt64 = 0) -> TruncatedSVD {
    let x = compressed(m)
    return TruncatedSVD(rows: m.count, columns: m[0].count, rowStarts: x.starts, columnIndices: x.columns,
                        values: x.values, rank: rank, seed: seed)
}

/// A seeded `rows × columns` matrix of decaying spectrum, as term matrices have: six rank-one layers of weights
/// 10, 8, 6, 4, 3 and 2 (sparse factors) plus a little noise on about a third of the entries.
private func sparseMatrix(rows: Int, columns: Int, seed: UInt64) -> [[Double]] {
    var generator = SplitMix64(seed: seed)
    func next() -> UInt64 { generator.next() }
    func uniform() -> Double { Double(next() % 1_000_000) / 1_000_000 - 0.5 }
    var m = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
    for weight in [10.0, 8, 6, 4, 3, 2] {
        let u = (0..<rows).map { _ in next() % 2 == 0 ? uniform() : 0 }
        let v = (0..<columns).map { _ in next() % 2 == 0 ? uniform() : 0 }
        for r in 0..<rows { for c in 0..<columns { m[r][c] += weight * u[r] * v[c] } }
    }
    for r in 0..<rows { for c in 0..<columns where next() % 3 == 0 { m[r][c] += 0.01 * uniform() } }
    return m
}

/// Reference SVD: one-sided (Hestenes) Jacobi rotates pairs of columns of a `rows × k` row-major matrix until
/// all are orthogonal; their norms are then the singular values.
private func oneSidedJacobi(_ a: inout [Double], rows: Int, k: Int) {
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

@Suite struct TruncatedSVDTests {
    @Test func findsTheKnownSingularValuesAndVectorsOfARotatedDiagonal() {
        // X = diag(4, 1) · R(θ) padded with zero rows and a zero column: singular values 4 and 1, right singular
        // vectors the rows of R (signs: largest coordinate positive).
        let (c, s) = (0.8, 0.6)
        let m = [[4 * c, 4 * s, 0], [-s, c, 0], [0, 0, 0], [0, 0, 0]]
        let result = svd(m, rank: 2)
        #expect(result.rank == 2)
        #expect(abs(result.singularValues[0] - 4) < 1e-12)
        #expect(abs(result.singularValues[1] - 1) < 1e-12)
        let v = result.rightVectors  // 3 × 2
        #expect(abs(v[0] - c) < 1e-12 && abs(v[2] - s) < 1e-12 && abs(v[4]) < 1e-12)
        #expect(abs(v[1] + s) < 1e-12 && abs(v[3] - c) < 1e-12 && abs(v[5]) < 1e-12)
    }

    @Test func diagonalMatrixGivesItsEntriesInOrder() {
        let m = [[0, 0, 2.0, 0], [5, 0, 0, 0], [0, 0, 0, 1], [0, 3, 0, 0], [0, 0, 0, 0]]
        let result = svd(m, rank: 3)
        #expect(result.singularValues.map { ($0 * 1e9).rounded() / 1e9 } == [5, 3, 2])
        // Axis j is the unit vector of the column holding the j-th largest entry.
        for (axis, column) in [0, 1, 2].enumerated() {
            for r in 0..<4 {
                let expected: Double = r == column ? 1 : 0
                #expect(abs(result.rightVectors[r * 3 + axis] - expected) < 1e-9)
            }
        }
    }

    @Test func leadingSingularValuesMatchAFullJacobiSVD() {
        let m = sparseMatrix(rows: 60, columns: 40, seed: 3)
        let result = svd(m, rank: 6)
        // Reference: one-sided Jacobi on all of X's columns (no randomisation); their norms are X's singular values.
        var full = m.flatMap { $0 }
        oneSidedJacobi(&full, rows: 60, k: 40)
        var reference: [Double] = []
        for j in 0..<40 {
            var sum = 0.0
            for r in 0..<60 { sum += full[r * 40 + j] * full[r * 40 + j] }
            reference.append(sum.squareRoot())
        }
        reference.sort(by: >)
        for j in 0..<6 { #expect(abs(result.singularValues[j] - reference[j]) < 1e-6 * reference[0]) }
        // The axes are orthonormal and each is stretched by its singular value: |X v_j| = σ_j.
        for a in 0..<6 {
            for b in 0..<6 {
                let dot = (0..<40).reduce(0.0) { $0 + result.rightVectors[$1 * 6 + a] * result.rightVectors[$1 * 6 + b] }
                #expect(abs(dot - (a == b ? 1 : 0)) < 1e-9)
            }
            let stretched = m.map { row in (0..<40).reduce(0.0) { $0 + row[$1] * result.rightVectors[$1 * 6 + a] } }
            let norm = stretched.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - result.singularValues[a]) < 1e-6 * reference[0])
        }
    }

    @Test func isDeterministicForASeedAndStableAcrossSeeds() {
        let m = sparseMatrix(rows: 80, columns: 50, seed: 9)
        let a = svd(m, rank: 5, seed: 1)
        let b = svd(m, rank: 5, seed: 1)
        #expect(a == b)
        let other = svd(m, rank: 5, seed: 2)
        for j in 0..<3 { #expect(abs(a.singularValues[j] - other.singularValues[j]) < 1e-6 * a.singularValues[0]) }
    }

    /// The Gram-Schmidt that fuses each subtraction with the next dot product gives the bits of the plain one
    /// (a subtraction pass, then a dot pass in the same four partial sums), on tall and short matrices.
    @Test(arguments: [(200, 7), (9, 9), (3, 1), (31, 4)])
    func fusedGramSchmidtGivesThePlainOnesBits(shape: (rows: Int, k: Int)) {
        let m = sparseMatrix(rows: shape.rows, columns: shape.k, seed: UInt64(shape.rows))
        var fused = m.flatMap { $0 }
        TruncatedSVD.orthonormalize(&fused, rows: shape.rows, k: shape.k)
        // The plain modified Gram-Schmidt, column by column.
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            var s = [0.0, 0.0, 0.0, 0.0]
            for r in a.indices { s[r < a.count / 4 * 4 ? r % 4 : 0] += a[r] * b[r] }
            return (s[0] + s[1]) + (s[2] + s[3])
        }
        var columns = (0..<shape.k).map { j in m.map { $0[j] } }
        for j in columns.indices {
            for p in 0..<j {
                let d = dot(columns[p], columns[j])
                for r in 0..<shape.rows { columns[j][r] -= d * columns[p][r] }
            }
            let n = dot(columns[j], columns[j]).squareRoot()
            for r in 0..<shape.rows { columns[j][r] = n > 1e-12 ? columns[j][r] / n : 0 }
        }
        let plain = (0..<shape.rows).flatMap { r in columns.map { $0[r] } }
        #expect(fused.map(\.bitPattern) == plain.map(\.bitPattern))
    }

    @Test func rankIsCappedByTheMatrix() {
        let result = svd([[1, 2], [3, 4]], rank: 5)
        #expect(result.rank == 2)
        #expect(abs(result.singularValues[0] * result.singularValues[1] - 2) < 1e-9)  // |det| = 2
    }
}

@Suite struct TopicSpaceTests {
    private func vector(_ i: Int) -> SparseVector {
        SparseVector(pairs: [(UInt32(i % 7), 0.6), (UInt32(7 + i % 5), 0.8)])
    }

    /// The terms that enough of the window's reports hold, ascending, as sorting every id and counting its runs
    /// finds them.
    @Test(arguments: [1, 2, 5])
    func frequentTermsAreThoseOfAtLeastMinReports(minReports: Int) {
        var generator = SplitMix64(seed: UInt64(minReports))
        let vectors = (0..<300).map { _ in
            SparseVector(pairs: (0..<6).map { _ in (UInt32(generator.next() % 400), Float(1)) })
        }
        let counts = Dictionary(vectors.flatMap(\.ids).map { ($0, 1) }, uniquingKeysWith: +)
        let expected = counts.filter { $0.value >= minReports }.keys.sorted()
        #expect(TopicSpace.frequentTerms(in: vectors, minReports: minReports) == expected)
        #expect(TopicSpace.frequentTerms(in: [], minReports: minReports).isEmpty)
        #expect(TopicSpace.frequentTerms(in: [SparseVector()], minReports: minReports).isEmpty)
    }

    /// A counting table reused across windows (ids growing, then shrinking) gives what a fresh one gives and is
    /// all zero after each use: a refit check pays for the window's ids, not for the largest id ever counted.
    @Test func frequentTermsWithAReusedTableMatchAFreshOne() {
        var generator = SplitMix64(seed: 11)
        var table: [Int32] = []
        for range in [400, 5_000, 60, 2_000, 1] {
            let vectors = (0..<200).map { _ in
                SparseVector(pairs: (0..<5).map { _ in (UInt32(generator.next() % UInt64(range)), Float(1)) })
            }
            for minReports in [1, 3] {
                let reused = TopicSpace.frequentTerms(in: vectors, minReports: minReports, counts: &table)
                #expect(reused == TopicSpace.frequentTerms(in: vectors, minReports: minReports))
                #expect(table.allSatisfy { $0 == 0 })
            }
        }
        #expect(table.count == 5_000)
    }

    /// A space whose window's vocabulary moves from fit to fit (terms leave, others come, above and below the old
    /// ones) answers as a copy whose term lookup was built afresh from its rows (a decoded one): a term that had a
    /// row in an earlier fit and has none now is unknown, and the refit checks measure the same drift.
    @Test(arguments: [Float(0), 0.9])
    func aMovingVocabularyProjectsAsAFreshlyBuiltLookup(tolerance: Float) throws {
        var space = TopicSpace(dimensions: 3, window: 30, refitInterval: 15, firstFit: 30, minReports: 2,
                               refitTolerance: tolerance)
        // Each stretch of 45 reports speaks of its own band of terms: 200..., then 20..., then 900..., then 20...
        let bands: [UInt32] = [200, 20, 900, 20, 5]
        let probes = (0..<40).map { i in
            SparseVector(pairs: [(bands[i % bands.count] + UInt32(i % 6), 0.6), (bands[(i + 1) % bands.count] + 2, 0.8)])
        }
        var generator = SplitMix64(seed: 5)
        for (stretch, band) in bands.enumerated() {
            for _ in 0..<45 {
                space.refitIfDue()
                let a = band + UInt32(generator.next() % 6)
                let b = band + 6 + UInt32(generator.next() % 6)
                space.record(SparseVector(pairs: [(min(a, b), 0.6), (max(a, b), 0.8)]))
            }
            var fresh = try JSONDecoder().decode(TopicSpace.self, from: JSONEncoder().encode(space))
            for probe in probes {
                var z1: [Float] = []
                var z2: [Float] = []
                let share1 = space.project(probe, into: &z1)
                let share2 = fresh.project(probe, into: &z2)
                #expect(share1 == share2 && z1 == z2, "stretch \(stretch)")
            }
            let window = probes + probes.reversed()
            let (c1, u1, t1) = space.drift(of: window)
            let (c2, u2, t2) = fresh.drift(of: window)
            #expect(c1 == c2 && u1 == u2 && t1 == t2, "stretch \(stretch)")
        }
        #expect(space.epoch > 3)
    }

    @Test func fitsAfterTheFirstReportsThenOnSchedule() {
        var space = TopicSpace(dimensions: 3, window: 4, refitInterval: 3, firstFit: 5)
        #expect(feed(&space, 0..<15, vector) == [5, 8, 11, 14])
        #expect(space.epoch == 4)
        #expect(space.seen == 15)
        // Fitted on the ring of the last 4 reports before report 14 (10...13): only their terms have rows.
        let terms = Set((10...13).flatMap { vector($0).ids })
        #expect(space.termCount == terms.count)
        var z: [Float] = []
        space.project(vector(12), into: &z)
        #expect(z.count == 3)
        #expect(abs(z.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        space.project(SparseVector(pairs: [(999, 1)]), into: &z)
        #expect(z == [0, 0, 0])
    }

    /// Terms of fewer than `minReports` reports of the ring get no row, and a projection tells the share of the
    /// vector (its squared weight) that falls on terms with a row.
    @Test func termsOfTooFewReportsGetNoRowAndProjectionsTellTheExplainedShare() {
        var space = TopicSpace(dimensions: 2, window: 10, refitInterval: 100, firstFit: 10, minReports: 3)
        // Terms 1 and 2 in every report, term 3 in two, terms 100... in one each.
        for i in 0..<10 {
            var pairs: [(UInt32, Float)] = [(1, 0.6), (2, 0.6), (UInt32(100 + i), 0.5)]
            if i < 2 { pairs.append((3, 0.2)) }
            space.record(SparseVector(pairs: pairs))
        }
        let fitted = space.refitIfDue()
        #expect(fitted)
        #expect(space.termCount == 2)
        var z: [Float] = []
        let known = space.project(SparseVector(pairs: [(1, 0.6), (2, 0.8)]), into: &z)
        #expect(abs(known - 1) < 1e-6)
        let half = space.project(SparseVector(pairs: [(1, 0.6), (3, 0.8)]), into: &z)
        #expect(abs(half - 0.36) < 1e-5)  // 0.6² of 0.6² + 0.8²
        #expect(abs(z.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        let none = space.project(SparseVector(pairs: [(3, 1)]), into: &z)
        #expect(none == 0 && z == [0, 0])
        var every = TopicSpace(dimensions: 2, window: 10, refitInterval: 100, firstFit: 10)
        for i in 0..<10 { every.record(SparseVector(pairs: [(1, 0.6), (2, 0.6), (UInt32(100 + i), 0.5)])) }
        every.refitIfDue()
        #expect(every.termCount == 12)
    }

    @Test func noDimensionsMeansNoSpace() {
        var space = TopicSpace(dimensions: 0, window: 4, refitInterval: 3, firstFit: 1)
        for i in 0..<10 {
            let fitted = space.refitIfDue()
            #expect(!fitted)
            space.record(vector(i))
        }
        #expect(!space.isFitted)
    }

    /// Feeds reports `range` (made by `make`), refitting when due; returns the reports before which it refitted.
    private func feed(_ space: inout TopicSpace, _ range: Range<Int>, _ make: (Int) -> SparseVector) -> [Int] {
        var fittedAt: [Int] = []
        for i in range {
            if space.refitIfDue() { fittedAt.append(i) }
            space.record(make(i))
        }
        return fittedAt
    }

    /// With a tolerance, a space fitted on a full window of a stream that does not change keeps its rows past its
    /// due refits (the first due refit measures the reference), and is refitted after `maxSkippedRefits` of them.
    @Test func aStableStreamSkipsDueRefitsUpToTheBound() {
        var space = TopicSpace(dimensions: 3, window: 40, refitInterval: 20, firstFit: 40, refitTolerance: 0.9)
        let fittedAt = feed(&space, 0..<400, vector)
        let bound = 20 * (TopicSpace.maxSkippedRefits + 1)
        #expect(fittedAt == [40, 40 + bound, 40 + 2 * bound])
        var every = TopicSpace(dimensions: 3, window: 40, refitInterval: 20, firstFit: 40)
        #expect(feed(&every, 0..<400, vector) == Array(stride(from: 40, to: 400, by: 20)))
    }

    /// A first fit on a partial window (before the ring is full) is refitted when due, skipping nothing.
    @Test func aFitOnAPartialWindowIsNotKept() {
        var space = TopicSpace(dimensions: 3, window: 40, refitInterval: 20, firstFit: 10, refitTolerance: 0.9)
        let fittedAt = feed(&space, 0..<60, vector)
        #expect(fittedAt == [10, 30, 50])
        #expect(space.skippedRefits == 0)
    }

    /// Words that enough of the window's reports now use and that have no row bring the refit at its due time,
    /// though the known words' structure did not change.
    @Test func newFrequentWordsBringTheRefitWhenDue() {
        var space = TopicSpace(dimensions: 3, window: 40, refitInterval: 20, firstFit: 40, minReports: 3,
                               refitTolerance: 0.9)
        #expect(feed(&space, 0..<80, vector) == [40])
        #expect(space.skippedRefits == 1)
        // A new topic: a third of the reports speak of words the space has never seen.
        // The check before report 80 still sees the old words only (skipped); the one before report 100 refits.
        let fittedAt = feed(&space, 80..<101) { i in
            i % 3 == 0 ? SparseVector(pairs: [(UInt32(100 + i % 2), 0.6), (102, 0.8)]) : self.vector(i)
        }
        #expect(fittedAt == [100])
        #expect(space.skippedRefits == 0)
        var z: [Float] = []
        #expect(space.project(SparseVector(pairs: [(102, 1)]), into: &z) == 1)
    }

    /// A space between its skipped refits continues exactly after a checkpoint.
    @Test func skippingContinuesExactlyAcrossACheckpoint() throws {
        var straight = TopicSpace(dimensions: 3, window: 40, refitInterval: 20, firstFit: 40, refitTolerance: 0.9)
        _ = feed(&straight, 0..<90, vector)
        #expect(straight.skippedRefits == 2)
        var restored = try JSONDecoder().decode(TopicSpace.self, from: JSONEncoder().encode(straight))
        #expect(feed(&straight, 90..<400, vector) == feed(&restored, 90..<400, vector))
        #expect(straight.epoch == restored.epoch)
        let sorted = JSONEncoder()
        sorted.outputFormatting = .sortedKeys
        #expect(try sorted.encode(straight) == sorted.encode(restored))
    }

    @Test func snapshotRoundTripContinuesExactly() throws {
        var straight = TopicSpace(dimensions: 3, window: 6, refitInterval: 4, firstFit: 5)
        for i in 0..<9 {
            straight.refitIfDue()
            straight.record(vector(i))
        }
        var restored = try JSONDecoder().decode(TopicSpace.self, from: JSONEncoder().encode(straight))
        for i in 9..<30 {
            let dueStraight = straight.refitIfDue()
            let dueRestored = restored.refitIfDue()
            #expect(dueStraight == dueRestored)
            straight.record(vector(i))
            restored.record(vector(i))
            var a: [Float] = []
            var b: [Float] = []
            straight.project(vector(i), into: &a)
            restored.project(vector(i), into: &b)
            #expect(a == b)
        }
        #expect(straight.epoch == restored.epoch && straight.epoch > 3)
        let again = try JSONDecoder().decode(TopicSpace.self, from: JSONEncoder().encode(restored))
        let sorted = JSONEncoder()
        sorted.outputFormatting = .sortedKeys
        #expect(try sorted.encode(again) == sorted.encode(restored))
    }
}

/// The tests' seeded draws: Knuth's 64-bit LCG, upper bits.
private struct LCG {
    var state: UInt64
    mutating func next() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33)
    }
}

@Suite struct TopicClusteringTests {
    /// Three office topics, each report three distinct words of one topic's six.
    private static let vocabularies = [
        ["stampante", "inceppata", "toner", "vassoio", "foglio", "cartuccia"],
        ["password", "scaduta", "credenziali", "login", "utente", "bloccato"],
        ["rete", "lenta", "wifi", "connessione", "cavo", "router"],
    ]

    /// 600 reports of the three topics, a minute apart; with `reminders`, each ticket but the last also gets a
    /// follow-up in words no first report uses, as help-desk tickets do.
    private func trained(_ configuration: ClusteringConfiguration, reminders: Bool = false) -> LexicalClusterer {
        var c = LexicalClusterer(configuration: configuration)
        var random = LCG(state: 5)
        func next() -> Int { random.next() }
        for i in 0..<600 {
            let words = Self.vocabularies[next() % 3]
            var picked: [String] = []
            while picked.count < 3 {
                let w = words[next() % 6]
                if !picked.contains(w) { picked.append(w) }
            }
            _ = c.feed(opened("T\(i)", picked.joined(separator: " "), minutes: Int64(i)))
            if reminders && i > 0 {
                _ = c.feed(TicketEvent(ticket: "T\(i - 1)", type: .updated, at: t0.adding(.minutes(Int64(i))),
                                       text: ["sollecito nessuna novità", "aggiunti screenshot richiesti",
                                              "richiamato chiedendo tempi"][i % 3]))
            }
        }
        return c
    }

    /// Follow-ups are a help desk's most frequent texts and say nothing of what a ticket is about, so the space
    /// learns from each ticket's first report only: with a reminder on every ticket it is fitted on the same
    /// reports and terms as without, and a paraphrase still joins through it. (Fitted on the reminders too, its
    /// axes were the reminders' phrases and refined tickets moved to clusters of reminders: the scenarios'
    /// failure-ticket NMI was 0.68 with the space, 0.86 without, 0.88 now.)
    @Test func learnsFromFirstReportsOnly() throws {
        var config = ClusteringConfiguration()
        config.topicDimensions = 3
        let plain = trained(config)
        var c = trained(config, reminders: true)
        #expect(c.topics.seen == 600)
        #expect(c.topics.epoch == plain.topics.epoch)
        #expect(c.topics.termCount == plain.topics.termCount)
        let later = Int64(600 + 5 * 24 * 60)
        _ = c.feed(opened("X", "stampante inceppata", minutes: later))
        _ = c.feed(opened("W", "stampante toner", minutes: later + 1))
        let y = c.feed(opened("Y", "toner vassoio", minutes: later + 2))
        let x = try #require(c.clusterID(ofTicket: "X"))
        #expect(c.clusterID(ofTicket: "Y") == x, "a paraphrase joins through the topic space: \(y)")
    }

    @Test(arguments: [3, 0])
    func reportsSharingNoWordLandTogetherOnceTheSpaceHasLearnedTheirVocabulary(dimensions: Int) throws {
        var config = ClusteringConfiguration()
        config.topicDimensions = dimensions  // three topics: three axes
        var c = trained(config)
        #expect(c.topics.isFitted == (dimensions > 0))
        // Five days later every training cluster has retired: only the topic space remembers the vocabulary.
        let later = Int64(600 + 5 * 24 * 60)
        _ = c.feed(opened("X", "stampante inceppata", minutes: later))
        #expect(c.activeClusterCount == 1)
        _ = c.feed(opened("W", "stampante toner", minutes: later + 1))
        let x = try #require(c.clusterID(ofTicket: "X"))
        #expect(c.clusterID(ofTicket: "W") == x)
        // Y shares no word with X, and too little with the cluster for the lexical cosine alone (candidates come
        // from the lexical index, through "toner").
        let y = c.feed(opened("Y", "toner vassoio", minutes: later + 2))
        _ = c.feed(opened("Z", "password scaduta", minutes: later + 3))
        if dimensions > 0 {
            #expect(c.clusterID(ofTicket: "Y") == x, "a paraphrase joins through the topic space: \(y)")
        } else {
            #expect(c.clusterID(ofTicket: "Y") != x, "lexically the report is too far: \(y)")
        }
        #expect(c.clusterID(ofTicket: "Z") != x)
    }

    /// Topics that share no structure (random word sets plus random common words, as the clusterer bench draws
    /// them) stay whole with the space on: fragments the lexical rule would merge merge once their topics agree.
    /// With the blended merge threshold at 0.84 (before session 16) a merge needed a lexical cosine of 0.77 even
    /// at full topic agreement, stricter than the lexical rule's 0.60 at any: here 62 clusters, NMI 0.85.
    @Test func topicsWithoutSharedStructureStayWhole() throws {
        var config = ClusteringConfiguration()
        config.topicDimensions = 20
        let topics = 20
        let (clusters, nmi) = try Self.randomTopics(config, topics: topics, reports: 3000, seed: 11)
        #expect(clusters <= 2 * topics, "clusters: \(clusters)")
        #expect(nmi >= 0.9, "NMI \(nmi)")
    }

    /// Clusters `reports` reports of `topics` random-word topics (five of a topic's eight words and two of 300
    /// common words each, as the clusterer bench draws them, 20 s apart); the clusters made and the NMI against
    /// the topics.
    private static func randomTopics(
        _ config: ClusteringConfiguration, topics: Int, reports: Int, seed: UInt64
    ) throws -> (clusters: Int, nmi: Double) {
        let (c, truth) = randomTopicStream(config, topics: topics, reports: reports, seed: seed)
        #expect(c.topics.isFitted)
        let assigned = try (0..<reports).map { try #require(c.clusterID(ofTicket: "T\($0)")) }
        return (Set(assigned).count, ClusteringMetrics.nmi(truth: truth, predicted: assigned))
    }

    /// The clusterer after `randomTopics`' stream, and each report's topic.
    private static func randomTopicStream(
        _ config: ClusteringConfiguration, topics: Int, reports: Int, seed: UInt64
    ) -> (LexicalClusterer, [Int]) {
        var c = LexicalClusterer(configuration: config)
        var random = LCG(state: seed)
        func next() -> Int { random.next() }
        var truth: [Int] = []
        for i in 0..<reports {
            let topic = next() % topics
            truth.append(topic)
            var words = (0..<5).map { _ in "t\(topic)w\(next() % 8)" }
            words += (0..<2).map { _ in "k\(next() % 300)" }
            _ = c.feed(TicketEvent(ticket: "T\(i)", type: .opened, at: t0.adding(.seconds(Int64(i) * 20)),
                                   requester: "r\(i)", text: words.joined(separator: " ")))
        }
        return (c, truth)
    }

    /// Scoring projects a candidate's stale centroid on the topic space only when its lexical cosine could still
    /// be admitted with the largest topic term a blend can hold: the choice and its similarity are those of
    /// scoring with every candidate projected first, while candidates that share only common words with the
    /// report stay unprojected (most of them, once the clusters are many).
    @Test func candidatesThatCannotBeAdmittedAreNotProjected() throws {
        var config = ClusteringConfiguration()
        config.topicWindow = 200
        config.topicFirstFit = 100
        config.topicRefitInterval = 200
        let (c, _) = Self.randomTopicStream(config, topics: 60, reports: 2400, seed: 17)
        #expect(c.topics.isFitted)
        let all = c.clusters.sortedKeys
        var scratch = CandidateScratch()
        var skipped = 0
        var chosen = 0
        for probe in 0..<60 {
            var featurizer = c.featurizer
            let words = (0..<4).map { "t\(probe)w\($0 * 2)" } + ["k\(probe * 7 % 300)"]
            let vector = featurizer.featurize(normalized(words.joined(separator: " ")), service: nil, at: c.now)
            var topic = [Float]()
            let share = c.topics.project(vector, into: &topic)
            let blend = TopicBlend(vector: topic, share: share, lexical: c.configuration)
            scratch.spread(vector)
            var lazy = c.clusters
            let fast = lazy.best(among: all, scratch: scratch, query: c.profile(vector), service: ClusterTable.noService,
                                 configuration: c.blendedConfiguration, topic: blend, space: c.topics)
            var eager = c.clusters
            eager.refreshTopics(all, c.topics)
            let reference = eager.best(among: all, scratch: scratch, query: c.profile(vector),
                                       service: ClusterTable.noService, configuration: c.blendedConfiguration,
                                       topic: blend, space: c.topics)
            scratch.clear(vector)
            #expect(fast.best?.seq == reference.best?.seq && fast.best?.similarity == reference.best?.similarity)
            #expect(fast.entries == reference.entries)
            skipped += all.filter { !lazy.hasCurrentTopic($0, epoch: c.topics.epoch) }.count
            if let best = fast.best {
                chosen += 1
                #expect(lazy.hasCurrentTopic(best.seq, epoch: c.topics.epoch), "the chosen cluster was blended")
            }
        }
        #expect(chosen >= 30, "reports that found their topic's cluster: \(chosen)")
        #expect(skipped >= 60 * all.count / 2, "candidates left unprojected: \(skipped) of \(60 * all.count)")
    }

    /// The neutral topic cosine stands for the part of a pair the space does not explain: with it, the blended
    /// threshold asks exactly what the lexical one asks, so a pair the space knows nothing of is judged lexically.
    @Test func theNeutralTopicCosineMakesAnUnexplainedPairLexical() {
        let config = ClusteringConfiguration()
        let a = config.topicLexicalWeight
        let join = config.topicNeutral(lexical: config.joinThreshold, blended: config.topicJoinThreshold)
        let merge = config.topicNeutral(lexical: config.mergeThreshold, blended: config.topicMergeThreshold)
        #expect(abs(join - 0.7) < 1e-5 && abs(merge - 1) < 1e-5)
        for step in 0...100 {
            let cosine = Float(step) / 100
            #expect((a * cosine + (1 - a) * join >= config.topicJoinThreshold - 1e-6) == (cosine >= config.joinThreshold - 1e-6))
            #expect((a * cosine + (1 - a) * merge >= config.topicMergeThreshold - 1e-6) == (cosine >= config.mergeThreshold - 1e-6))
        }
        #expect(abs(config.topicReliability(config.topicShareFull / 2, 0.9) - 0.5) < 1e-6)
        #expect(config.topicReliability(0.9, 0.8) == 1)
        var full = config
        full.topicShareFull = 0
        #expect(full.topicReliability(0, 0) == 1)
    }

    /// Many unrelated topics, each seen less than once per fitting window: the space cannot learn their words,
    /// and a text projects through the few common words it knows, so two texts of different topics agree in
    /// topic space for no reason. The topic cosine counts by the share of both texts the space explains, and
    /// terms of fewer than `topicMinReports` reports get no row: such texts are compared lexically and the
    /// topics stay whole. (With every term given a row and the topic cosine always counting in full, as before
    /// session 17: 692 clusters, NMI 0.960; the clusterer bench at 3,000 topics fragmented into 6,404.)
    @Test(arguments: [true, false])
    func manyTopicsTheSpaceCannotLearnStayWhole(gated: Bool) throws {
        var config = ClusteringConfiguration()
        config.topicWindow = 200
        config.topicFirstFit = 100
        config.topicRefitInterval = 200
        if !gated {
            config.topicMinReports = 1
            config.topicShareFull = 0
            config.topicRefitTolerance = 0
        }
        let topics = 300
        let (clusters, nmi) = try Self.randomTopics(config, topics: topics, reports: 6000, seed: 13)
        if gated {
            #expect(clusters <= 400, "clusters: \(clusters)")  // 362
            #expect(nmi >= 0.98, "NMI \(nmi)")  // 0.990
        } else {
            #expect(clusters > 2 * topics, "clusters: \(clusters)")  // 692, NMI 0.960
        }
    }

    /// Restores at cuts before, between and after refits continue exactly, refitting at every due time (0) or
    /// skipping refits of a stable space (the default tolerance; the space records first reports only, so of the
    /// 600 events four are due times).
    @Test(arguments: [Float(0), ClusteringConfiguration().topicRefitTolerance])
    func checkpointRestoreContinuesExactlyAcrossRefits(tolerance: Float) throws {
        var config = ClusteringConfiguration()
        config.topicRefitTolerance = tolerance
        config.revisitAfter = [8, 40]
        config.mergeInterval = 8
        config.topicMergeThreshold = 0.6
        config.topicDimensions = 4
        config.topicFirstFit = 100
        config.topicRefitInterval = 120
        config.topicWindow = 150
        let (straight, expected) = try expectCheckpointContinuity(config, syntheticStream(count: 600, seed: 7),
                                                                  cuts: [1, 99, 101, 230, 301, 450])
        if tolerance == 0 {
            #expect(straight.topics.epoch == 4)
        } else {
            #expect(straight.topics.epoch >= 2 && straight.topics.epoch < 4, "fits: \(straight.topics.epoch)")
        }
        #expect(expected.joined().contains { if case .merged = $0 { true } else { false } })
        #expect(expected.joined().contains { if case .retired = $0 { true } else { false } })
        #expect(expected.joined().contains { if case .moved = $0 { true } else { false } })
    }
}
