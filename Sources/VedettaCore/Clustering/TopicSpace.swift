/// A low-rank topic space (online LSA) learned from the stream's own recent reports.
///
/// Words that never co-occur in one report still land near each other when they co-occur with the same others
/// ("card arrived" / "card delivered"), which the lexical cosine cannot see. The space keeps the clusterer's
/// sparse report vectors of the last `window` reports in a ring; after `firstFit` reports and then every
/// `refitInterval`, a truncated SVD of that `window × terms` matrix (the terms of at least `minReports` of its
/// reports) gives each term a `dimensions`-long row, and a vector's topic vector is the normalised weighted sum of
/// its terms' rows. A projection also tells how much of the vector the space explains (its squared weight on
/// terms with a row), which the clusterer uses to weigh the topic cosine. Only past reports are used.
///
/// Refit cost: the SVD of the ring (`TruncatedSVD` with 2 power iterations: about `6 nnz k + 6 (W + V) k²`
/// flops with `k = dimensions + 10` and V the terms with a row; 3-10 ms at W = 2000 with every term), amortised
/// over `refitInterval` reports (2-5 µs per report), or over up to eight intervals while the stream stays what
/// the space learned (`refitTolerance`, `refitIfDue`). Two power iterations instead of four keep Banking77 at the
/// same NMI (0.6805 against 0.6807) at 40% less fitting.
/// Per report: one projection (`nnz × dimensions` flops). All state is `Codable`; the lookup of term rows is
/// derived.
public struct TopicSpace: Sendable, Codable {
    /// Axes of the space (0: no topic space).
    public let dimensions: Int
    /// Reports in the ring the space is fitted on.
    public let window: Int
    /// Reports between two fits after the first.
    public let refitInterval: Int
    /// Reports seen before the first fit.
    public let firstFit: Int
    /// Fewest reports of the ring a term must appear in to get a row (1: every term of the ring).
    public let minReports: Int
    /// A due refit is skipped while the space still captures at least this fraction of what it captured of the
    /// window at its first due refit (0: every due refit runs; see `refitIfDue`).
    public let refitTolerance: Float
    /// Due refits skipped in a row at most: a space is refitted at least every `maxSkippedRefits + 1` intervals.
    public static let maxSkippedRefits = 7

    /// The last `window` report vectors; `ring[head]` is the oldest once the ring is full.
    private var ring: [SparseVector] = []
    private var head = 0
    /// Reports recorded so far, and since the last fit or skipped refit.
    public private(set) var seen = 0
    private var sinceFit = 0
    /// Fits so far (0: not fitted yet): stamps what was computed with the current term rows.
    public private(set) var epoch: UInt32 = 0
    /// With a `refitTolerance`: what the current fit captured of the window at its first due refit
    /// (`drift`; 0 until then) and the window's unlearned share then.
    public private(set) var referenceCapture: Float = 0
    public private(set) var referenceUnlearned: Float = 0
    /// Due refits skipped since the last fit, and whether that fit saw a full window (only such a fit is kept).
    public private(set) var skippedRefits = 0
    public private(set) var fittedOnFullWindow = false
    /// How far the unlearned share may grow over its reference before a due refit runs (the share moves by
    /// about a third either way between windows of a stable stream; a failure's new words double it). At 1.5
    /// the engine fitted 37 times in engine-bench's million events instead of 50, with the same figures but one
    /// more false alert over the 85 pooled scenario weeks, of a rushing service (README, "Known weaknesses").
    static let unlearnedGrowth: Float = 1.25
    /// Term ids of the last fit, ascending, and their rows (`terms.count × dimensions`, row-major).
    private var terms: [UInt32] = []
    private var rows: [Float] = []
    /// Term id → row in `rows` + 1 (0: unknown term); derived from `terms`. Dense by term id, grown to the largest
    /// id that ever had a row and never shrunk: a refit clears its old terms' entries and sets the new ones, a cost
    /// of the terms, not of the vocabulary (reallocated at each fit, it cost a vocabulary-sized allocation and fill).
    private var rowOfTerm: [Int32] = []
    /// Scratch tables of the refit checks (derived, never encoded), dense by term id like `rowOfTerm` and all zero
    /// between uses: the reports holding each term (`frequentTerms`) and the frequent terms without a row (`drift`).
    /// A check runs every `refitInterval` reports; tables made anew were as long as the vocabulary, which grows
    /// with the stream (a million clusters' words in the bench: 12 MB zeroed per check, about 3 µs per report).
    private var termCounts: [Int32] = []
    private var rowlessTerms: [Bool] = []

