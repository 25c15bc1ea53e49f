/// Tests whether reports of a cluster, of a service's new clusters, or of a whole service arrive faster than
/// expected, on event time.
///
/// Expected counts are level × seasonal factor × window, where the level is learned per unit, the seasonal shape
/// of the week is learned from all traffic, the calendar raises the expectation during known rushes, and a
/// robust load factor (the median excess across services) raises it when every topic is up together: a peak of
/// all traffic is load, not a failure. The count is of distinct requesters, so one requester filing fifteen
/// times is one voice. The test is a Poisson upper tail against the service's sensitivity, plus its minimum count.
public struct EmergenceDetector: Sendable, Codable {
    /// Configuration.
    public let configuration: DetectionConfiguration
    var profile = SeasonalProfile()
    var units: [String: DetectionUnit] = [:]
    /// Robust load factor per window (the median excess of every service in that window) and when it was
    /// computed: after a peak ends its requesters stay in the 4-hour window for hours, so each window is
    /// raised by its own excess.
    var loads: [Double] = []
    var loadComputedAt = Timestamp.distantPast
    /// Cluster, novelty and service units created since the engine last synced coverage (a new unit of a
    /// covered cluster or service must be covered at once; the others keep their flags).
    var createdKeys: [String] = []
    /// Keys of the units covered by an open incident: kept apart so that syncing coverage costs the number of
    /// covered units, not the number of clusters.
    private(set) var coveredKeys: Set<String> = []
    /// Keys of the whole-service units, in creation order (the load factor walks these, not every unit).
    var serviceKeys: [String] = []
    /// When each term (word stem, or `#code`) was first and last seen, and in how many reports.
    var vocabulary = TermHistoryTable()
    /// Event time of the first report (start of the vocabulary warm-up).
    var vocabularyStart = Timestamp.distantPast
    /// Event sources watched for silence (heartbeats), by queue and by channel name.
    var queues: [String: SourceState] = [:]
    var channels: [String: SourceState] = [:]

    /// A detector.
    public init(configuration: DetectionConfiguration = DetectionConfiguration()) {
        self.configuration = configuration
        self.zone = ZoneRule(identifier: configuration.zone) ?? .rome
    }

    /// The zone of hour-of-week profiles, resolved once from `configuration.zone` (Rome when unknown).
    let zone: ZoneRule

    func offset(_ t: Timestamp) -> Int { zone.offsetMinutes(at: t) }

    func absoluteHour(_ t: Timestamp) -> Int64 { (t.milliseconds + Int64(offset(t)) * 60_000) / 3_600_000 }

    func factor(ofAbsoluteHour hour: Int64) -> Double {
        profile.factor(at: Timestamp(milliseconds: hour * 3_600_000), offsetMinutes: 0)
    }

    /// Unit keys of an observation.
    static func clusterKey(_ cluster: String) -> String { "c:" + cluster }
    static func noveltyKey(_ service: String) -> String { "n:" + service }
    static func serviceKey(_ service: String) -> String { "s:" + service }
    static func termKey(_ term: String) -> String { "t:" + term }

    /// Records the report's terms in the vocabulary and returns those that are emerging: first seen (or seen
    /// again after `vocabularyMemory`) within `emergingAge`, after the vocabulary warm-up, and already used in an
    /// earlier report (a term used once is a typo or a name until someone else writes it too). A term's first
    /// user is remembered, so its unit starts with both voices.
    mutating func emergingTerms(of o: Observation) -> [(term: String, first: (requester: String, at: Timestamp)?)] {
        if vocabularyStart == .distantPast { vocabularyStart = o.at }
        let settled = o.at.since(vocabularyStart) >= configuration.vocabularyWarmUp
        var result: [(String, (String, Timestamp)?)] = []
        func note(_ term: String) {
            // One stable hash per term: the entry is updated where it lies.
            let hash = DistinctWindow.key(term)
            guard let index = vocabulary.index(of: term, hash: hash) else {
                vocabulary.insert(term, hash: hash,
                                  TermHistory(first: o.at, last: o.at, reports: 1, firstRequester: settled ? o.requester : nil))
                return
            }
            if o.at.since(vocabulary[index].last) > configuration.vocabularyMemory {
                vocabulary[index] = TermHistory(first: o.at, last: o.at, reports: 1, firstRequester: o.requester)
                return
            }
            let history: TermHistory = {
                var h = vocabulary[index]
                if o.at > h.last { h.last = o.at }
                h.reports += 1
                return h
            }()
            let seed = history.reports == 2 ? history.firstRequester.map { ($0, history.first) } : nil
            vocabulary[index].last = history.last
            vocabulary[index].reports = history.reports
            if history.reports >= 2 { vocabulary[index].firstRequester = nil }
            if settled, o.at.since(history.first) <= configuration.emergingAge,
               history.first.since(vocabularyStart) >= configuration.vocabularyWarmUp
            {
                result.append((term, seed))
            }
        }
        // Short stems are too often typos or fragments to name a problem.
        for term in o.terms where term.utf8.count >= 4 { note(term) }
        for code in o.errorCodes { note("#" + code) }
        return result
    }

