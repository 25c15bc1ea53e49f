import VedettaCore

/// Generates a scenario's ticket stream in time order, with its ground truth.
///
/// Time advances minute by minute: each minute draws Poisson arrivals for the background of each queue (hour of
/// day × day of week × holidays × rushes), the load peaks, the injected failures and the maintenance windows;
/// every new ticket schedules its later events (updates, escalations, resolution, closing, reopening) in a
/// heap, and events leave the heap when their minute comes. Memory is bounded by the tickets still open.
public struct Simulator: Sendable {
    /// The scenario being simulated.
    public let scenario: Scenario

    /// A simulator of `scenario`.
    public init(scenario: Scenario) { self.scenario = scenario }

    /// Streams every event, in time order, with its label (a truth incident id or `background`), and returns
    /// the truth. The same scenario always gives the same calls in the same order.
    public func run(_ emit: (TicketEvent, _ label: String) -> Void) -> Truth {
        var state = SimulationState(scenario: scenario)
        return state.run(emit)
    }

    /// `run` that also reports the most events held back at once (the memory bound of streaming).
    func runMeasured(_ emit: (TicketEvent, _ label: String) -> Void) -> (truth: Truth, peakPending: Int) {
        var state = SimulationState(scenario: scenario)
        let truth = state.run(emit)
        return (truth, state.peakPending)
    }
}

/// The mutable side of one run.
struct SimulationState {
    let s: Scenario
    let writer: TextWriter
    let year: Int
    var queue = EventQueue()
    var ticketCounter: [Int]  // per queue index
    var background: SeededGenerator
    var peakRNG: [SeededGenerator]
    var failureRNG: [SeededGenerator]
    var maintenanceRNG: [SeededGenerator]
    var failureFamily: [SymptomFamily] = []
    var failureCode: [String] = []
    var scheduled: [Scheduled] = []  // pre-planned openings (small-new, repeaters), sorted by time
    var drafts: [Draft] = []
    var peakPending = 0  // this minute's openings, numbered in time order once the minute is drawn
    var scheduledNext = 0
    var truth = Truth()
    var incidentIndex: [String: Int] = [:]
    var maintenanceIndex: [String: Int] = [:]
    let holidayDays: Set<Int>
    let hourShare: [Double]
    let hourActivity: [Double]
    let backofficeMix: [Scenario.ServiceShare]
    let helpdeskMix: [Scenario.ServiceShare]

    /// A planned opening: who, when, what.
    struct Scheduled {
        var at: Timestamp
        var component: Component
        var requester: String
        var report: TextWriter.Report?
        var repeatIndex: Int
        var service: String
        var queueIndex: Int
        var seed: UInt64
    }

    /// A ticket about to open: everything but its id, which follows opening order.
    struct Draft {
        var at: Timestamp
        var queueIndex: Int
        var service: String
        var requester: String
        var report: TextWriter.Report
        var priority: Priority
        var label: String
        var lifecycle: Lifecycle
        var seed: UInt64
        var maintenance: String?
    }

    enum Component {
        case background
        case peak(Int)
        case failure(Int)
        case maintenance(Int)
    }

    init(scenario: Scenario) {
        s = scenario
        year = RomeTime.local(scenario.start).year
        writer = TextWriter(typoRate: scenario.typoRate, year: year)
        ticketCounter = Array(repeating: 0, count: Institution.queues.count)
        background = SeededGenerator(seed: scenario.seed, stream: "background")
        peakRNG = scenario.peaks.map { SeededGenerator(seed: scenario.seed, stream: "peak/" + $0.id) }
        failureRNG = scenario.failures.map { SeededGenerator(seed: scenario.seed, stream: "failure/" + $0.id) }
        maintenanceRNG = scenario.maintenance.map { SeededGenerator(seed: scenario.seed, stream: "maintenance/" + $0.id) }
        holidayDays = Set(scenario.holidays.map(\.number))
        let total = max(scenario.hourProfile.reduce(0, +), 1e-9)
        hourShare = scenario.hourProfile.map { $0 / total }
        let top = max(scenario.hourProfile.max() ?? 1, 1e-9)
        hourActivity = scenario.hourProfile.map { max(0.1, $0 / top) }
        backofficeMix = scenario.mix.filter { $0.queue == "backoffice" }
        helpdeskMix = scenario.mix.filter { $0.queue == "helpdesk" }
    }

    // MARK: Run

