/// The correlation engine: a deterministic state machine on event time.
///
/// `ingest(_:)` and `tick(_:)` return the actions the shell must carry out. No I/O, no clock, no logger: the
/// daemon and `vedetta replay` run this very value, so a replay gives the alerts the live run gave. Per event:
/// normalise the text, find the service (given, else inferred from the catalogue's aliases), cluster, test
/// emergence of the touched units, and open/update/route incidents. Time-driven work (resolutions,
/// escalations, heartbeats) runs on minute steps of event time, also between two distant events.
public struct Engine: Sendable {
    /// The rules in force (not part of the snapshot: the shell loads them and may swap them on reload).
    public private(set) var rules: RuleSet
    /// Counters of what the engine has seen.
    public private(set) var stats: EngineStats
    /// Clusters changed since the last `drainTouchedClusters()` (not checkpointed: a restart re-exports
    /// clusters as they are touched again).
    var touched: Set<String> = []
    /// No source can be silent for the heartbeat before this event time (each source's last event plus the
    /// silence, at the last check that found none): the minute steps skip the check until then. Not
    /// checkpointed: a restored engine checks at its first step and finds the same.
    var silenceDue = Timestamp.distantPast

    /// The current view of every cluster changed since the last call (resolved through merges, sorted by id),
    /// for the shell to store; clusters of a single report are left out (noise, not topics).
    public mutating func drainTouchedClusters() -> [Cluster] {
        let ids = Set(touched.map { state.clusterer.resolve(id: $0) }).sorted()
        touched.removeAll(keepingCapacity: true)
        return ids.compactMap { state.clusterer.cluster(id: $0) }.filter { $0.size >= 2 }
    }

    /// The state lives in a box with copy-on-write: the engine stays a value (a copy is a snapshot), while
    /// moving it around costs one pointer instead of a deep copy of clustering and detection state on the stack.
    private var box: StateBox