    /// Records a report and returns the tests of the units it touched (cluster, novelty group, service).
    mutating func observe(_ o: Observation, rules: RuleSet, young: Bool) -> [(key: String, test: UnitTest)] {
        // (Its sources were counted by `countSource`, for every event.)
        profile.observe(at: o.at, offsetMinutes: offset(o.at))
        let hour = absoluteHour(o.at)
        let snapshot = profile
        let factorOf: (Int64) -> Double = { h in snapshot.factor(at: Timestamp(milliseconds: h * 3_600_000), offsetMinutes: 0) }
        let thresholds = rules.thresholds(for: o.service)
        let servicePrior = thresholds.expectedPerHour ?? configuration.defaultServicePrior
        let serviceKey = Self.serviceKey(o.service)
        // Each unit's index as recorded: still valid for its test unless a unit was created after it (an
        // insertion invalidates the indices taken before), which saves a second hash of each key.
        var keys: [(key: String, index: Dictionary<String, DetectionUnit>.Index)] = []
        keys.reserveCapacity(3 + min(o.terms.count, 8))
        var created = false
        let windows = configuration.windows
        let (serviceIndex, newService) = record(o, inUnit: serviceKey, hour: hour, factor: factorOf) {
            DetectionUnit(windows: windows, prior: servicePrior, at: o.at)
        }
        keys.append((serviceKey, serviceIndex))
        created = created || newService
        if newService {
            createdKeys.append(serviceKey)
            serviceKeys.append(serviceKey)
        }
        let serviceLevel = units.values[serviceIndex].level.level
        let emerging = emergingTerms(of: o)
        // The novelty group: the service's voices that use words new to the stream, whatever cluster (young or
        // old) their reports land in: a failure written fifty ways scatters over clusters but shares its new
        // words. A new cluster in familiar words is a topic re-forming after its old cluster retired (every
        // morning), not news, and stays out.
        let novelPrior = configuration.emergingPrior * 4
        if !emerging.isEmpty {
            let key = Self.noveltyKey(o.service)
            let (index, made) = record(o, inUnit: key, hour: hour, factor: factorOf, make: {
                DetectionUnit(windows: windows, prior: novelPrior, at: o.at)
            })
            if made { createdKeys.append(key) }
            created = created || made
            keys.append((key, index))
        }
        let clusterKey = Self.clusterKey(o.cluster)
        let clusterPrior = max(0.05, serviceLevel * configuration.newClusterShare)
        let (clusterIndex, clusterMade) = record(o, inUnit: clusterKey, hour: hour, factor: factorOf, make: {
            DetectionUnit(windows: windows, prior: clusterPrior, at: o.at)
        })
        if clusterMade { createdKeys.append(clusterKey) }
        created = created || clusterMade
        keys.append((clusterKey, clusterIndex))
        let termPrior = configuration.emergingPrior
        for (term, first) in emerging {
            let key = Self.termKey(term)
            // A term's unit starts with its first user too (the term became emerging on its second use).
            let firstVoice = first.flatMap { $0.requester != o.requester ? ($0, absoluteHour($0.at)) : nil }
            let (index, made) = record(o, inUnit: key, hour: hour, factor: factorOf) {
                var unit = DetectionUnit(windows: windows, prior: termPrior, at: o.at)
                if let (first, firstHour) = firstVoice {
                    unit.record(DistinctWindow.key(first.requester), at: first.at, hour: firstHour, factor: factorOf)
                }
                return unit
            }
            created = created || made
            keys.append((key, index))
        }
        // The windows' seasonal factor sums are the same for every unit tested now and for the load factor.
        let sums = factorSums(endingAt: hour)
        refreshLoad(at: o.at, factorSums: sums)
        let calendar = rules.calendar.expectedFactor(service: o.service, at: o.at)
        var tests: [(key: String, test: UnitTest)] = []
        tests.reserveCapacity(keys.count)
        // The service's unit is the first recorded: its index holds when no unit was created since.
        let restIndex = created ? units.index(forKey: serviceKey) : serviceIndex
        for (key, recorded) in keys {
            let unitIndex = created ? units.index(forKey: key) : recorded
            tests.append((key, test(key: key, unitIndex: unitIndex, serviceIndex: restIndex, at: o.at,
                                    thresholds: thresholds, calendar: calendar, serviceLevel: serviceLevel,
                                    young: young, factorSums: sums)))
        }
        return tests
    }