    mutating func run(_ emit: (TicketEvent, String) -> Void) -> Truth {
        prepareTruth()
        prepareFailures()
        planSmallNew()
        planRepeaters()
        scheduled.sort { $0.at != $1.at ? $0.at < $1.at : $0.seed < $1.seed }

        let step = Timestamp.Duration.minutes(1)
        var t = s.start
        let end = s.end
        while t < end {
            let next = min(t.adding(step), end)
            let stepSeconds = Int(next.since(t).milliseconds / 1000)
            let local = RomeTime.local(t)
            let day = CivilDate.daysFromCivil(year: local.year, month: local.month, day: local.day)
            let dayFactor = holidayDays.contains(day) ? s.holidayFactor : s.weekdayProfile[local.weekday]
            let minuteShare = hourShare[local.hour] / 60 * Double(stepSeconds) / 60
            let activity = hourActivity[local.hour] * max(0.15, min(1, dayFactor))

            for (qi, volume) in s.volumes.enumerated() {
                let shares = serviceWeights(queue: volume.queue, at: t)
                let base = shares.reduce(0) { $0 + $1.base }
                let boosted = shares.reduce(0) { $0 + $1.weight }
                guard base > 0 else { continue }
                let lambda = volume.perWeekday * dayFactor * minuteShare * boosted / base
                let n = background.poisson(lambda)
                for _ in 0..<n {
                    let service = shares[background.weighted(shares.map(\.weight))].service
                    let at = t.adding(.seconds(Int64(background.index(stepSeconds))))
                    let queueIndex = Institution.queues.firstIndex(of: volume.queue) ?? qi
                    var rng = background
                    openQuestion(at: at, service: service, queueIndex: queueIndex, day: day, rng: &rng)
                    background = rng
                }
            }
            for (pi, peak) in s.peaks.enumerated() where t >= peak.start && t < peak.start.adding(peak.duration) {
                let minutes = Double(peak.duration.milliseconds) / 60_000
                let n = peakRNG[pi].poisson(Double(peak.users) / minutes * Double(stepSeconds) / 60)
                for _ in 0..<n { openPeakTicket(pi, at: t, stepSeconds: stepSeconds, day: day) }
            }
            for (fi, failure) in s.failures.enumerated() where failure.kind != .smallNew && t >= failure.start && t < failure.end {
                let lambda = failure.rate / 60 * Double(stepSeconds) / 60 * shape(failure, at: t) * activity
                let n = failureRNG[fi].poisson(lambda)
                for _ in 0..<n {
                    let at = min(t.adding(.seconds(Int64(failureRNG[fi].index(stepSeconds)))), failure.end.adding(.seconds(-1)))
                    openFailureTicket(fi, at: at, day: day, requester: nil, repeatOf: nil)
                }
            }
            for (mi, m) in s.maintenance.enumerated() where t >= m.start && t < m.end {
                // Whoever works at that hour tries the service, weekend or not: only the hour damps the rate.
                let n = maintenanceRNG[mi].poisson(m.rate / 60 * Double(stepSeconds) / 60 * hourActivity[local.hour])
                for _ in 0..<n { openMaintenanceTicket(mi, at: t, stepSeconds: stepSeconds, day: day) }
            }
            while scheduledNext < scheduled.count, scheduled[scheduledNext].at < next {
                openScheduled(scheduled[scheduledNext], day: day)
                scheduledNext += 1
            }
            drafts.sort { $0.at < $1.at }  // stable: equal times keep their drawing order
            for d in drafts { open(d) }
            drafts.removeAll(keepingCapacity: true)
            peakPending = max(peakPending, queue.count)
            while let entry = queue.pop(before: next) {
                record(entry.event, label: entry.label)
                emit(entry.event, entry.label)
            }
            t = next
        }
        return truth
    }

    private mutating func record(_ e: TicketEvent, label: String) {
        guard e.type == .opened else { return }
        if label != "background", let i = incidentIndex[label] {
            truth.incidents[i].tickets.append(e.ticket)
        } else if let id = maintenanceOf.removeValue(forKey: e.ticket), let i = maintenanceIndex[id] {
            truth.maintenance[i].tickets.append(e.ticket)
        }
    }

    /// Maintenance tickets are background; the window they belong to travels in a private ticket-id map.
    private var maintenanceOf: [String: String] = [:]

