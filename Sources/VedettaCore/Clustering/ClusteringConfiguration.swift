/// Tuning of the online clusterer.
public struct ClusteringConfiguration: Hashable, Sendable {
    /// Least cosine between a report and a cluster's centroid for the report to join it.
    public var joinThreshold: Float = 0.30
    /// Least cosine for a report of another service to join (a shared upstream failure).
    public var crossServiceThreshold: Float = 0.60
    /// Added to the cosine of a report and a cluster of the same service before the thresholds apply: the
    /// service id is a strong feature, but kept out of the text vector so it cannot dominate centroids.
    public var sameServiceBonus: Float = 0.05
    /// Least cosine between two centroids for the consolidation pass to merge them (0 disables merging).
    public var mergeThreshold: Float = 0.60
    /// How the consolidation pass measures two clusters' similarity.
    public var mergeLinkage: Linkage = .centroid
    /// A cluster of at least `cohesionMinSize` tickets accepts a report only above this fraction of its cohesion
    /// (the mean cosine of its members to its centroid, which is the centroid's norm over its size) when that is
    /// stricter than the join threshold: a tight cluster stays tight instead of collecting every report that
    /// shares its one common word, while a loose one keeps the ordinary threshold (0 disables).
    public var cohesionFactor: Float = 0
    /// Least size at which `cohesionFactor` applies (a young cluster's cohesion says little).
    public var cohesionMinSize: Int = 3
    /// Reports between two consolidation passes over the clusters touched since the last pass (0 disables).
    public var mergeInterval: Int = 32
    /// A touched cluster is checked by the consolidation pass only once it holds two tickets or more and has
    /// grown by this fraction since its last check (at least by one ticket): checks stay at amortised O(1) per
    /// report even when every report lands in a small cluster. A negative value restores the earlier rule
    /// (every touched cluster under 8 tickets, larger ones after growing by a quarter), for comparisons.
    public var mergeCheckGrowth: Float = 0.5
    /// A cluster of at most this many tickets is judged in the consolidation pass as if each of its
    /// reports were arriving now (cosine of its centroid to the other's, against `joinThreshold`): fragments
    /// seeded before a better cluster existed get a second chance.
    public var secondChanceSize: Int = 0
    /// Reports after which a ticket is looked at again, one entry per second look (empty disables): it moves
    /// when another cluster now fits it better than its own by `revisitMargin`.
    public var revisitAfter: [Int] = [50, 500]
    /// Only tickets that seeded their cluster or joined it below this cosine get second looks (1 revisits all):
    /// a ticket that joined well above the threshold almost never finds a better cluster later, and each second
    /// look costs a full candidate lookup.
    public var revisitBelow: Float = 0.5
    /// A second look is skipped when the ticket, taken out of its cluster, fits it at or above this cosine: the
    /// cluster has grown around it, so it is where it belongs (1 never skips).
    public var revisitSettled: Float = 0.5
    /// How much better another cluster must fit for a revisited ticket to move.
    public var revisitMargin: Float = 0.02
    /// A failure's new error code is quoted by some of its reporters and not by the others (most do not copy
    /// it), and its weight (`errorCodeBoost`) then kept the two kinds of report in two clusters. So a code new to
    /// the stream (`newCodeWarmUp`, `newCodeAge`) counts in a comparison only when the vector being placed (a
    /// report, or a merging cluster's centroid) quotes one, that is when new codes hold at least this share of its
    /// squared norm; otherwise the cosine to a centroid leaves the new codes out and the two meet on their words.
    /// Two reports with different codes still differ by them, and everyday codes (a payment form quoted in every
    /// week's questions, which keeps a service's topics apart) always count. 0: codes always count. Measured on the
    /// shipped scenarios (seeds 1-5): failure-ticket NMI 0.822 → 0.859, the same recall and delays.
    public var codeShareFloor: Float = 0.05
    /// Codes first seen in this much event time after the first report are everyday codes, never new: before
    /// that, nothing tells a failure's code from the office's everyday ones (as `DetectionConfiguration
    /// .vocabularyWarmUp` for emerging terms).
    public var newCodeWarmUp: Timestamp.Duration = .hours(48)
    /// A code first seen longer ago than this is an everyday code (a failure lasts hours; a code quoted for days
    /// has become part of how a topic is asked).
    public var newCodeAge: Timestamp.Duration = .days(3)
    /// A code unseen for this long is forgotten: when it comes back it is new again.
    public var newCodeMemory: Timestamp.Duration = .days(21)
    /// Terms kept in a centroid.
    public var centroidTerms: Int = 48
    /// Strongest centroid terms under which a cluster is listed in the inverted index.
    public var indexedTerms: Int = 8
    /// Strongest report terms looked up in the inverted index.
    public var queryTerms: Int = 8
    /// Clusters kept per term in the inverted index (the strongest); bounds the cost of a lookup.
    public var postingsPerTerm: Int = 48
    /// Most postings one candidate lookup reads (0: no limit). Query terms are read strongest first; a term whose
    /// list would overrun the budget is skipped, so the strongest (rarest) terms are always read and, once lists
    /// fill up with many clusters, the full lists of weaker, common terms are not.
    public var postingsBudget: Int = 144
    /// Candidates (best partial scores) whose full cosine is computed.
    public var candidates: Int = 16
    /// A cluster whose partial score is below this fraction of the lookup's best is not a candidate (0: none
    /// dropped). With many clusters most of the `candidates` share only a common word with the report; they cost
    /// a centroid read each and are almost never the best (at 100,000 clusters 0.3 scores 9.4 candidates per
    /// lookup instead of 15.9; Banking77, xSID and the scenarios' clustering hold).
    public var candidateRatio: Float = 0.3
    /// A cluster with no report for this long is retired.
    public var retirementHorizon: Timestamp.Duration = .days(3)
    /// A ticket with no event for this long is forgotten: it stays in its cluster's centroid and counts, but a
    /// later event of it is a new report. Bounds memory to the tickets of the last horizon.
    public var ticketHorizon: Timestamp.Duration = .days(7)
    /// Representative reports shown for a cluster.
    public var representatives: Int = 5
    /// Known solutions kept per cluster (the most recent distinct ones).
    public var solutions: Int = 5
    /// Axes of the topic space (online LSA of recent tickets' first reports, `TopicSpace`) blended into every
    /// cosine once it is fitted (0: lexical cosine only). Low ranks work best: the space should group intents,
    /// not words. 20 axes lift Banking77 (NMI 0.646 → 0.681 at 141 clusters holding 90%) and, since the space
    /// learns from first reports only (session 15), the simulated failures too (failure-ticket NMI 0.857 →
    /// 0.898), with the same delays and false alerts; xSID's NMI stays equal, its ARI falls (0.23 → 0.19). On by
    /// default since session 16. Costs: about a sixth of the replay's throughput (the refits' SVD, the
    /// projections). Thousands of unrelated active topics, which 20 axes cannot represent, fragmented until the
    /// topic cosine counted by how much of both texts the space has learned (`topicMinReports`,
    /// `topicShareFull`; README, "Known weaknesses").
    public var topicDimensions: Int = 20
    /// Recent reports the topic space is fitted on.
    public var topicWindow: Int = 2000
    /// Reports between two fits of the topic space after the first.
    public var topicRefitInterval: Int = 2000
    /// Reports before the first fit (until then the cosine is lexical, with the lexical thresholds).
    public var topicFirstFit: Int = 500
    /// Weight of the lexical cosine in the blend `a * lexical + (1 - a) * topic` once the space is fitted.
    public var topicLexicalWeight: Float = 0.7
    /// Join threshold on the blended cosine (replaces `joinThreshold` once the space is fitted).
    public var topicJoinThreshold: Float = 0.42
    /// Merge threshold on the blended cosine (replaces `mergeThreshold` once the space is fitted). At most
    /// `a * mergeThreshold + (1 - a)` (0.72 with `a` = 0.7): a pair the lexical rule merges still merges when
    /// their topics agree fully. At 0.84 (before session 16) a merge needed a lexical cosine of 0.77 at any
    /// topic agreement, and fragments stayed apart: the clusterer bench's synthetic topics split (NMI 0.994 →
    /// 0.941 at K = 100, 0.964 now); Banking77 is the same at 0.72 (0.681, 141 clusters holding 90% against
    /// 150), the scenarios' failure tickets gain (NMI 0.883 → 0.898).
    public var topicMergeThreshold: Float = 0.72
    /// Whether the blended thresholds already apply to the lexical cosine before the first fit (the lab's
    /// measured shape: the first reports form tighter clusters, which the topic space later lets grow) rather
    /// than the lexical thresholds.
    public var topicThresholdsBeforeFit: Bool = true
    /// Fewest reports of the fitting window a term must appear in to get a row in the topic space (1: every
    /// term). A term seen in one or two reports has a row that is those reports' direction: noise. At 5
    /// (session 17, with `topicShareFull`) Banking77 gains (NMI 0.681 → 0.684).
    public var topicMinReports: Int = 5
    /// How much of two texts the space must explain for their topic cosine to count fully (0: always fully).
    /// A text's explained share is its squared weight on terms with a row; with `r` the smaller share of the
    /// two over this value (at most 1), the blend uses `r × topic + (1 − r) × neutral` for the topic cosine,
    /// where the neutral value makes the blended threshold ask exactly what the lexical one asks (0.7 for
    /// joins, 1 for merges: `topicNeutral`). Why: a text whose words the space has not learned projects
    /// through its few common ones, and two such texts' topic vectors agree for no reason; counted in full,
    /// thousands of unrelated topics fragmented (the clusterer bench at 3,000 topics: 6,404 clusters, now
    /// 3,700). Measured (session 17, README): the scenarios' failure-ticket NMI 0.898 → 0.933, Banking77 0.684
    /// at 152 clusters holding 90% (at 1.0: 155, over the aim's 154; at 0.5 Banking77 and xSID gain a little,
    /// but pooled detection alerted twice on a background cluster in its own service's deadline rush).
    public var topicShareFull: Float = 0.7
    /// A due refit of the topic space is skipped while its rows still capture at least this fraction of what they
    /// captured of the window at the fit's first due refit and no new frequent words have come, up to seven times
    /// in a row (0: every due refit runs; see `TopicSpace.refitIfDue`). Why: the refits were a sixth of the
    /// clusterer bench's time and a twelfth of the engine's (the SVD of a 2,000-report window every 2,000
    /// reports), and most refitted a space that had not moved. Measured (session 18, README): fits over
    /// engine-bench's 1,000,000 events 171 → 50, the same recall, delays and clustering figures, fewer false alerts.
    public var topicRefitTolerance: Float = 0.9

