import VedettaCore

/// Turns public labelled text (e.g. Banking77 `(text, intent)` pairs that the caller loaded) into a timed ticket
/// stream with ground truth: each label becomes a service with a skewed share of traffic, arrivals follow a
/// Poisson process shaped by hour of day and day of week, and after a warm-up one label bursts (ramp, then
/// plateau) or a label never seen before appears. Each text is drawn at most `maxDrawsPerText` times. It never
/// reads files.
public struct LabelledStreamBuilder: Sendable {
    /// What bursts after the warm-up.
    public enum Burst: Sendable, Equatable {
        /// An existing label (nil: chosen from the seed) grows: ramp, then plateau.
        case rampPlateau(label: String?)
        /// A label (nil: chosen from the seed) that is withheld from the background appears only in the burst.
        case novel(label: String?)
        /// No burst: a stream for counting false alerts (with a `rush`, the negative case).
        case none
    }

    /// A rush of ordinary traffic of one label: more of the same questions, not a failure (labelled `background`,
    /// recorded in `truth.rushes`).
    public struct Rush: Sendable, Equatable {
        /// The label (nil: chosen from the seed among the frequent ones).
        public var label: String?
        /// Rate multiplier of that label at the plateau.
        public var factor: Double
        /// Length of the rush; it starts at the burst's usual time (first weekday after the warm-up, 9–11).
        public var duration: Timestamp.Duration
        /// Time to climb from ×1 to ×factor.
        public var ramp: Timestamp.Duration

        /// A rush.
        public init(label: String? = nil, factor: Double = 3, duration: Timestamp.Duration = .hours(30),
                    ramp: Timestamp.Duration = .hours(2)) {
            self.label = label
            self.factor = factor
            self.duration = duration
            self.ramp = ramp
        }
    }

    /// Settings of a stream.
    public struct Configuration: Sendable {
        /// Seed of every draw.
        public var seed: UInt64
        /// First instant.
        public var start: Timestamp
        /// Length.
        public var duration: Timestamp.Duration
        /// Background tickets on an ordinary weekday.
        public var ticketsPerWeekday: Double = 800
        /// Quiet time before the burst may start.
        public var warmUp: Timestamp.Duration = .days(7)
        /// The burst.
        public var burst: Burst = .rampPlateau(label: nil)
        /// An optional rush of ordinary traffic.
        public var rush: Rush?
        /// Burst length.
        public var burstDuration: Timestamp.Duration = .hours(4)
        /// Time to reach the plateau.
        public var burstRamp: Timestamp.Duration = .hours(1)
        /// Burst tickets per hour at the plateau.
        public var burstRate: Double = 25
        /// How often one text may be used (across background and burst).
        public var maxDrawsPerText: Int = 2
        /// Zipf exponent of the label shares (0: uniform).
        public var skew: Double = 1.0
        /// Share of events that carry the `service` field (the label as a service id).
        public var serviceFieldShare: Double = 0.7
        /// Relative rate per local hour.
        public var hourProfile: [Double] = Scenario.defaultHourProfile
        /// Factor per weekday, Monday first.
        public var weekdayProfile: [Double] = Scenario.defaultWeekdayProfile

        /// Settings with defaults for everything but seed, start and duration.
        public init(seed: UInt64, start: Timestamp, duration: Timestamp.Duration) {
            self.seed = seed
            self.start = start
            self.duration = duration
        }
    }

    /// The built stream.
    public struct Stream: Sendable {
        /// `opened` events in time order.
        public var events: [TicketEvent]
        /// Per event: the truth incident id or `background`.
        public var labels: [String]
        /// Per event: the original label of its text (for clustering scores; never in the event itself).
        public var intents: [String]
        /// One incident: the burst.
        public var truth: Truth
        /// Arrivals dropped because their label had used up its texts.
        public var dropped: Int
    }

    private let examples: [(text: String, label: String)]
    private let configuration: Configuration

    /// A builder over `examples`.
    public init(examples: [(text: String, label: String)], configuration: Configuration) {
        self.examples = examples
        self.configuration = configuration
    }