    private mutating func prepareTruth() {
        for (i, f) in s.failures.enumerated() {
            incidentIndex[f.id] = i
            let services = f.kind == .dependency ? [f.service] + f.dependents : [f.service]
            truth.incidents.append(Truth.Incident(id: f.id, service: f.service, kind: f.kind.rawValue, start: f.start,
                                                  end: f.end, services: services, tickets: []))
        }
        for (i, m) in s.maintenance.enumerated() {
            maintenanceIndex[m.id] = i
            truth.maintenance.append(Truth.Maintenance(id: m.id, service: m.service, start: m.start, end: m.end, tickets: []))
        }
        truth.rushes = s.rushes.map { Truth.Rush(id: $0.id, service: $0.service, start: $0.start, end: $0.end, factor: $0.factor) }
        truth.peaks = s.peaks.map { Truth.Peak(id: $0.id, start: $0.start, end: $0.start.adding($0.duration), users: $0.users) }
    }

    /// Symptom family and error code of each failure: explicit in the scenario, or assigned so that failures of
    /// one service never share a family while there are families left.
    private mutating func prepareFailures() {
        var usedPerService: [String: Int] = [:]
        var novel = 0, login = 0
        for (i, f) in s.failures.enumerated() {
            var rng = failureRNG[i]
            let family: String
            if let explicit = f.symptom {
                family = explicit
            } else {
                switch f.kind {
                case .smallNew:
                    family = SymptomFamily.novel[novel % SymptomFamily.novel.count]
                    novel += 1
                case .dependency:
                    family = SymptomFamily.login[login % SymptomFamily.login.count]
                    login += 1
                case .sudden, .slow, .duringRush:
                    var h = FNV1aLite()
                    h.combine(f.service)
                    let k = usedPerService[f.service, default: 0]
                    usedPerService[f.service] = k + 1
                    family = SymptomFamily.ordinary[(Int(h.value % 7) + k) % SymptomFamily.ordinary.count]
                }
            }
            failureFamily.append(SymptomFamily.named(family))
            let code: String = f.code ?? {
                switch rng.index(6) {
                case 0: return "errore " + rng.pick(["500", "502", "503", "504"])
                case 1: return "E-" + String(rng.int(1000...1999))
                case 2: return "ERR-" + String(rng.int(10...99))
                case 3: return "codice " + String(rng.int(10...60))
                case 4: return "HTTP " + rng.pick(["500", "502", "503"])
                default: return "SYS-" + String(rng.int(100...999))
                }
            }()
            failureCode.append(code)
            failureRNG[i] = rng
        }
    }

    // MARK: Rates

    private struct Share {
        var service: String
        var base: Double
        var weight: Double
    }

    private func serviceWeights(queue: String, at t: Timestamp) -> [Share] {
        (queue == "helpdesk" ? helpdeskMix : backofficeMix).map { share in
            Share(service: share.service, base: share.weight, weight: share.weight * rushFactor(share.service, at: t))
        }
    }

    func rushFactor(_ service: String, at t: Timestamp) -> Double {
        var factor = 1.0
        for r in s.rushes where r.service == service && t >= r.start && t < r.end {
            let ramp = Double(r.ramp.milliseconds)
            let progress = ramp <= 0 ? 1 : min(1, Double(t.since(r.start).milliseconds) / ramp)
            factor = max(factor, 1 + (r.factor - 1) * progress)
        }
        return factor
    }

    /// Share of the plateau rate a failure has reached at `t`.
    func shape(_ f: Scenario.Failure, at t: Timestamp) -> Double {
        let ramp = Double(f.ramp.milliseconds)
        guard ramp > 0 else { return 1 }
        return min(1, max(0.02, Double(t.since(f.start).milliseconds) / ramp))
    }

    // MARK: People

    mutating func requester(queueIndex: Int, _ rng: inout SeededGenerator) -> (id: String, kind: String) {
        let kind = Institution.queues[queueIndex] == "helpdesk" ? "staff"
            : Institution.backofficeKinds[rng.weighted(Institution.backofficeKindWeights)]
        let population = Institution.population(of: kind)
        return (Institution.prefix(of: kind) + "-" + CivilDate.pad(rng.index(population), 6), kind)
    }

    func kind(of requester: String) -> String {
        switch requester.prefix(2) {
        case "AZ": "azienda"
        case "LV": "lavoratore"
        case "IM": "intermediario"
        case "PT": "patronato"
        default: "staff"
        }
    }

    /// A fixed trait of the person: a few requesters always write in English.
    func writesEnglish(_ requester: String) -> Bool {
        var h = FNV1aLite()
        h.combine("lang/" + requester)
        return Double(h.value % 10_000) < s.englishShare * 10_000
    }

