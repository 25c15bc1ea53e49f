import Foundation
import Testing
import VedettaCore
@testable import VedettaSimulator

@Suite("Simulator")
struct SimulatorTests {
    @Test("the same seed gives byte-identical events and truth")
    func sameSeedSameBytes() throws {
        let scenario = try SimulationFixtures.scenario("demo")
        let again = SimulationFixtures.run(scenario)
        let first = SimulationFixtures.demo
        #expect(first.lines.count > 2_000)
        #expect(first.lines == again.lines)
        #expect(first.truth.json == again.truth.json)
    }

    @Test("a different seed gives a different stream")
    func differentSeedDiffers() throws {
        var scenario = try SimulationFixtures.scenario("demo")
        scenario.seed += 1
        let other = SimulationFixtures.run(scenario)
        #expect(other.lines != SimulationFixtures.demo.lines)
        #expect(Set(other.lines.prefix(200)).isDisjoint(with: SimulationFixtures.demo.lines.prefix(200)))
    }

    @Test("every event passes the contract and lines decode back to the same event")
    func contract() throws {
        let run = SimulationFixtures.demo
        let scenario = try SimulationFixtures.scenario("demo")
        var previous = Timestamp(milliseconds: .min)
        var opened = Set<String>()
        let decoder = JSONDecoder()
        for (i, e) in run.events.enumerated() {
            #expect(!e.ticket.isEmpty)
            #expect(e.at >= scenario.start && e.at < scenario.end)
            #expect(e.at >= previous, "events must be in time order")
            previous = e.at
            if e.type == .opened {
                #expect(!(e.subject ?? "").isEmpty || !(e.text ?? "").isEmpty)
                #expect(opened.insert(e.ticket).inserted, "a ticket opens once")
            } else {
                #expect(opened.contains(e.ticket), "\(e.type) of \(e.ticket) before it was opened")
            }
            if i % 7 == 0 {
                let back = try decoder.decode(TicketEvent.self, from: Data(run.lines[i].utf8))
                #expect(back == e)
            }
        }
        let ids = run.events.map(\.id)
        #expect(Set(ids).count == ids.count, "event ids are unique")
    }

    @Test("lifecycle: most tickets are resolved with a resolution, some escalate, reclassify or reopen")
    func lifecycle() {
        let events = SimulationFixtures.spring.events
        var count: [EventType: Int] = [:]
        for e in events { count[e.type, default: 0] += 1 }
        let opened = count[.opened, default: 0]
        #expect(opened > 40_000)
        #expect(Double(count[.resolved, default: 0]) > 0.75 * Double(opened))
        #expect(count[.closed, default: 0] > opened / 2)
        for type in [EventType.updated, .escalated, .reclassified, .reopened] {
            #expect(count[type, default: 0] > 50, "\(type)")
        }
        #expect(events.filter { $0.type == .resolved }.allSatisfy { !($0.resolution ?? "").isEmpty })
        let withService = events.filter { $0.type == .opened && $0.service != nil }.count
        let share = Double(withService) / Double(opened)
        #expect(share > 0.66 && share < 0.74, "service field on about 70% of opened events, got \(share)")
    }

    @Test("failure tickets carry their truth label and fall inside the failure window")
    func failuresMatchTruth() throws {
        for run in [SimulationFixtures.demo, SimulationFixtures.spring, SimulationFixtures.february] {
            var byLabel: [String: [TicketEvent]] = [:]
            for (e, label) in zip(run.events, run.labels) where e.type == .opened && label != "background" {
                byLabel[label, default: []].append(e)
            }
            #expect(Set(byLabel.keys) == Set(run.truth.incidents.map(\.id)))
            for incident in run.truth.incidents {
                let tickets = try #require(byLabel[incident.id])
                #expect(tickets.map(\.ticket) == incident.tickets)
                #expect(tickets.allSatisfy { $0.at >= incident.start && $0.at < incident.end }, "\(incident.id)")
                let requesters = Set(tickets.compactMap(\.requester)).count
                if incident.kind == "small-new" {
                    #expect((10...20).contains(requesters), "\(incident.id): \(requesters) requesters")
                } else {
                    #expect(requesters >= 25, "\(incident.id): \(requesters) requesters")
                }
            }
        }
    }