    var state: EngineState {
        get { box.state }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = StateBox(box.state) }
            yield &box.state
        }
    }

    final class StateBox: @unchecked Sendable {
        var state: EngineState
        init(_ state: EngineState) { self.state = state }
    }

    /// A fresh engine.
    public init(rules: RuleSet = .empty, configuration: EngineConfiguration = EngineConfiguration()) {
        self.rules = rules
        self.stats = EngineStats()
        self.box = StateBox(EngineState(configuration: configuration))
    }

    /// Restores an engine from a checkpoint.
    public init(snapshot: EngineSnapshot, rules: RuleSet = .empty) {
        self.rules = rules
        self.stats = snapshot.stats
        self.box = StateBox(snapshot.state)
    }

    /// Swaps the rules (a reload); state learned so far is kept.
    public mutating func updateRules(_ rules: RuleSet) { self.rules = rules }

    /// Numbers the incidents opened from now on after `number` at least, so that none takes an id a store already
    /// holds: after a rebuild by an engine that found fewer incidents in the past than the run that stored them.
    public mutating func numberIncidents(after number: Int) {
        if number > box.state.book.sequence { state.book.sequence = number }
    }

    /// The state to checkpoint.
    public func snapshot() -> EngineSnapshot { EngineSnapshot(stats: stats, state: state) }

    /// The clusterer, for read-only views (labels, members, windows).
    public var clusterer: LexicalClusterer { state.clusterer }

    /// Feeds one event; returns the actions it causes.
    public mutating func ingest(_ event: TicketEvent) -> [Action] {
        ingest(Engine.prepare(event))
    }

    /// An event with the engine's stateless preparation done (text normalisation): a replay prepares events on
    /// another core while the engine runs; the outcome is the one `ingest(_: TicketEvent)` gives.
    public struct PreparedEvent: Sendable {
        /// The event.
        public var event: TicketEvent
        /// The key of its ticket (the id's hash computed here, off a replay's engine thread).
        public var ticket: TicketKey
        /// `event.reportText` when the engine reads it, else empty (joining subject and text allocates).
        public var text: String = ""
        /// Its report text normalised, when the engine reads it (not for resolutions and closures).
        public var normalized: NormalizedText?
        /// The words that service aliases are matched on (`AliasText`), when the event names no service.
        public var aliasWords: [String]?
        /// What detection reads of a report, derived from the event alone (set for `opened` events with text):
        /// done here so that a replay's feed thread, not the engine's, pays for it.
        var detection: DetectionInput?
        /// The service inferred from `aliasWords` (nil: none) and the fingerprint of the catalogue that inferred
        /// it, when prepared with a catalogue; the engine uses it only if that catalogue is its own.
        var inferred: (catalogue: UInt64, service: String?)?
    }

    /// The per-report inputs of detection that depend on the event only.
    struct DetectionInput: Sendable {
        /// `r:requester`, or `t:ticket` when the event has none.
        var requester: String
        /// `DistinctWindow.key(requester)`.
        var requesterKey: UInt64
        /// Error codes of the report (canonical, without `#`), in text order.
        var errorCodes: [String]
        /// Distinct word terms, in order of first use.
        var terms: [String]

        /// The inputs of `event`; with no normalised text (an event without report text), no codes and terms.
        init(_ event: TicketEvent, _ normalized: NormalizedText?) {
            requester = event.requester.map { "r:" + $0 } ?? "t:" + event.ticket
            requesterKey = DistinctWindow.key(requester)
            var codes: [String] = []
            var words: [String] = []
            let tokens = normalized?.tokens ?? []
            words.reserveCapacity(tokens.count)
            var seen = Set<String>(minimumCapacity: tokens.count)
            for token in tokens {
                switch token.kind {
                case .errorCode: codes.append(String(token.term.dropFirst()))
                case .word: if seen.insert(token.term).inserted { words.append(token.term) }
                default: break
                }
            }
            errorCodes = codes
            terms = words
        }
    }

    /// Prepares an event for `ingest(_: PreparedEvent)`; pure, callable from any thread.
    public static func prepare(_ event: TicketEvent) -> PreparedEvent {
        let ticket = TicketKey(event.ticket)
        guard event.type != .resolved, event.type != .closed else { return PreparedEvent(event: event, ticket: ticket) }
        let text = event.reportText
        guard !text.isEmpty else { return PreparedEvent(event: event, ticket: ticket) }
        let normalized = TextNormalizer().normalize(text)
        let named = !(event.service ?? "").isEmpty
        return PreparedEvent(event: event, ticket: ticket, text: text, normalized: normalized,
                             aliasWords: named ? nil : ServiceCatalogue.aliasWords(of: normalized.tokens),
                             detection: event.type == .opened ? DetectionInput(event, normalized) : nil)
    }

    /// Prepares an event for an engine whose rules have this very `catalogue` (a replay, whose rules never
    /// change): the service of an event naming none is also inferred here, off the engine's thread. The outcome
    /// of `ingest` is the one `prepare(_:)` gives: an engine whose catalogue is another (by fingerprint) infers
    /// the service again with its own.
    public static func prepare(_ event: TicketEvent, inferringWith catalogue: ServiceCatalogue) -> PreparedEvent {
        var prepared = prepare(event)
        if let words = prepared.aliasWords {
            prepared.inferred = (catalogue.fingerprint, catalogue.infer(fromWords: words)?.service)
        }
        return prepared
    }

    /// Feeds a batch of prepared events in order, handing `body` each event with its actions (what `ingest` of
    /// each gives). Each event is moved out of the batch for its turn and back after it: passed as `batch[i]`, it
    /// was copied first (retaining, then releasing, every string and array it holds), even inlined.
    public mutating func ingest(_ batch: inout [PreparedEvent], _ body: (PreparedEvent, [Action]) -> Void) {
        batch.withUnsafeMutableBufferPointer { events in
            guard let base = events.baseAddress else { return }
            for index in events.indices {
                let prepared = (base + index).move()
                body(prepared, ingestInPlace(prepared))
                (base + index).initialize(to: prepared)
            }
        }
    }

    /// Feeds one prepared event; returns the actions it causes.
    public mutating func ingest(_ prepared: PreparedEvent) -> [Action] { ingestInPlace(prepared) }

    /// The body of `ingest`, shared by the single and the batch entry points.
    mutating func ingestInPlace(_ prepared: PreparedEvent) -> [Action] {
        let event = prepared.event
        let normalized = prepared.normalized
        var actions: [Action] = []
        advance(to: event.at, into: &actions)
        stats.record(event)
        // Queue first, then channel (no array of keys per event).
        if let queue = event.queue { countSource(.queue, queue, event, into: &actions) }
        if let channel = event.channel { countSource(.channel, channel, event, into: &actions) }
        // Read through the box (not the `state` getter, which copies the whole state) and looked up once.
        let ticket = prepared.ticket
        let known = box.state.serviceOfTicket[ticket]
        let service = resolveService(event, known: known, aliasWords: prepared.aliasWords,
                                     inferred: prepared.inferred.flatMap {
                                         $0.catalogue == rules.catalogue.fingerprint ? .some($0.service) : nil
                                     })
        let isNewTicket = event.type == .opened && known == nil
        var wrote = false
        if let service, event.type == .opened || event.type == .reclassified || known == nil {
            if service != known { state.serviceOfTicket[ticket] = service }
            wrote = true
        }
        let updates = state.clusterer.process(event, ticket: ticket, text: prepared.text, normalized: normalized,
                                              service: service)
        // An entry for a ticket the clusterer does not hold is dropped at the next prune. A ticket the updates
        // just placed (after any forgetting) is held: asked only otherwise (one hash of the ticket id less).
        if wrote, !Self.places(event.ticket, updates), !state.clustererRemembers(ticket) {
            state.pendingTickets.append(ticket)
        }
        for update in updates {
            state.trackTickets(update)
            switch update {
            case .assigned(_, let cluster, _, _), .moved(_, _, let cluster, _), .merged(_, let cluster, _),
                 .solutionAdded(let cluster, _):
                touched.insert(cluster)
            case .retired, .forgotten:
                break
            }
            switch update {
            case .assigned(let ticket, let cluster, _, _):
                actions.append(.assigned(Assignment(ticket: ticket, cluster: cluster, at: event.at)))
            case .moved(let ticket, _, let to, _):
                actions.append(.assigned(Assignment(ticket: ticket, cluster: to, at: event.at)))
            case .merged(let from, let into, let tickets):
                state.detector.mergeCluster(from, into: into)
                for ticket in tickets.sorted() {
                    actions.append(.assigned(Assignment(ticket: ticket, cluster: into, at: event.at)))
                }
            case .retired, .forgotten, .solutionAdded:
                break
            }
        }
        switch event.type {
        case .opened where isNewTicket:
            let input = prepared.detection ?? DetectionInput(event, normalized)
            actions += detect(event, ticket: ticket, text: prepared.text, input: input, service: service)
        case .resolved, .closed:
            if state.incidentHolds(ticket: event.ticket) { state.book.ticketResolved(event.ticket) }
        default:
            break
        }
        stats.activeClusters = state.activeClusterCount()
        // With no open incident (most of the time) the tally stays empty: not rebuilt per event.
        if state.hasOpenIncidents() || !stats.openIncidentsBySeverity.isEmpty {
            stats.openIncidentsBySeverity = box.state.book.openBySeverity
        }
        return actions
    }

    /// Advances event time to `now` when no events arrive; returns the actions it causes. A tick earlier than
    /// the engine's time (a wall clock stepped back) does nothing.
    public mutating func tick(_ now: Timestamp) -> [Action] {
        var actions: [Action] = []
        advance(to: now, into: &actions)
        if now > stats.now { stats.now = now }
        stats.openIncidentsBySeverity = state.book.openBySeverity
        return actions
    }

    /// Whether `updates` leave `ticket` placed: it was assigned or moved, and not forgotten after that.
    static func places(_ ticket: String, _ updates: [ClusterUpdate]) -> Bool {
        var placed = false
        for update in updates {
            switch update {
            case .assigned(let t, _, _, _), .moved(let t, _, _, _):
                if t == ticket { placed = true }
            case .forgotten:
                placed = false
            case .merged, .retired, .solutionAdded:
                break
            }
        }
        return placed
    }

    // MARK: - Steps

    mutating func countSource(_ kind: SourceKind, _ name: String, _ event: TicketEvent, into actions: inout [Action]) {
        state.detector.countSource(kind, name, at: event.at)
        // A source's last event only moves later, except a new source's first (out of order, it may be older).
        let due = event.at.adding(box.state.detector.configuration.heartbeatSilence)
        if due < silenceDue { silenceDue = due }
        // A silent source that speaks again resolves its heartbeat incident.
        if !box.state.heartbeats.isEmpty,
           let id = state.heartbeats.removeValue(forKey: (kind == .queue ? "queue:" : "channel:") + name) {
            actions += state.book.resolve(id, at: event.at, rules: rules, describe: describer).map(Action.incident)
        }
    }

    func resolveService(_ event: TicketEvent, known: String?, aliasWords: [String]?, inferred: String??) -> String? {
        if let given = event.service, !given.isEmpty { return given }
        if let known { return known }
        if let inferred { return inferred }
        guard let aliasWords else { return nil }
        return rules.catalogue.infer(fromWords: aliasWords)?.service
    }

    var describer: IncidentBook.Describe {
        let clusterer = box.state.clusterer
        return { id in
            guard let cluster = clusterer.cluster(id: clusterer.resolve(id: id)) else { return nil }
            return (cluster.label, cluster.topTerms, cluster.errorCodes.map(\.label))
        }
    }

    /// Detection for a new report. A report whose service is neither given nor named by an alias takes its
    /// cluster's dominant service: its words say what it is about, so it counts with that service's traffic
    /// and under that service's calendar peaks (a deadline rush's "no answer yet" tickets seldom name the
    /// service, and measured against no peak they looked like a burst).
    mutating func detect(
        _ event: TicketEvent, ticket: TicketKey, text: String, input: DetectionInput, service: String?
    ) -> [Action] {
        guard let (clusterID, clusterFirstSeen, clusterService) = state.placement(ofTicket: ticket)
        else { return [] }
        let service = service ?? clusterService ?? "unknown"
        let observation = Observation(
            ticket: event.ticket, requester: input.requester, requesterKey: input.requesterKey, at: event.at,
            service: service, cluster: clusterID, clusterFirstSeen: clusterFirstSeen, queue: event.queue,
            channel: event.channel, region: event.region, requesterKind: event.requesterKind, office: event.office,
            priority: event.priority, text: text, errorCodes: input.errorCodes, terms: input.terms)
        let detection = box.state.configuration.detection
        let young = event.at.since(clusterFirstSeen) <= detection.noveltyAge
        var actions: [Action] = []
        // Looked up once: neither the book's update below nor the detector changes which incident covers it.
        let covering = state.coveringIncident(for: observation, young: young)
        // The describer copies the clusterer's fields: made only when an incident may be described.
        if let covering {
            actions += state.book.observe(observation, into: covering, rules: rules, describe: describer)
                .map(Action.incident)
        }
        let tests = state.detector.observe(observation, rules: rules, young: young)
        // Recent reports remember whether they used emerging words (members of their service's novelty group).
        state.remember(observation, young: tests.contains { $0.key.hasPrefix("n:") })
        if box.state.firstEvent == .distantPast { state.firstEvent = event.at }
        let warm = event.at.since(box.state.firstEvent) >= detection.warmUp
        if warm, covering == nil,
           let fired = tests.filter({ $0.test.significant }).min(by: { $0.test.pValue < $1.test.pValue })
        {
            let recent = box.state.recentObservations(for: fired.key, service: service, at: event.at,
                                                      window: detection.windows.last ?? .hours(4))
            actions += state.book.fire(observation, test: fired.test, unit: fired.key, recent: recent, rules: rules,
                                       describe: describer).map(Action.incident)
        }
        state.syncCoverage()
        return actions
    }

    /// Minute steps of event time from the last step to `t`: resolutions, escalations, heartbeats, retirement.
    mutating func advance(to t: Timestamp, into actions: inout [Action]) {
        if box.state.lastStep == .distantPast {
            state.lastStep = Timestamp(milliseconds: t.milliseconds - t.milliseconds % 60_000)
            return
        }
        let lastStep = box.state.lastStep
        guard t.since(lastStep) >= .minutes(1) else { return }
        let gap = t.since(lastStep).milliseconds
        // Long gaps (a quiet weekend, a replay jump) are walked in at most ~600 steps.
        let step = max(60_000, (gap / 600) - (gap / 600) % 60_000)
        var s = lastStep
        // Only open incidents are described while time passes.
        let describe: IncidentBook.Describe = !state.hasOpenIncidents() ? { _ in nil } : describer
        while t.since(s).milliseconds >= step {
            s = Timestamp(milliseconds: s.milliseconds + step)
            let changes = state.book.advance(to: s, rules: rules, describe: describe)
            for change in changes where change.incident.state == .resolved {
                state.forgetBurst(of: change.incident, at: s)
            }
            actions += changes.map(Action.incident)
            // Until the earliest time a source can have been silent long enough nothing is silent: not checked.
            guard s >= silenceDue else { continue }
            let silent = state.silentSources(at: s)
            silenceDue = silent.isEmpty ? state.earliestSilence(at: s) : s
            for (source, since, p) in silent where box.state.heartbeats[source] == nil {
                if let change = state.openHeartbeat(source: source, since: since, pValue: p, at: s, rules: rules) {
                    actions.append(.incident(change))
                }
            }
        }
        state.lastStep = s
        state.syncCoverage()
        if t.since(box.state.lastPrune) >= .hours(6) {
            state.detector.prune(at: t)
            state.pruneRecent(at: t)
            state.lastPrune = t
        }
    }
}