    mutating func nextTicketID(queueIndex: Int) -> String {
        ticketCounter[queueIndex] += 1
        let prefix = Institution.queues[queueIndex] == "helpdesk" ? "HD" : "BO"
        return prefix + "-" + String(year) + "-" + CivilDate.pad(ticketCounter[queueIndex], 6)
    }

    // MARK: Openings

    private mutating func openQuestion(at: Timestamp, service: String, queueIndex: Int, day: Int,
                                       rng: inout SeededGenerator) {
        let who = requester(queueIndex: queueIndex, &rng)
        let ctx = TextWriter.Context(lexicon: ServiceLexicon.of(service), dependent: nil,
                                     english: writesEnglish(who.id), day: day)
        let report = writer.question(ctx, &rng)
        open(at: at, queueIndex: queueIndex, service: service, requester: who.id, report: report,
             priority: backgroundPriority(&rng), label: "background", lifecycle: .question, rng: &rng)
    }

    private mutating func openPeakTicket(_ pi: Int, at t: Timestamp, stepSeconds: Int, day: Int) {
        var rng = peakRNG[pi]
        let queueIndex = rng.chance(0.92) ? 0 : 1
        let shares = serviceWeights(queue: Institution.queues[queueIndex], at: t)
        let service = shares[rng.weighted(shares.map(\.weight))].service
        let at = t.adding(.seconds(Int64(rng.index(stepSeconds))))
        openQuestion(at: at, service: service, queueIndex: queueIndex, day: day, rng: &rng)
        peakRNG[pi] = rng
    }

    private mutating func openMaintenanceTicket(_ mi: Int, at t: Timestamp, stepSeconds: Int, day: Int) {
        var rng = maintenanceRNG[mi]
        let m = s.maintenance[mi]
        let queueIndex = Institution.staffServices.contains(m.service) ? 1 : 0
        let who = requester(queueIndex: queueIndex, &rng)
        let ctx = TextWriter.Context(lexicon: ServiceLexicon.of(m.service), dependent: nil, english: writesEnglish(who.id), day: day)
        var report = writer.failure(SymptomFamily.named("maintenance"), ctx, &rng)
        report.category = "manutenzione"
        let at = min(t.adding(.seconds(Int64(rng.index(stepSeconds)))), m.end.adding(.seconds(-1)))
        open(at: at, queueIndex: queueIndex, service: m.service, requester: who.id, report: report,
             priority: backgroundPriority(&rng), label: "background", lifecycle: .fixedAt(m.end), rng: &rng,
             maintenance: m.id)
        maintenanceRNG[mi] = rng
    }

    private mutating func openFailureTicket(_ fi: Int, at: Timestamp, day: Int, requester given: String?, repeatOf: TextWriter.Report?) {
        var rng = failureRNG[fi]
        let f = s.failures[fi]
        let queueIndex = Institution.staffServices.contains(f.service) ? 1 : 0
        let who = given.map { ($0, kind(of: $0)) } ?? requester(queueIndex: queueIndex, &rng)
        var service = f.service
        var dependent: ServiceLexicon?
        if f.kind == .dependency, !f.dependents.isEmpty {
            // People name the service they could not reach; a few tickets are filed under the login itself.
            let reached = rng.pick(f.dependents)
            dependent = ServiceLexicon.of(reached)
            if rng.chance(0.85) { service = reached }
        }
        let ctx = TextWriter.Context(lexicon: ServiceLexicon.of(f.service), dependent: dependent,
                                     code: failureCode[fi], english: writesEnglish(who.0), day: day)
        var report: TextWriter.Report
        if let previous = repeatOf {
            report = previous
            report.subject = rng.pick(Phrasebook.repeatPrefixes.filter { !$0.isEmpty }) + previous.subject
        } else {
            report = writer.failure(failureFamily[fi], ctx, &rng)
        }
        let resolveAt = f.end.adding(.millis(Int64(rng.exponential(mean: 5_400_000))))
        open(at: at, queueIndex: queueIndex, service: service, requester: who.0, report: report,
             priority: failurePriority(&rng), label: f.id, lifecycle: .fixedAt(resolveAt), rng: &rng)
        // One requester sometimes complains again about the same failure: one voice, two tickets.
        if repeatOf == nil, rng.chance(0.07) {
            let again = at.adding(.minutes(Int64(rng.int(15...90))))
            if again < f.end {
                let plan = Scheduled(at: again, component: .failure(fi), requester: who.0, report: report, repeatIndex: 1,
                                     service: service, queueIndex: queueIndex, seed: rng.next())
                insertScheduled(plan)
            }
        }
        failureRNG[fi] = rng
    }