    private enum CodingKeys: String, CodingKey {
        case dimensions, window, refitInterval, firstFit, minReports, refitTolerance, ring, head, seen, sinceFit, epoch
        case referenceCapture, referenceUnlearned, skippedRefits, fittedOnFullWindow, terms, rows
    }

    /// A space that fits after `firstFit` reports, then every `refitInterval` (skipping a due refit while the fit
    /// still captures `refitTolerance` of what it captured, see `refitIfDue`), on the last `window`, giving a row
    /// to the terms of at least `minReports` of them.
    public init(
        dimensions: Int, window: Int, refitInterval: Int, firstFit: Int, minReports: Int = 1, refitTolerance: Float = 0
    ) {
        self.dimensions = max(0, dimensions)
        self.window = max(1, window)
        self.refitInterval = max(1, refitInterval)
        self.firstFit = max(1, firstFit)
        self.minReports = max(1, minReports)
        self.refitTolerance = max(0, refitTolerance)
    }

    /// The space a tuning asks for.
    public init(_ configuration: ClusteringConfiguration) {
        self.init(dimensions: configuration.topicDimensions, window: configuration.topicWindow,
                  refitInterval: configuration.topicRefitInterval, firstFit: configuration.topicFirstFit,
                  minReports: configuration.topicMinReports, refitTolerance: configuration.topicRefitTolerance)
    }