/// Everything the engine needs to continue exactly where it stopped.
public struct EngineSnapshot: Sendable, Codable {
    /// The format this build writes and reads; a checkpoint of another version is rebuilt from the event log.
    public static let currentVersion = 11
    /// Format version of the snapshot.
    public var version: Int = EngineSnapshot.currentVersion
    /// The tuning the engine runs with. It is part of the state, so a checkpoint keeps the tuning it was written
    /// with; the daemon rebuilds one whose tuning is not its build's (`CorrelationLoop.restore`).
    public var configuration: EngineConfiguration { state.configuration }
    /// Counters.
    public var stats: EngineStats
    /// Clustering, detection and incident state.
    var state: EngineState
}

/// Counters of what the engine has seen.
public struct EngineStats: Sendable, Codable, Hashable {
    /// Events ingested.
    public var events: Int = 0
    /// Events by type.
    public var byType: [String: Int] = [:]
    /// Latest event time seen (or ticked to).
    public var now: Timestamp = Timestamp(milliseconds: 0)
    /// Clusters currently active.
    public var activeClusters = 0
    /// Open incidents by severity name.
    public var openIncidentsBySeverity: [String: Int] = [:]

    mutating func record(_ event: TicketEvent) {
        events += 1
        byType[event.type.rawValue, default: 0] += 1
        if event.at > now { now = event.at }
    }
}

/// Tuning of the whole engine.
public struct EngineConfiguration: Sendable, Codable, Hashable {
    /// Clustering knobs.
    public var clustering = ClusteringConfiguration()
    /// Detection knobs.
    public var detection = DetectionConfiguration()

    /// Defaults.
    public init() {}
}