    /// The tuning scoring uses once the topic space is fitted: the blended thresholds in place of the lexical.
    public var blended: ClusteringConfiguration {
        var c = self
        c.joinThreshold = topicJoinThreshold
        if mergeThreshold > 0 { c.mergeThreshold = topicMergeThreshold }
        return c
    }

    /// The topic cosine standing in for the part of a comparison the space does not explain, for a pair whose
    /// lexical threshold is `lexical` and blended threshold `blended`: with it in place of the topic cosine,
    /// `a × cosine + (1 − a) × neutral ≥ blended` holds exactly when `cosine ≥ lexical` does.
    @inline(__always)
    public func topicNeutral(lexical: Float, blended: Float) -> Float {
        let a = topicLexicalWeight
        guard a < 1 else { return 0 }
        return min(1, max(0, (blended - a * lexical) / (1 - a)))
    }

    /// The weight of the topic cosine for two texts the space explains `a` and `b` of (1: fully).
    @inline(__always)
    public func topicReliability(_ a: Float, _ b: Float) -> Float {
        Self.topicReliability(a, b, full: topicShareFull)
    }

    /// The weight of the topic cosine for two texts the space explains `a` and `b` of, counting fully from
    /// `full` (0: always fully).
    @inline(__always)
    public static func topicReliability(_ a: Float, _ b: Float, full: Float) -> Float {
        guard full > 0 else { return 1 }
        return min(1, min(a, b) / full)
    }

    /// The default tuning.
    public init() {}

    /// A similarity between two clusters.
    public enum Linkage: String, Hashable, Sendable, Codable {
        /// Cosine of the two centroids.
        case centroid
        /// Mean cosine over all pairs of their reports (from the centroid sums).
        case average
    }
}