    /// Records `o`'s requester in unit `key`, made by `make` first when there is none; returns the unit's index
    /// and whether it was made. A unit that exists is found with one hash and updated where it lies (read out of
    /// the dictionary, it would copy its windows).
    @discardableResult
    private mutating func record(
        _ o: Observation, inUnit key: String, hour: Int64, factor: (Int64) -> Double, make: () -> DetectionUnit
    ) -> (index: Dictionary<String, DetectionUnit>.Index, created: Bool) {
        var created = false
        let index = units.index(forKey: key) ?? {
            units[key] = make()
            created = true
            // Looked up after the insertion, which may have moved the storage.
            return units.index(forKey: key)!
        }()
        units.values[index].record(o.requesterKey, at: o.at, hour: hour, factor: factor)
        return (index, created)
    }

    /// The sum of seasonal factors over each detection window ending in absolute hour `hour` (a window up to an
    /// hour long takes its share of that hour's factor).
    func factorSums(endingAt hour: Int64) -> [Double] {
        configuration.windows.map { window in
            let hours = Double(window.milliseconds) / 3_600_000
            var factorSum = 0.0
            if hours <= 1 {
                factorSum = factor(ofAbsoluteHour: hour) * hours
            } else {
                for back in 0..<Int(hours.rounded(.up)) { factorSum += factor(ofAbsoluteHour: hour - Int64(back)) }
            }
            return factorSum
        }
    }