    private mutating func insertScheduled(_ plan: Scheduled) {
        // Keep the not-yet-opened tail sorted; plans are few, so a linear insert is cheap.
        var i = scheduled.count
        while i > scheduledNext, scheduled[i - 1].at > plan.at { i -= 1 }
        scheduled.insert(plan, at: i)
    }

    private mutating func openScheduled(_ plan: Scheduled, day: Int) {
        switch plan.component {
        case let .failure(fi):
            openFailureTicket(fi, at: plan.at, day: day, requester: plan.requester, repeatOf: plan.repeatIndex > 0 ? plan.report : nil)
        case .background:
            var rng = SeededGenerator(seed: plan.seed)
            var report = plan.report ?? writer.question(
                TextWriter.Context(lexicon: ServiceLexicon.of(plan.service), dependent: nil,
                                   english: writesEnglish(plan.requester), day: day), &rng)
            if plan.repeatIndex > 0 {
                report.subject = Phrasebook.repeatPrefixes[plan.repeatIndex % Phrasebook.repeatPrefixes.count] + report.subject
            }
            open(at: plan.at, queueIndex: plan.queueIndex, service: plan.service, requester: plan.requester, report: report,
                 priority: plan.repeatIndex > 2 ? .high : .normal, label: "background", lifecycle: .question, rng: &rng)
        case .peak, .maintenance:
            break
        }
    }

    // MARK: Plans

    private mutating func planSmallNew() {
        for (fi, f) in s.failures.enumerated() where f.kind == .smallNew {
            var rng = failureRNG[fi]
            let queueIndex = Institution.staffServices.contains(f.service) ? 1 : 0
            let span = Double(f.end.since(f.start).milliseconds)
            for _ in 0..<f.requesters {
                let who = requester(queueIndex: queueIndex, &rng).id
                let first = f.start.adding(.millis(Int64(rng.unit() * span * 0.75)))
                scheduled.append(Scheduled(at: first, component: .failure(fi), requester: who, report: nil, repeatIndex: 0,
                                           service: f.service, queueIndex: queueIndex, seed: rng.next()))
            }
            failureRNG[fi] = rng
        }
    }

    private mutating func planRepeaters() {
        guard s.repeaters.perWeek > 0 else { return }
        var rng = SeededGenerator(seed: s.seed, stream: "repeaters")
        let weeks = Int((s.duration.milliseconds + 7 * 86_400_000 - 1) / (7 * 86_400_000))
        for w in 0..<weeks {
            for _ in 0..<s.repeaters.perWeek {
                let queueIndex = rng.chance(0.8) ? 0 : 1
                let shares = s.mix.filter { $0.queue == Institution.queues[queueIndex] }
                guard !shares.isEmpty else { continue }
                let service = shares[rng.weighted(shares.map(\.weight))].service
                let who = requester(queueIndex: queueIndex, &rng).id
                let day = RomeTime.dayNumber(s.start) + w * 7 + rng.index(5)
                let d = CivilDate.civilFromDays(day)
                var at = RomeTime.instant(year: d.year, month: d.month, day: d.day, hour: rng.int(9...15), minute: rng.index(60))
                let times = rng.int(s.repeaters.minimum...s.repeaters.maximum)
                var textRNG = SeededGenerator(seed: rng.next())
                let report = writer.question(
                    TextWriter.Context(lexicon: ServiceLexicon.of(service), dependent: nil, english: writesEnglish(who), day: day),
                    &textRNG)
                for k in 0..<times {
                    guard at >= s.start, at < s.end else { break }
                    scheduled.append(Scheduled(at: at, component: .background, requester: who, report: report, repeatIndex: k,
                                               service: service, queueIndex: queueIndex, seed: rng.next()))
                    at = at.adding(.minutes(Int64(3 + rng.exponential(mean: 22))))
                }
            }
        }
    }

    // MARK: Tickets

    enum Lifecycle {
        case question
        case fixedAt(Timestamp)
    }

    func backgroundPriority(_ rng: inout SeededGenerator) -> Priority {
        [Priority.low, .normal, .high, .critical][rng.weighted([0.15, 0.72, 0.11, 0.02])]
    }

    func failurePriority(_ rng: inout SeededGenerator) -> Priority {
        [Priority.low, .normal, .high, .critical][rng.weighted([0.04, 0.5, 0.36, 0.10])]
    }