    @Test("two failures of one service use different words and codes")
    func distinctSymptoms() throws {
        let scenario = try SimulationFixtures.scenario("autumn-mixed")
        var shortened = scenario
        shortened.start = RomeTime.instant(year: 2026, month: 10, day: 14)
        shortened.duration = .days(14)
        shortened.failures = scenario.failures.filter { $0.service == "denuncia-infortunio" }
        shortened.peaks = []
        let run = SimulationFixtures.run(shortened, keepLines: false)
        func words(_ label: String) -> Set<String> {
            var set = Set<String>()
            for (e, l) in zip(run.events, run.labels) where l == label && e.type == .opened {
                for w in e.reportText.lowercased().split(whereSeparator: { !$0.isLetter }) where w.count > 4 { set.insert(String(w)) }
            }
            return set
        }
        let a = words("oct-infortunio-invio"), b = words("oct-infortunio-pagina-bianca")
        let jaccard = Double(a.intersection(b).count) / Double(a.union(b).count)
        #expect(jaccard < 0.5, "vocabularies overlap too much: \(jaccard)")
        let texts = zip(run.events, run.labels).filter { $0.1 == "oct-infortunio-pagina-bianca" }.map { $0.0.reportText }
        #expect(texts.contains { $0.contains("JS-0x1F") })
        #expect(!texts.contains { $0.contains("503") })
    }

    @Test("a small new failure speaks words the background never uses")
    func novelVocabulary() throws {
        let run = SimulationFixtures.demo
        let incident = try #require(run.truth.incidents.first { $0.kind == "small-new" })
        func words(_ e: TicketEvent) -> Set<String> {
            Set(e.reportText.lowercased().split(whereSeparator: { !$0.isLetter }).filter { $0.count > 3 }.map(String.init))
        }
        var inIncident: [String: Int] = [:]
        var background = Set<String>()
        for (e, label) in zip(run.events, run.labels) where e.type == .opened {
            if label == incident.id {
                for w in words(e) { inIncident[w, default: 0] += 1 }
            } else {
                background.formUnion(words(e))
            }
        }
        let frequent = inIncident.filter { $0.value * 10 >= incident.tickets.count * 3 }.keys
        let novel = frequent.filter { !background.contains($0) }
        #expect(novel.count >= 3, "frequent words of \(incident.id) unseen in the background: \(novel.sorted())")
    }

    @Test("weekday volumes are realistic, weekends and holidays quiet, Mondays busiest")
    func volumes() throws {
        let scenario = try SimulationFixtures.scenario("spring-load-peak")
        var perDay: [Int: Int] = [:]
        for e in SimulationFixtures.spring.events where e.type == .opened { perDay[RomeTime.dayNumber(e.at), default: 0] += 1 }
        let peakDay = RomeTime.dayNumber(scenario.peaks[0].start)
        var mondays: [Int] = [], midweek: [Int] = []
        for (day, n) in perDay.sorted(by: { $0.key < $1.key }) {
            let weekday = ((day % 7) + 7 + 3) % 7
            if weekday < 5 {
                let ok = (1_500...4_000).contains(n) || day == peakDay
                #expect(ok, "day \(CivilDate.civilFromDays(day)) weekday \(weekday): \(n) tickets")
                if weekday == 0 { mondays.append(n) }
                if weekday == 2 { midweek.append(n) }
            } else {
                #expect(n < 600, "weekend day \(day): \(n) tickets")
            }
        }
        #expect(mondays.reduce(0, +) > midweek.reduce(0, +))
    }

    @Test("the load peak brings over 1,000 distinct requesters within four hours")
    func loadPeak() throws {
        let run = SimulationFixtures.spring
        let peak = try #require(run.truth.peaks.first)
        func distinct(from: Timestamp, to: Timestamp) -> Int {
            Set(run.events.filter { $0.type == .opened && $0.at >= from && $0.at < to }.compactMap(\.requester)).count
        }
        #expect(peak.end.since(peak.start) <= .hours(4))
        let during = distinct(from: peak.start, to: peak.end)
        let weekBefore = distinct(from: peak.start.adding(.days(-7)), to: peak.end.adding(.days(-7)))
        #expect(during > 1_000)
        #expect(during - weekBefore > 1_000, "peak \(during) vs same hours a week before \(weekBefore)")
        // Every topic up together: no service takes most of the extra volume.
        var services: [String: Int] = [:]
        for e in run.events where e.type == .opened && e.at >= peak.start && e.at < peak.end {
            services[e.service ?? "-", default: 0] += 1
        }
        #expect(services.count >= 10)
    }