    /// The count test of unit `key` (at `unitIndex`) at `t`, given the index of its service's unit, the service's
    /// thresholds, calendar factor and window factor sums at `t` (the same for every unit of a report). Mutating
    /// only to read units in place.
    mutating func test(key: String, unitIndex: Dictionary<String, DetectionUnit>.Index?,
                       serviceIndex: Dictionary<String, DetectionUnit>.Index?, at t: Timestamp,
                       thresholds: Service.Thresholds, calendar: Double, serviceLevel: Double, young: Bool,
                       factorSums: [Double]) -> UnitTest {
        guard let unitIndex else {
            return UnitTest(significant: false, pValue: 1, observed: 0, expected: 0, window: .hours(1), observed1h: 0,
                            expected1h: 0)
        }
        // Read in place (a copy of the unit would retain its windows' buffers).
        let (unitLevel, counts) = units.values[unitIndex].readCounts()
        var level = unitLevel
        var alpha = thresholds.sensitivity
        var minimum = max(thresholds.minRequesters, configuration.unitMinimumRequesters)
        var ratio = configuration.minimumRatio
        let kind = key.utf8.first
        switch kind {
        case UInt8(ascii: "c"):
            alpha *= configuration.clusterAlphaFactor
            // A cluster that is new has no history of its own: it may take a small share of its service.
            if young { level = min(level, max(0.05, serviceLevel * configuration.newClusterShare)) }
        case UInt8(ascii: "s"):
            alpha *= configuration.serviceAlphaFactor
            minimum = Int((Double(thresholds.minRequesters) * configuration.serviceMinFactor).rounded(.up))
            ratio = configuration.serviceMinimumRatio
        case UInt8(ascii: "n"):
            alpha *= configuration.noveltyAlphaFactor
        case UInt8(ascii: "t"):
            // An emerging term has no history of its own: its users are measured against a small prior.
            level = configuration.emergingPrior
            alpha *= configuration.termAlphaFactor
            minimum = thresholds.minRequesters
            // An error code new to the stream is a machine's words, not a topic: two people quoting the same
            // unseen code within the windows seldom happens by chance, so it needs fewer voices, has a smaller
            // prior and is tested at the service's own sensitivity (new codes are few tests, new words many).
            if key.utf8.dropFirst(2).first == UInt8(ascii: "#") {
                alpha = thresholds.sensitivity * configuration.codeAlphaFactor
                level = configuration.emergingCodePrior
                minimum = configuration.newCodeMinimum(thresholds.minRequesters)
            }
        default:
            break
        }
        // The rest of the service, for a cluster or the novelty group: its excess shows a rush of the whole
        // service, which brings more of every topic and more new words (names, typos) too.
        let restIndex = kind == UInt8(ascii: "c") || kind == UInt8(ascii: "n") ? serviceIndex : nil
        let rest = restIndex.map { units.values[$0].readCounts() }
        var best = UnitTest(significant: false, pValue: 1, observed: 0, expected: 0, window: .hours(1), observed1h: 0,
                            expected1h: 0)
        for (index, window) in configuration.windows.enumerated() {
            let observed = counts[index]
            let factorSum = factorSums[index]
            let load = index < loads.count ? loads[index] : 1
            var raise = max(1, calendar)
            if let rest {
                let restExpected = (rest.level - unitLevel) * factorSum * max(1, load)
                if restExpected >= configuration.restMinimumExpected {
                    raise = max(raise, Double(rest.counts[index] - observed) / restExpected)
                }
            }
            let expected = max(level * factorSum * max(1, load) * raise, 0.01)
            if window == .hours(1) {
                best.observed1h = observed
                best.expected1h = expected
            }
            guard observed >= minimum, Double(observed) >= expected * ratio else { continue }
            let p = PoissonTail.upper(observed, mean: expected * configuration.dispersion)
            if p < best.pValue {
                best.pValue = p
                best.observed = observed
                best.expected = expected
                best.window = window
            }
        }
        best.significant = best.pValue < alpha && best.observed >= minimum
        return best
    }

    /// Two clusters merged: the survivor's level takes the absorbed cluster's demand, or its next hours would
    /// look like a burst against the level of one half.
    mutating func mergeCluster(_ from: String, into: String) {
        guard let absorbed = units.removeValue(forKey: Self.clusterKey(from)) else { return }
        units[Self.clusterKey(into)]?.level.absorb(absorbed.level)
    }

    /// Forgets the requesters in a unit's windows (its level stays): after an incident resolves, the burst it
    /// covered must not fire again as a "regression" while it is still inside the 4-hour window.
    mutating func resetWindows(_ key: String) {
        guard var unit = units[key] else { return }
        unit.windows = DistinctWindow(lengths: configuration.windows)
        units[key] = unit
    }

    /// Raises a unit's level to the demand of its longest window at `t` (requesters over the window's seasonal
    /// factors), if that is higher: a burst that outlived its incident is the new normal, while more on top of it
    /// still fires. (The longest window: a short one at a quiet hour divides by a tiny factor.)
    mutating func raiseLevelToRecentDemand(_ key: String, at t: Timestamp) {
        guard let index = units.index(forKey: key), let longest = configuration.windows.indices.last else { return }
        let factorSum = factorSums(endingAt: absoluteHour(t))[longest]
        let observed = units.values[index].readDistinct(longest, at: t)
        units.values[index].level.raise(to: Double(observed) / max(factorSum, 1e-9))
    }