    /// The service id of a label: lower case, runs of other characters as `-`.
    public static func serviceID(_ label: String) -> String {
        var out = ""
        var dash = false
        for c in label.lowercased().unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") {
                out.unicodeScalars.append(c)
                dash = false
            } else if !dash, !out.isEmpty {
                out += "-"
                dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "label" : out
    }

    /// Builds the stream; the same examples and configuration give the same stream.
    public func build() -> Stream {
        let c = configuration
        var rng = SeededGenerator(seed: c.seed, stream: "labelled")
        // Labels in sorted order, then a seeded permutation decides who is frequent.
        // Duplicate texts within a label would defeat the draw limit: keep the first of each.
        var byLabel: [String: [String]] = [:]
        var seen = Set<String>()
        for e in examples where seen.insert(e.label + "\u{1F}" + e.text).inserted {
            byLabel[e.label, default: []].append(e.text)
        }
        var labels = byLabel.keys.sorted()
        guard !labels.isEmpty else {
            return Stream(events: [], labels: [], intents: [], truth: Truth(), dropped: 0)
        }
        rng.shuffle(&labels)
        var decks = labels.map { Deck(texts: byLabel[$0] ?? [], maxRounds: max(1, c.maxDrawsPerText)) }

        let burstLabelIndex: Int
        let novel: Bool
        var hasBurst = true
        switch c.burst {
        case .none:
            novel = false
            burstLabelIndex = 0
            hasBurst = false
        case let .rampPlateau(label), let .novel(label):
            novel = { if case .novel = c.burst { return true } else { return false } }()
            if let label, let i = labels.firstIndex(of: label) {
                burstLabelIndex = i
            } else {
                // The richest of a few seeded candidates, so the burst does not run out of texts.
                let candidates = (0..<min(5, labels.count)).map { _ in rng.index(labels.count) }
                burstLabelIndex = candidates.max { decks[$0].texts.count < decks[$1].texts.count } ?? 0
            }
        }
        var weights = (0..<labels.count).map { 1 / powApprox(Double($0 + 1), c.skew) }
        if novel { weights[burstLabelIndex] = 0 }
        // The rushing label: given, or a seeded one among the ten most frequent (a rush is of common questions).
        var rushLabelIndex: Int?
        if let rush = c.rush {
            if let label = rush.label, let i = labels.firstIndex(of: label) {
                rushLabelIndex = i
            } else {
                var i = rng.index(min(10, labels.count))
                if hasBurst, i == burstLabelIndex { i = (i + 1) % min(10, labels.count) }
                rushLabelIndex = i
            }
        }

        // The burst starts on the first weekday after the warm-up, between 9:00 and 11:00 Rome time.
        var day = RomeTime.dayNumber(c.start.adding(c.warmUp))
        while (((day % 7) + 7 + 3) % 7) >= 5 { day += 1 }
        let d = CivilDate.civilFromDays(day)
        let burstStart = RomeTime.instant(year: d.year, month: d.month, day: d.day, hour: 9, minute: rng.index(120))
        let burstEnd = burstStart.adding(c.burstDuration)
        let incidentID = (novel ? "novel-" : "burst-") + LabelledStreamBuilder.serviceID(labels[burstLabelIndex])

        let hourTotal = max(c.hourProfile.reduce(0, +), 1e-9)
        var events: [TicketEvent] = []
        var eventLabels: [String] = []
        var intents: [String] = []
        var burstTickets: [String] = []
        var dropped = 0
        var counter = 0
        var t = c.start
        let end = c.start.adding(c.duration)
        while t < end {
            let local = RomeTime.local(t)
            let lambda = c.ticketsPerWeekday * c.weekdayProfile[local.weekday] * c.hourProfile[local.hour] / hourTotal / 60
            var arrivals: [(second: Int, label: Int, burst: Bool)] = []
            for _ in 0..<rng.poisson(lambda) { arrivals.append((rng.index(60), rng.weighted(weights), false)) }
            if let rush = c.rush, let r = rushLabelIndex, t >= burstStart, t < burstStart.adding(rush.duration) {
                // Extra ordinary arrivals of the rushing label on top of its usual share.
                let ramp = Double(rush.ramp.milliseconds)
                let progress = ramp <= 0 ? 1 : min(1, Double(t.since(burstStart).milliseconds) / ramp)
                let share = weights[r] / max(weights.reduce(0, +), 1e-9)
                for _ in 0..<rng.poisson(lambda * share * (rush.factor - 1) * progress) {
                    arrivals.append((rng.index(60), r, false))
                }
            }
            if hasBurst, t >= burstStart, t < burstEnd {
                let ramp = Double(c.burstRamp.milliseconds)
                let progress = ramp <= 0 ? 1 : min(1, max(0.02, Double(t.since(burstStart).milliseconds) / ramp))
                for _ in 0..<rng.poisson(c.burstRate / 60 * progress) {
                    arrivals.append((rng.index(60), burstLabelIndex, true))
                }
            }
            arrivals.sort { $0.second < $1.second }
            for a in arrivals {
                guard let text = decks[a.label].draw(&rng) else {
                    dropped += 1
                    continue
                }
                counter += 1
                let ticket = "LS-" + CivilDate.pad(counter, 7)
                let service = LabelledStreamBuilder.serviceID(labels[a.label])
                let requester = "U-" + CivilDate.pad(rng.index(500_000), 6)
                let place = Institution.place(of: requester)
                let event = TicketEvent(
                    ticket: ticket, type: .opened, at: t.adding(.seconds(Int64(a.second))), queue: "backoffice",
                    channel: Institution.channels[rng.weighted(Institution.backofficeChannelWeights)],
                    service: rng.chance(c.serviceFieldShare) ? service : nil, requester: requester,
                    requesterKind: Institution.backofficeKinds[rng.weighted(Institution.backofficeKindWeights)],
                    office: place.office, region: place.region, priority: .normal, text: text)
                events.append(event)
                intents.append(labels[a.label])
                if a.burst {
                    eventLabels.append(incidentID)
                    burstTickets.append(ticket)
                } else {
                    eventLabels.append("background")
                }
            }
            t = t.adding(.minutes(1))
        }
        let incident = Truth.Incident(id: incidentID, service: LabelledStreamBuilder.serviceID(labels[burstLabelIndex]),
                                      kind: novel ? "novel" : "burst", start: burstStart, end: burstEnd,
                                      services: [LabelledStreamBuilder.serviceID(labels[burstLabelIndex])],
                                      tickets: burstTickets)
        var rushes: [Truth.Rush] = []
        if let rush = c.rush, let r = rushLabelIndex {
            rushes.append(Truth.Rush(id: "rush-" + LabelledStreamBuilder.serviceID(labels[r]),
                                     service: LabelledStreamBuilder.serviceID(labels[r]), start: burstStart,
                                     end: burstStart.adding(rush.duration), factor: rush.factor))
        }
        return Stream(events: events, labels: eventLabels, intents: intents,
                      truth: Truth(incidents: hasBurst ? [incident] : [], rushes: rushes), dropped: dropped)
    }

    /// The texts of one label, dealt in shuffled rounds; empty after `maxRounds` rounds.
    private struct Deck {
        var texts: [String]
        let maxRounds: Int
        var order: [Int] = []
        var next = 0
        var rounds = 0

        init(texts: [String], maxRounds: Int) {
            self.texts = texts
            self.maxRounds = maxRounds
        }

        mutating func draw(_ rng: inout SeededGenerator) -> String? {
            guard !texts.isEmpty else { return nil }
            if next >= order.count {
                guard rounds < maxRounds else { return nil }
                order = Array(texts.indices)
                rng.shuffle(&order)
                next = 0
                rounds += 1
            }
            defer { next += 1 }
            return texts[order[next]]
        }
    }
}

/// x^y for x > 0 from the portable exp/log.
func powApprox(_ x: Double, _ y: Double) -> Double { y == 0 ? 1 : expApprox(y * logApprox(x)) }