    @Test("the deadline rush multiplies ordinary questions, labelled background")
    func rush() throws {
        let run = SimulationFixtures.february
        let rush = try #require(run.truth.rushes.first { $0.service == "autoliquidazione" })
        let hidden = try #require(run.truth.incidents.first { $0.kind == "during-rush" })
        #expect(hidden.start >= rush.start && hidden.end <= rush.end)
        func count(_ from: Timestamp, _ to: Timestamp) -> Int {
            zip(run.events, run.labels).filter {
                $0.0.type == .opened && $0.1 == "background" && $0.0.at >= from && $0.0.at < to
                    && $0.0.reportText.lowercased().contains("autoliquidazione")
            }.count
        }
        let before = count(rush.start.adding(.days(-5)), rush.start)
        let top = count(rush.end.adding(.days(-5)), rush.end)
        #expect(Double(top) > 3 * Double(before), "rush \(top) vs before \(before)")
    }

    @Test("one requester filing the same complaint many times stays background")
    func repeaters() {
        let run = SimulationFixtures.spring
        var perRequesterDay: [String: Int] = [:]
        for (e, label) in zip(run.events, run.labels) where e.type == .opened && label == "background" {
            perRequesterDay[(e.requester ?? "") + "@" + String(RomeTime.dayNumber(e.at)), default: 0] += 1
        }
        #expect(perRequesterDay.values.filter { $0 >= 5 }.count >= 10)
    }

    @Test("maintenance windows have tickets, listed in the truth")
    func maintenance() throws {
        let run = SimulationFixtures.spring
        let m = try #require(run.truth.maintenance.first)
        #expect(m.tickets.count >= 10)
        let opened = Dictionary(uniqueKeysWithValues: run.events.filter { $0.type == .opened }.map { ($0.ticket, $0) })
        for t in m.tickets {
            let e = try #require(opened[t])
            #expect(e.at >= m.start && e.at < m.end)
        }
    }

    @Test("texts carry personal data, error codes, English and noise")
    func textVariety() {
        let opened = SimulationFixtures.spring.events.filter { $0.type == .opened }
        let texts = opened.map(\.reportText)
        func share(_ predicate: (String) -> Bool) -> Double { Double(texts.filter(predicate).count) / Double(texts.count) }
        #expect(share { $0.contains("@example") } > 0.01)
        #expect(share { $0.contains("IT") && $0.contains("99999") } > 0.005)
        #expect(share { $0.contains("Hello") || $0.contains("Dear support") || $0.contains("Hi,") } > 0.003)
        #expect(share { $0.contains("e'") || $0.contains("perche ") } > 0.01)
        #expect(share { $0 == $0.lowercased() } > 0.03)
        #expect(Set(texts).count > texts.count * 9 / 10, "texts are mostly distinct")
    }

    @Test("the writer's files hold the stream and a truth that decodes")
    func writer() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("vedetta-sim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = try SimulationWriter.write(scenario: SimulationFixtures.scenario("demo"), to: dir)
        let lines = try String(contentsOf: dir.appendingPathComponent("events.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines == SimulationFixtures.demo.lines)
        #expect(summary.events == lines.count)
        let truthData = try Data(contentsOf: dir.appendingPathComponent("truth.json"))
        let decoded = try JSONDecoder().decode(Truth.self, from: truthData)
        #expect(decoded == summary.truth)
        #expect(decoded.incidents.count == 2)
    }

    @Test("streaming: a month holds back only the events of tickets still open")
    func streaming() throws {
        let run = SimulationFixtures.spring
        // Not a timed test: the figure is printed for the report (debug build, shared machine).
        print("spring-load-peak (4 weeks): \(run.events.count) events, peak \(run.peakPending) pending, \(run.seconds) s")
        #expect(run.peakPending > 1_000)
        #expect(run.peakPending * 5 < run.events.count, "pending \(run.peakPending) of \(run.events.count)")
    }
}