    /// Marks a unit as covered by an open incident (or not), so its burst stays out of its level.
    mutating func setCovered(_ key: String, _ covered: Bool) {
        guard units[key] != nil else { return }
        units[key]!.covered = covered
        if covered { coveredKeys.insert(key) } else { coveredKeys.remove(key) }
    }

    /// The load factor: the median, over services with enough traffic, of observed over expected requesters in
    /// the last hour. One failing service cannot move a median; a rush of every topic does.
    mutating func refreshLoad(at t: Timestamp, factorSums: [Double]) {
        guard t.since(loadComputedAt) >= .minutes(2) else { return }
        loadComputedAt = t
        let hour = absoluteHour(t)
        let f = factor(ofAbsoluteHour: hour)
        let count = configuration.windows.count
        var ratios: [[Double]] = Array(repeating: [], count: count)
        for key in serviceKeys {
            // Read as if advanced to `t`, without touching (or copying) the stored windows: the stored unit is
            // advanced only by its own reports.
            guard let unitIndex = units.index(forKey: key) else { continue }
            let level = units.values[unitIndex].readLevel()
            guard level * f >= 3 else { continue }
            var fastest = 0.0
            for (index, window) in configuration.windows.enumerated() {
                let hours = Double(window.milliseconds) / 3_600_000
                let factorSum = factorSums[index]
                let ratio = Double(units.values[unitIndex].readDistinct(index, at: t)) / max(level * factorSum, 1e-9)
                // A window up to an hour long takes the largest excess of the windows up to it (a peak ramps
                // up in minutes); a longer one only its own, so that a peak that ended does not linger.
                if hours <= 1 { fastest = max(fastest, ratio) }
                ratios[index].append(hours <= 1 ? fastest : ratio)
            }
        }
        loads = ratios.map { list in
            guard list.count >= 3 else { return 1 }
            let sorted = list.sorted()
            return sorted[sorted.count / 2]
        }
    }

    /// Sources silent for longer than the heartbeat silence while their level expects traffic, with the
    /// probability of that silence.
    func silentSources(at t: Timestamp) -> [(source: String, since: Timestamp, pValue: Double)] {
        var result: [(String, Timestamp, Double)] = []
        // A source silent since before the working day began is more likely a holiday or a closed office than
        // an outage (the calendar has no holidays yet): only a silence that began while it was busy (within four
        // silence windows) counts. (Checked first: this runs every minute of event time.)
        let silence = configuration.heartbeatSilence.milliseconds
        func silent(_ state: SourceState) -> Bool {
            let gap = t.since(state.lastSeen).milliseconds
            return gap >= silence && gap <= silence * 4
        }
        // (Checked without building anything first: usually no source is silent.)
        guard queues.values.contains(where: silent) || channels.values.contains(where: silent) else { return [] }
        let watched = queues.filter { silent($0.value) }.map { ("queue:" + $0.key, $0.value) }
            + channels.filter { silent($0.value) }.map { ("channel:" + $0.key, $0.value) }
        guard !watched.isEmpty else { return [] }
        let local = zone.localParts(of: t)
        // Offices are closed on national holidays: silence is expected there.
        if ItalianHolidays.isHoliday(year: local.year, month: local.month, day: local.day) { return [] }
        for (source, state) in watched.sorted(by: { $0.0 < $1.0 }) {
            let last = state.lastSeen
            // Only a silence that began in, and lasts into, hours the source's own profile calls busy: a contact
            // centre closed at night is not silent, it is closed.
            let shape = state.profile
            guard busy(state, at: last), busy(state, at: t) else { continue }
            // Expected events over the silence itself, hour by hour: a source quiet since before dawn is not
            // alarming at 07:00 because the 07:00 hour is busy.
            var expected = 0.0
            var from = last.milliseconds
            while from < t.milliseconds {
                let hour = absoluteHour(Timestamp(milliseconds: from))
                let hourEnd = hour * 3_600_000 - Int64(offset(Timestamp(milliseconds: from))) * 60_000 + 3_600_000
                let to = min(max(hourEnd, from + 60_000), t.milliseconds)
                let f = shape.factor(at: Timestamp(milliseconds: hour * 3_600_000), offsetMinutes: 0)
                expected += state.level.level * f * Double(to - from) / 3_600_000
                from = to
            }
            let p = exp(-expected)
            if p < configuration.heartbeatAlpha { result.append((source, last, p)) }
        }
        return result
    }