    /// Drafts a ticket for this minute; its own generator is seeded from the component's.
    private mutating func open(at: Timestamp, queueIndex: Int, service: String, requester: String,
                               report: TextWriter.Report, priority: Priority, label: String, lifecycle: Lifecycle,
                               rng: inout SeededGenerator, maintenance: String? = nil) {
        let at = Timestamp(milliseconds: at.milliseconds - at.milliseconds % 1000)
        drafts.append(Draft(at: at, queueIndex: queueIndex, service: service, requester: requester, report: report,
                            priority: priority, label: label, lifecycle: lifecycle, seed: rng.next(),
                            maintenance: maintenance))
    }

    /// Opens a drafted ticket and schedules the rest of its life.
    private mutating func open(_ d: Draft) {
        var rng = SeededGenerator(seed: d.seed)
        let (at, queueIndex, service, requester, report, priority, label, lifecycle) =
            (d.at, d.queueIndex, d.service, d.requester, d.report, d.priority, d.label, d.lifecycle)
        let ticket = nextTicketID(queueIndex: queueIndex)
        if let m = d.maintenance { maintenanceOf[ticket] = m }
        let queueName = Institution.queues[queueIndex]
        let place = Institution.place(of: requester)
        let channelWeights = queueName == "helpdesk" ? Institution.helpdeskChannelWeights : Institution.backofficeChannelWeights
        let channel = Institution.channels[rng.weighted(channelWeights)]
        let withService = rng.chance(s.serviceFieldShare)
        let opened = TicketEvent(
            ticket: ticket, type: .opened, at: at, queue: queueName, channel: channel,
            service: withService ? service : nil, category: report.category, requester: requester,
            requesterKind: kind(of: requester), office: place.office, region: place.region, priority: priority,
            subject: report.subject, text: report.text)
        queue.push(opened, label: label)

        let isFailure: Bool
        let resolveAt: Timestamp
        switch lifecycle {
        case .question:
            isFailure = false
            let hours = min(240, rng.logNormal(median: 5, sigma: 1.1))
            resolveAt = at.adding(.millis(Int64(hours * 3_600_000) + 60_000))
        case let .fixedAt(fix):
            isFailure = true
            resolveAt = max(fix, at.adding(.minutes(10)))
        }
        func later(_ fraction: Double) -> Timestamp {
            at.adding(.millis(Int64(Double(resolveAt.since(at).milliseconds) * fraction) + 1_000))
        }
        func follow(_ type: EventType, _ when: Timestamp, service: String? = nil, priority: Priority? = nil,
                    text: String? = nil, resolution: String? = nil) {
            // Whole seconds, like the opening, so that the written line reads back as the same event.
            let when = Timestamp(milliseconds: when.milliseconds - when.milliseconds % 1000)
            guard when < s.end else { return }
            queue.push(TicketEvent(ticket: ticket, type: type, at: when, queue: queueName, service: service,
                                   priority: priority, text: text, resolution: resolution), label: label)
        }
        if rng.chance(isFailure ? 0.4 : 0.3) {
            follow(.updated, later(0.2 + 0.5 * rng.unit()), text: writer.line(Phrasebook.followUps, &rng))
        }
        if rng.chance(isFailure ? 0.3 : 0.05) {
            follow(.escalated, later(0.1 + 0.4 * rng.unit()), priority: priority < .high ? .high : .critical)
        }
        if !withService, rng.chance(isFailure ? 0.2 : 0.08) {
            follow(.reclassified, later(0.05 + 0.3 * rng.unit()), service: service)
        }
        guard rng.chance(isFailure ? 0.95 : 0.88) else {
            if rng.chance(0.4) {
                follow(.closed, resolveAt.adding(.hours(Int64(rng.int(48...120)))),
                       resolution: "Chiuso per mancato riscontro del richiedente.")
            }
            return
        }
        var resolvedAt = resolveAt
        follow(.resolved, resolvedAt, resolution: report.resolution)
        if rng.chance(0.03) {
            let reopenAt = resolvedAt.adding(.millis(Int64(rng.exponential(mean: 20 * 3_600_000)) + 60_000))
            follow(.reopened, reopenAt, text: writer.line(Phrasebook.reopenings, &rng))
            resolvedAt = reopenAt.adding(.millis(Int64(rng.logNormal(median: 3, sigma: 0.8) * 3_600_000)))
            follow(.resolved, resolvedAt, resolution: report.resolution)
        }
        if rng.chance(0.7) {
            follow(.closed, resolvedAt.adding(.hours(Int64(rng.int(24...72)))), resolution: report.resolution)
        }
    }
}