    /// Decodes a space and rebuilds its term lookup.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dimensions = try c.decode(Int.self, forKey: .dimensions)
        window = try c.decode(Int.self, forKey: .window)
        refitInterval = try c.decode(Int.self, forKey: .refitInterval)
        firstFit = try c.decode(Int.self, forKey: .firstFit)
        // A space encoded before the key existed gave every term a row.
        minReports = try c.decodeIfPresent(Int.self, forKey: .minReports) ?? 1
        // ... and ran every due refit.
        refitTolerance = try c.decodeIfPresent(Float.self, forKey: .refitTolerance) ?? 0
        referenceCapture = try c.decodeIfPresent(Float.self, forKey: .referenceCapture) ?? 0
        referenceUnlearned = try c.decodeIfPresent(Float.self, forKey: .referenceUnlearned) ?? 0
        skippedRefits = try c.decodeIfPresent(Int.self, forKey: .skippedRefits) ?? 0
        fittedOnFullWindow = try c.decodeIfPresent(Bool.self, forKey: .fittedOnFullWindow) ?? false
        ring = try c.decode([SparseVector].self, forKey: .ring)
        head = try c.decode(Int.self, forKey: .head)
        seen = try c.decode(Int.self, forKey: .seen)
        sinceFit = try c.decode(Int.self, forKey: .sinceFit)
        epoch = try c.decode(UInt32.self, forKey: .epoch)
        terms = try c.decode([UInt32].self, forKey: .terms)
        rows = try c.decode([Float].self, forKey: .rows)
        rebuildLookup(clearing: [])
    }

    /// Encodes the state (not the derived lookup).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dimensions, forKey: .dimensions)
        try c.encode(window, forKey: .window)
        try c.encode(refitInterval, forKey: .refitInterval)
        try c.encode(firstFit, forKey: .firstFit)
        try c.encode(minReports, forKey: .minReports)
        try c.encode(refitTolerance, forKey: .refitTolerance)
        try c.encode(referenceCapture, forKey: .referenceCapture)
        try c.encode(referenceUnlearned, forKey: .referenceUnlearned)
        try c.encode(skippedRefits, forKey: .skippedRefits)
        try c.encode(fittedOnFullWindow, forKey: .fittedOnFullWindow)
        try c.encode(ring, forKey: .ring)
        try c.encode(head, forKey: .head)
        try c.encode(seen, forKey: .seen)
        try c.encode(sinceFit, forKey: .sinceFit)
        try c.encode(epoch, forKey: .epoch)
        try c.encode(terms, forKey: .terms)
        try c.encode(rows, forKey: .rows)
    }

    /// True once the space has been fitted (topic vectors exist).
    public var isFitted: Bool { epoch > 0 }

    /// Terms with a row in the current fit.
    public var termCount: Int { terms.count }

    /// Fits the space when due (before the report about to be recorded); true when it did.
    ///
    /// With a `refitTolerance`, a fit made on a full window is kept past its due refits while the new reports are
    /// about what it learned: the first due refit measures the references on the window (all reports the fit did
    /// not see) and is skipped; a later one is skipped while the captured share (`drift`) stays at or
    /// above `refitTolerance` times its reference and the unlearned share (`drift`: weight on frequent
    /// words without a row) at most `unlearnedGrowth` times its reference, and at most `maxSkippedRefits` in a
    /// row. The references are measured out of sample because a fit captures its own window better than any
    /// other (by how much depends on the stream: 5% on the scenarios, 30% on the clusterer bench's random
    /// topics), so only the same measure on later windows tells a drift. A shifted topic mix lowers the captured
    /// share; a failure's new words, used by dozens of reports, raise the unlearned one (the captured share
    /// hardly moves: a few dozen reports of 2,000); either brings the refit at its due time, so the new words get
    /// rows as soon as before (without the unlearned test, the scenarios' failure-ticket NMI fell 0.933 → 0.914).
    /// A stable stream's space is refitted every `maxSkippedRefits + 1` intervals instead of every one. The
    /// question costs one pass over the window (a projection, `nnz × dimensions` flops, and a count of its terms,
    /// which a refit that follows reuses), a fraction of a fit; a skipped refit also leaves every cluster's topic vector current.
    @discardableResult
    public mutating func refitIfDue() -> Bool {
        guard dimensions > 0, seen >= firstFit, epoch == 0 || sinceFit >= refitInterval else { return false }
        var frequent: [UInt32]? = nil
        if epoch > 0, refitTolerance > 0, fittedOnFullWindow, skippedRefits < Self.maxSkippedRefits {
            let (share, unlearned, terms) = drift(of: ring)
            frequent = terms
            if referenceCapture == 0 {
                referenceCapture = max(share, .leastNonzeroMagnitude)
                referenceUnlearned = unlearned
            }
            if share >= refitTolerance * referenceCapture, unlearned <= Self.unlearnedGrowth * referenceUnlearned {
                skippedRefits += 1
                sinceFit = 0
                return false
            }
        }
        fit(frequent: frequent)
        return true
    }

    /// How far the stream has moved from what the space learned, in one pass over `vectors`: the share of their
    /// squared weight the space's rows capture (`captured`: their unnormalised topic vectors' squared lengths over
    /// their squared lengths; the rows are orthonormal axes, so this is the energy of their projection on the
    /// space, at most 1) and the share on terms that at least `minReports` of them hold and that have no row
    /// (`unlearned`: what a refit would learn that the space does not know), with those frequent terms (`terms`,
    /// ascending: a refit that follows fits on them).
    mutating func drift(of vectors: [SparseVector]) -> (captured: Float, unlearned: Float, terms: [UInt32]) {
        let frequent = Self.frequentTerms(in: vectors, minReports: minReports, counts: &termCounts)
        if let last = frequent.last, Int(last) >= rowlessTerms.count {
            rowlessTerms.append(contentsOf: repeatElement(false, count: Int(last) + 1 - rowlessTerms.count))
        }
        for id in frequent where Int(id) >= rowOfTerm.count || rowOfTerm[Int(id)] == 0 { rowlessTerms[Int(id)] = true }
        var captured = 0.0
        var unlearned = 0.0
        var total = 0.0
        var scratch = [Float](repeating: 0, count: dimensions)
        scratch.withUnsafeMutableBufferPointer { out in
            for v in vectors {
                for j in out.indices { out[j] = 0 }
                for (k, id) in v.ids.enumerated() {
                    let w = v.weights[k]
                    _ = accumulate(id, w, into: out)
                    total += Double(w * w)
                    if Int(id) < rowlessTerms.count, rowlessTerms[Int(id)] { unlearned += Double(w * w) }
                }
                var s: Float = 0
                for x in out { s += x * x }
                captured += Double(s)
            }
        }
        for id in frequent { rowlessTerms[Int(id)] = false }
        guard total > 0 else { return (0, 0, frequent) }
        return (rows.isEmpty ? 0 : Float(captured / total), Float(unlearned / total), frequent)
    }

    /// Adds a report's vector to the ring (dropping the oldest past `window`).
    public mutating func record(_ vector: SparseVector) {
        guard dimensions > 0 else { return }
        seen += 1
        sinceFit += 1
        if ring.count < window {
            ring.append(vector)
        } else {
            ring[head] = vector
            head = (head + 1) % window
        }
    }

    /// Fits the term rows on the ring now.
    public mutating func fit() { fit(frequent: nil) }

    /// Fits on the ring, given its frequent terms when a refit check has just counted them.
    private mutating func fit(frequent: [UInt32]?) {
        let ordered = Array(ring[head...]) + ring[..<head]
        let previous = terms
        terms = frequent ?? Self.frequentTerms(in: ordered, minReports: minReports, counts: &termCounts)
        rebuildLookup(clearing: previous)
        sinceFit = 0
        skippedRefits = 0
        referenceCapture = 0
        fittedOnFullWindow = ring.count >= window
        epoch &+= 1
        if epoch == 0 { epoch = 1 }
        guard !terms.isEmpty else {
            rows = []
            return
        }
        var starts = [0]
        var columns: [Int32] = []
        var values: [Double] = []
        for v in ordered {
            for (i, id) in v.ids.enumerated() {
                let row = Int(id) < rowOfTerm.count ? rowOfTerm[Int(id)] : 0
                guard row > 0 else { continue }
                columns.append(row - 1)
                values.append(Double(v.weights[i]))
            }
            starts.append(columns.count)
        }
        let svd = TruncatedSVD(rows: ordered.count, columns: terms.count, rowStarts: starts, columnIndices: columns,
                               values: values, rank: dimensions, powerIterations: 2)
        rows = [Float](repeating: 0, count: terms.count * dimensions)
        for t in 0..<terms.count {
            for j in 0..<svd.rank { rows[t * dimensions + j] = Float(svd.rightVectors[t * svd.rank + j]) }
        }
    }

    /// The ids, ascending, of the terms that at least `minReports` of `vectors` hold. A vector lists a term once,
    /// so a count per id is the number of reports holding it; ids are the vocabulary's small integers, so the counts
    /// live in a dense table and only the ids that reach `minReports` are sorted (a few thousand, where sorting every
    /// id of the window sorted tens of thousands).
    static func frequentTerms(in vectors: [SparseVector], minReports: Int) -> [UInt32] {
        var counts: [Int32] = []
        return frequentTerms(in: vectors, minReports: minReports, counts: &counts)
    }

    /// `frequentTerms(in:minReports:)` counting in `counts`, a table dense by term id that is all zero before and
    /// after (grown as needed, then reset by the ids just counted): the cost is the vectors' ids, not the largest id.
    static func frequentTerms(in vectors: [SparseVector], minReports: Int, counts: inout [Int32]) -> [UInt32] {
        var top: UInt32 = 0
        for v in vectors { if let last = v.ids.last, last > top { top = last } }
        if !vectors.isEmpty, Int(top) >= counts.count {
            counts.append(contentsOf: repeatElement(0, count: Int(top) + 1 - counts.count))
        }
        let bar = Int32(clamping: minReports)
        var found: [UInt32] = []
        counts.withUnsafeMutableBufferPointer { counts in
            for v in vectors {
                for id in v.ids {
                    counts[Int(id)] += 1
                    if counts[Int(id)] == bar { found.append(id) }
                }
            }
            for v in vectors {
                for id in v.ids { counts[Int(id)] = 0 }
            }
        }
        found.sort()
        return found
    }

    /// Points `rowOfTerm` at the rows of `terms`, after clearing the entries of the `previous` fit's terms.
    private mutating func rebuildLookup(clearing previous: [UInt32]) {
        for id in previous where Int(id) < rowOfTerm.count { rowOfTerm[Int(id)] = 0 }
        if let last = terms.last, Int(last) >= rowOfTerm.count {
            rowOfTerm.append(contentsOf: repeatElement(0, count: Int(last) + 1 - rowOfTerm.count))
        }
        for (i, id) in terms.enumerated() { rowOfTerm[Int(id)] = Int32(i + 1) }
    }

    /// Adds `weight` times the row of term `id` (if known) to `out`; returns `weight²` if the term is known, else 0
    /// (the explained share's numerator).
    @inline(__always)
    private func accumulate(_ id: UInt32, _ weight: Float, into out: UnsafeMutableBufferPointer<Float>) -> Float {
        let i = Int(id)
        guard i < rowOfTerm.count else { return 0 }
        let r = Int(rowOfTerm[i])
        guard r > 0 else { return 0 }
        let d = dimensions
        rows.withUnsafeBufferPointer { rows in
            let base = (r - 1) * d
            for j in 0..<d { out[j] += weight * rows[base + j] }
        }
        return weight * weight
    }

    /// The explained share: the part of a vector's squared weight that falls on terms with a row.
    @inline(__always)
    private static func share(_ known: Float, of total: Float) -> Float {
        total > 0 ? min(1, known / total) : 0
    }

    /// Scales `out` to unit length (left zero when it is zero).
    @inline(__always)
    private static func normalize(_ out: UnsafeMutableBufferPointer<Float>) {
        var s: Float = 0
        for x in out { s += x * x }
        guard s > 1e-20 else {
            for j in out.indices { out[j] = 0 }
            return
        }
        let n = s.squareRoot()
        for j in out.indices { out[j] /= n }
    }

    /// The unit topic vector of `vector` into `out` (`dimensions` long; zero if none of its terms is known).
    /// Returns the share of the vector the space explains: its squared weight on terms with a row, over its
    /// whole squared weight (0 when no term is known).
    @discardableResult
    public func project(_ vector: SparseVector, into out: inout [Float]) -> Float {
        if out.count != dimensions { out = [Float](repeating: 0, count: dimensions) }
        return out.withUnsafeMutableBufferPointer { out in
            for j in out.indices { out[j] = 0 }
            var known: Float = 0
            var total: Float = 0
            for (k, id) in vector.ids.enumerated() {
                let w = vector.weights[k]
                known += accumulate(id, w, into: out)
                total += w * w
            }
            Self.normalize(out)
            return Self.share(known, of: total)
        }
    }

    /// The unit topic vector of centroid entries (ids ascending) into `out` (`dimensions` long); returns the
    /// explained share, as `project(_:into:)`.
    @discardableResult
    func project(_ centroid: UnsafeBufferPointer<ClusterTable.Entry>, into out: UnsafeMutableBufferPointer<Float>)
        -> Float
    {
        for j in out.indices { out[j] = 0 }
        var known: Float = 0
        var total: Float = 0
        for e in centroid {
            known += accumulate(e.id, e.weight, into: out)
            total += e.weight * e.weight
        }
        Self.normalize(out)
        return Self.share(known, of: total)
    }

    /// The unit topic vector of a centroid with member `vector` taken out, as `subtract` would leave it (entries
    /// at or under 1e-7 dropped), into `out` (`dimensions` long); returns the explained share.
    @discardableResult
    func project(
        _ centroid: UnsafeBufferPointer<ClusterTable.Entry>, without vector: SparseVector, into out: inout [Float]
    ) -> Float {
        if out.count != dimensions { out = [Float](repeating: 0, count: dimensions) }
        return out.withUnsafeMutableBufferPointer { out in
            for j in out.indices { out[j] = 0 }
            var known: Float = 0
            var total: Float = 0
            for e in centroid {
                let r = e.weight - vector.weight(of: e.id)
                if r > 1e-7 {
                    known += accumulate(e.id, r, into: out)
                    total += r * r
                }
            }
            Self.normalize(out)
            return Self.share(known, of: total)
        }
    }
}

