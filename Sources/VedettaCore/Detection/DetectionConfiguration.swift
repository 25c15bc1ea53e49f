/// Knobs of emergence detection that are not per service (those live in `services.yaml` thresholds).
public struct DetectionConfiguration: Sendable, Codable, Hashable {
    /// Sliding windows tested, shortest first.
    public var windows: [Timestamp.Duration] = [.minutes(15), .hours(1), .hours(4)]
    /// A cluster younger than this is "new": it joins its service's novelty group and uses a novelty prior.
    public var noveltyAge: Timestamp.Duration = .hours(6)
    /// Expected share of a service's requesters that one new cluster attracts in normal times.
    public var newClusterShare: Double = 0.04
    /// Multiplier on a service's sensitivity for single-cluster tests (many clusters are tested at once).
    public var clusterAlphaFactor: Double = 0.0001
    /// Multiplier on a service's sensitivity for the novelty group (a service's voices using emerging terms).
    public var noveltyAlphaFactor: Double = 0.1
    /// Multiplier on a service's sensitivity for whole-service volume tests (rushes make volume noisy).
    public var serviceAlphaFactor: Double = 0.01
    /// Extra requesters required for whole-service volume alerts, as a multiple of `minRequesters`.
    public var serviceMinFactor: Double = 3
    /// Help-desk counts are overdispersed (a newsletter, a rumour, a slow afternoon): the Poisson test runs
    /// on the expectation times this factor, and the observed count must also exceed the expectation by
    /// `minimumRatio` (cluster and novelty units) or `serviceMinimumRatio` (whole-service units).
    public var dispersion: Double = 1.5
    /// See `dispersion`.
    public var minimumRatio: Double = 4
    /// See `dispersion`. Whole-service volume alone is a weak sign: rushes that the calendar does not (yet) name
    /// triple a service for days, while a failure shows as a burst of one topic or of new words, which the
    /// cluster, novelty and emerging-term units test; the service unit only catches extreme excess.
    public var serviceMinimumRatio: Double = 8
    /// A rush raises every topic of a service, a failure one: a cluster's expectation is raised by the excess
    /// of the rest of its service (its other requesters over their expectation) once that rest expects at least
    /// this many requesters in the window (fewer say nothing about the service as a whole).
    public var restMinimumExpected: Double = 5
    /// Fewest distinct requesters for a cluster or novelty unit, whatever a service's own minimum says.
    public var unitMinimumRequesters: Int = 6
    /// Requesters per hour assumed for a service without history or prior.
    public var defaultServicePrior: Double = 2
    /// Incidents resolve at most this long after opening.
    public var maximumLifetime: Timestamp.Duration = .hours(72)
    /// A resolved incident of the same service and cluster firing again within this reopens as a regression.
    public var regressionWindow: Timestamp.Duration = .hours(24)
    /// Fraction of an incident's tickets resolved that lets it resolve early (after `resolvedQuiet`).
    public var resolvedTicketShare: Double = 0.8
    /// Quiet time needed for an early resolution by resolved tickets.
    public var resolvedQuiet: Timestamp.Duration = .minutes(30)
    /// Growth factor of distinct requesters that counts as "real growth" for an update.
    public var updateGrowth: Double = 2
    /// A source (queue or channel) silent this long, when busy hours expect traffic, raises a heartbeat incident.
    public var heartbeatSilence: Timestamp.Duration = .minutes(60)
    /// Tail probability of "no events at all" for a heartbeat incident.
    public var heartbeatAlpha: Double = 1e-9
    /// No incident opens during this much event time after the first event: levels and the weekly shape need
    /// a day of history before "more than usual" means anything (a daemon restarted from its checkpoint or
    /// replaying its store keeps what it learned and does not warm up again).
    public var warmUp: Timestamp.Duration = .hours(24)
    /// Signature terms a report of a new cluster must share with an open incident of its service to join it
    /// (an error code in common is always enough).
    public var sharedTermsToJoin: Int = 2
    /// A term (word stem or error code) first seen at most this long ago is "emerging": the distinct requesters
    /// whose reports carry it form a unit of their own, whatever clusters those reports land in.
    public var emergingAge: Timestamp.Duration = .hours(12)
    /// Terms first seen in this much event time after the first report are the stream's base vocabulary, never
    /// emerging (a vocabulary needs a couple of days to settle).
    public var vocabularyWarmUp: Timestamp.Duration = .hours(48)
    /// A term unseen for this long is forgotten: when it comes back it is emerging again.
    public var vocabularyMemory: Timestamp.Duration = .days(21)
    /// Requesters per hour (at seasonal factor 1) expected to use one emerging term in normal times.
    public var emergingPrior: Double = 0.05
    /// Multiplier on a service's sensitivity for emerging-term units.
    public var termAlphaFactor: Double = 0.1
    /// Requesters per hour (at seasonal factor 1) expected to quote one error code new to the stream in normal
    /// times: a fifth of `emergingPrior`, since a new word is often a name or a typo that someone else happens to
    /// write too, while two people quoting the same unseen code seldom happens unless something is broken.
    public var emergingCodePrior: Double = 0.01
    /// Multiplier on a service's sensitivity for the unit of an error code new to the stream, ten times
    /// `termAlphaFactor`: every new word of every report is tested (names, typos), new error codes are few, so
    /// their tests need less of the correction for testing many units at once. With `emergingCodePrior`,
    /// measured on the shipped scenarios over seeds 1-5: two people quoting a new code at a busy hour are
    /// enough where the office asks for three; pooled median delay 16.3 → 15.8 minutes, failures during
    /// rushes 30.9 → 19.6, small-but-new 66.3 → 58.3, slow 112.5 → 103.9; the same 10 false alerts in 85
    /// stream-weeks. The shipped seeds: median 21.6 → 15.2 minutes, on the floor of 15.2.
    public var codeAlphaFactor: Double = 1
    /// Requesters fewer than a service's `minRequesters` that an emerging error code needs (never below two
    /// distinct requesters). Measured on the shipped scenarios over seeds 1-5: pooled median delay 17.2 → 16.3
    /// minutes, small-new failures about 20% sooner, the same false alerts.
    public var newCodeDiscount: Int = 1
    /// Time zone of the seasonal profile (office hours).
    public var zone: String = "Europe/Rome"

    /// Defaults.
    public init() {}

    /// Fewest distinct requesters for the unit of an emerging error code, given the service's `minRequesters`.
    public func newCodeMinimum(_ minRequesters: Int) -> Int { max(2, min(minRequesters, minRequesters - newCodeDiscount)) }
}
