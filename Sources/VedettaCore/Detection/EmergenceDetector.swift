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
    /// Robust load factor and when it was computed.
    var load: Double = 1
    var loadComputedAt = Timestamp.distantPast
    /// Keys of the units covered by an open incident: kept apart so that syncing coverage costs the number of
    /// covered units, not the number of clusters.
    private(set) var coveredKeys: Set<String> = []
    /// Last event time per source (queue:x, channel:y) for heartbeats.
    var sourceLastSeen: [String: Timestamp] = [:]

    /// A detector.
    public init(configuration: DetectionConfiguration = DetectionConfiguration()) {
        self.configuration = configuration
    }

    var zone: ZoneRule { ZoneRule(identifier: configuration.zone) ?? .rome }

    func offset(_ t: Timestamp) -> Int { zone.offsetMinutes(at: t) }

    func absoluteHour(_ t: Timestamp) -> Int64 { (t.milliseconds + Int64(offset(t)) * 60_000) / 3_600_000 }

    func factor(ofAbsoluteHour hour: Int64) -> Double {
        profile.factor(at: Timestamp(milliseconds: hour * 3_600_000), offsetMinutes: 0)
    }

    /// Unit keys of an observation.
    static func clusterKey(_ cluster: String) -> String { "c:" + cluster }
    static func noveltyKey(_ service: String) -> String { "n:" + service }
    static func serviceKey(_ service: String) -> String { "s:" + service }

    /// Records a report and returns the tests of the units it touched (cluster, novelty group, service).
    mutating func observe(_ o: Observation, rules: RuleSet, young: Bool) -> [(key: String, test: UnitTest)] {
        profile.observe(at: o.at, offsetMinutes: offset(o.at))
        for source in [o.queue.map { "queue:" + $0 }, o.channel.map { "channel:" + $0 }].compactMap({ $0 }) {
            if o.at > sourceLastSeen[source] ?? Timestamp.distantPast { sourceLastSeen[source] = o.at }
        }
        let hour = absoluteHour(o.at)
        let snapshot = profile
        let factorOf: (Int64) -> Double = { h in snapshot.factor(at: Timestamp(milliseconds: h * 3_600_000), offsetMinutes: 0) }
        let thresholds = rules.thresholds(for: o.service)
        let servicePrior = thresholds.expectedPerHour ?? configuration.defaultServicePrior
        let serviceKey = Self.serviceKey(o.service)
        var keys = [serviceKey]
        if units[serviceKey] == nil {
            units[serviceKey] = DetectionUnit(windows: configuration.windows, prior: servicePrior, at: o.at)
        }
        units[serviceKey]!.record(o.requester, at: o.at, hour: hour, factor: factorOf)
        let serviceLevel = units[serviceKey]!.level.level
        let novelPrior = max(0.2, serviceLevel * configuration.newClusterShare * 3)
        if young {
            let key = Self.noveltyKey(o.service)
            if units[key] == nil { units[key] = DetectionUnit(windows: configuration.windows, prior: novelPrior, at: o.at) }
            units[key]!.record(o.requester, at: o.at, hour: hour, factor: factorOf)
            keys.append(key)
        }
        let clusterKey = Self.clusterKey(o.cluster)
        if units[clusterKey] == nil {
            let prior = max(0.05, serviceLevel * configuration.newClusterShare)
            units[clusterKey] = DetectionUnit(windows: configuration.windows, prior: prior, at: o.at)
        }
        units[clusterKey]!.record(o.requester, at: o.at, hour: hour, factor: factorOf)
        keys.append(clusterKey)
        refreshLoad(at: o.at)
        return keys.map { key in
            (key, test(key: key, at: o.at, service: o.service, rules: rules, serviceLevel: serviceLevel, young: young))
        }
    }

    /// The count test of one unit at `t`.
    func test(key: String, at t: Timestamp, service: String, rules: RuleSet, serviceLevel: Double, young: Bool) -> UnitTest {
        guard let unit = units[key] else {
            return UnitTest(significant: false, pValue: 1, observed: 0, expected: 0, window: .hours(1), observed1h: 0,
                            expected1h: 0)
        }
        let thresholds = rules.thresholds(for: service)
        var level = unit.level.level
        var alpha = thresholds.sensitivity
        var minimum = max(thresholds.minRequesters, configuration.unitMinimumRequesters)
        var ratio = configuration.minimumRatio
        switch key.first {
        case "c":
            alpha *= configuration.clusterAlphaFactor
            // A cluster that is new has no history of its own: it may take a small share of its service.
            if young { level = min(level, max(0.05, serviceLevel * configuration.newClusterShare)) }
        case "s":
            alpha *= configuration.serviceAlphaFactor
            minimum = Int((Double(thresholds.minRequesters) * configuration.serviceMinFactor).rounded(.up))
            ratio = configuration.serviceMinimumRatio
        case "n":
            alpha *= configuration.noveltyAlphaFactor
        default:
            break
        }
        let calendar = rules.calendar.expectedFactor(service: service, at: t)
        let raise = max(1, load) * max(1, calendar)
        let hour = absoluteHour(t)
        var best = UnitTest(significant: false, pValue: 1, observed: 0, expected: 0, window: .hours(1), observed1h: 0,
                            expected1h: 0)
        for (index, window) in configuration.windows.enumerated() {
            let observed = unit.windows[index].distinct
            let hours = Double(window.milliseconds) / 3_600_000
            var factorSum = 0.0
            if hours <= 1 {
                factorSum = factor(ofAbsoluteHour: hour) * hours
            } else {
                for back in 0..<Int(hours.rounded(.up)) { factorSum += factor(ofAbsoluteHour: hour - Int64(back)) }
            }
            let expected = max(level * factorSum * raise, 0.01)
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

    /// Forgets the requesters in a unit's windows (its level stays): after an incident resolves, the burst it
    /// covered must not fire again as a "regression" while it is still inside the 4-hour window.
    mutating func resetWindows(_ key: String) {
        guard var unit = units[key] else { return }
        unit.windows = configuration.windows.map(DistinctWindow.init(length:))
        units[key] = unit
    }

    /// Marks a unit as covered by an open incident (or not), so its burst stays out of its level.
    mutating func setCovered(_ key: String, _ covered: Bool) {
        guard units[key] != nil else { return }
        units[key]!.covered = covered
        if covered { coveredKeys.insert(key) } else { coveredKeys.remove(key) }
    }

    /// The load factor: the median, over services with enough traffic, of observed over expected requesters in
    /// the last hour. One failing service cannot move a median; a rush of every topic does.
    mutating func refreshLoad(at t: Timestamp) {
        guard t.since(loadComputedAt) >= .minutes(2) else { return }
        loadComputedAt = t
        let hour = absoluteHour(t)
        let f = factor(ofAbsoluteHour: hour)
        var ratios: [Double] = []
        for key in units.keys where key.hasPrefix("s:") {
            guard var unit = units[key] else { continue }
            unit.advance(to: t)
            let expected = unit.level.level * f
            guard expected >= 3 else { continue }
            // The larger of the 15-minute and 1-hour excess: a peak ramps up in minutes.
            let hourly = Double(unit.windows[min(1, unit.windows.count - 1)].distinct) / expected
            let quarter = Double(unit.windows[0].distinct) / (expected / 4)
            ratios.append(max(hourly, quarter))
        }
        guard ratios.count >= 3 else {
            load = 1
            return
        }
        ratios.sort()
        load = ratios[ratios.count / 2]
    }

    /// Sources silent for longer than the heartbeat silence while their level expects traffic, with the
    /// probability of that silence.
    func silentSources(at t: Timestamp) -> [(source: String, since: Timestamp, pValue: Double)] {
        var result: [(String, Timestamp, Double)] = []
        let local = zone.localParts(of: t)
        // Offices are closed on national holidays: silence is expected there.
        if ItalianHolidays.isHoliday(year: local.year, month: local.month, day: local.day) { return [] }
        for (source, last) in sourceLastSeen.sorted(by: { $0.key < $1.key }) {
            let gap = t.since(last)
            // A source silent since before the working day began is more likely a holiday or a closed office
            // than an outage (the calendar has no holidays yet): only a silence that began while it was busy
            // (within four silence windows) counts.
            guard gap >= configuration.heartbeatSilence,
                  gap.milliseconds <= configuration.heartbeatSilence.milliseconds * 4 else { continue }
            // Expected events in the gap: the source's share of all traffic is not tracked, so use the profile's
            // level of the whole stream scaled by the source's recent share (its last-hour unit, if any).
            guard let unit = units["src:" + source] else { continue }
            // Expected events in the last `heartbeatSilence` only: a source quiet all night is not alarming at
            // 08:00; a busy one silent for the last 40 minutes of a working morning is.
            let window = configuration.heartbeatSilence
            let expected = unit.level.level * factor(ofAbsoluteHour: absoluteHour(t)) * window.seconds / 3600
            let p = exp(-expected)
            if p < configuration.heartbeatAlpha { result.append((source, last, p)) }
        }
        return result
    }

    /// Counts an event of a source (any event type) for heartbeat levels.
    mutating func countSource(_ source: String, at t: Timestamp, key: String) {
        let unitKey = "src:" + source
        if units[unitKey] == nil { units[unitKey] = DetectionUnit(windows: [.hours(1)], prior: 1, at: t) }
        let snapshot = profile
        let factorOf: (Int64) -> Double = { h in snapshot.factor(at: Timestamp(milliseconds: h * 3_600_000), offsetMinutes: 0) }
        // Keyed by event id: every event counts for the source's level.
        units[unitKey]!.record(key, at: t, hour: absoluteHour(t), factor: factorOf)
        if t > sourceLastSeen[source] ?? Timestamp.distantPast { sourceLastSeen[source] = t }
    }

    /// Drops cluster units idle for more than a day and not covered by an incident.
    mutating func prune(at t: Timestamp) {
        let stale = units.filter { $0.key.hasPrefix("c:") && !$0.value.covered && t.since($0.value.lastSeen) > .hours(36) }
        for key in stale.keys { units.removeValue(forKey: key) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