    /// Whether `instant` falls in an hour the source's own profile calls busy.
    func busy(_ state: SourceState, at instant: Timestamp) -> Bool {
        state.profile.factor(at: Timestamp(milliseconds: absoluteHour(instant) * 3_600_000), offsetMinutes: 0) >= 0.5
    }

    /// The earliest event time from `t` on at which `silentSources` may find a source, if no source speaks
    /// meanwhile (a source that speaks is due again at its event plus the silence): a quiet source's last event
    /// plus the heartbeat silence; `t` for a source silent now whose silence began in a busy hour. A source
    /// silent past four silences, or whose silence began in a quiet hour, is left out until it speaks (neither
    /// its last event nor its profile change meanwhile). Far in the future when no source is left.
    func earliestSilence(at t: Timestamp) -> Timestamp {
        let silence = configuration.heartbeatSilence.milliseconds
        var earliest = Int64(1) << 60
        func consider(_ state: SourceState) {
            let gap = t.since(state.lastSeen).milliseconds
            if gap < silence {
                earliest = min(earliest, state.lastSeen.milliseconds + silence)
            } else if gap <= silence * 4, busy(state, at: state.lastSeen) {
                earliest = min(earliest, t.milliseconds)
            }
        }
        for state in queues.values { consider(state) }
        for state in channels.values { consider(state) }
        return Timestamp(milliseconds: earliest)
    }

    /// Counts an event of a source (any event type) for heartbeat levels.
    mutating func countSource(_ kind: SourceKind, _ name: String, at t: Timestamp) {
        let snapshot = profile
        let factorOf: (Int64) -> Double = { h in snapshot.factor(at: Timestamp(milliseconds: h * 3_600_000), offsetMinutes: 0) }
        let offset = offset(t)
        let hour = (t.milliseconds + Int64(offset) * 60_000) / 3_600_000
        switch kind {
        case .queue: queues[name, default: SourceState(at: t)].count(at: t, offsetMinutes: offset, hour: hour, factor: factorOf)
        case .channel: channels[name, default: SourceState(at: t)].count(at: t, offsetMinutes: offset, hour: hour, factor: factorOf)
        }
    }

    /// Drops cluster units idle for more than a day and not covered by an incident.
    mutating func prune(at t: Timestamp) {
        let stale = units.filter {
            ($0.key.hasPrefix("c:") || $0.key.hasPrefix("t:")) && !$0.value.covered && t.since($0.value.lastSeen) > .hours(36)
        }
        for key in stale.keys { units.removeValue(forKey: key) }
        // Terms used once and not since the memory span are noise (typos, names): forgetting them keeps the
        // vocabulary bounded; were they to come back they would be new again, as they would be anyway.
        let age = configuration.emergingAge.milliseconds * 4
        vocabulary.removeAll { $0.reports <= 1 && t.since($0.last).milliseconds > age }
    }
}

/// The two kinds of event source watched for silence.
enum SourceKind: Sendable {
    case queue, channel
}

/// One event source watched for silence: its hour-of-week shape (a contact centre is closed at night while the
/// web is not), its level of events per hour, and its last event.
struct SourceState: Sendable, Codable, Hashable {
    var profile = SeasonalProfile()
    var level = RateLevel(prior: 1)
    var lastSeen: Timestamp

    init(at t: Timestamp) { lastSeen = t }

    mutating func count(at t: Timestamp, offsetMinutes: Int, hour: Int64, factor: (Int64) -> Double) {
        profile.observe(at: t, offsetMinutes: offsetMinutes)
        level.count(absoluteHour: hour, factor: factor, clamp: nil)
        if t > lastSeen { lastSeen = t }
    }
}

/// When a term was first and last seen, and in how many reports since it was first seen.
struct TermHistory: Sendable, Codable, Hashable {
    var first: Timestamp
    var last: Timestamp
    var reports: Int
    /// Who used the term first (kept until a second report uses it).
    var firstRequester: String?
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
