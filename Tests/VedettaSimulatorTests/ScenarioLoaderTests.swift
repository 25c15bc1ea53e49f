import Foundation
import Testing
import VedettaCore
@testable import VedettaSimulator

@Suite("Scenario loader")
struct ScenarioLoaderTests {
    static let minimal = """
        seed: 7
        start: 2026-03-02T00:00:00+01:00
        days: 2
        """

    @Test("every scenario file loads; together they cover the required situations")
    func scenarioFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: SimulationFixtures.scenariosDir.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.contains("demo.yaml"))
        var scenarios: [Scenario] = []
        for name in names {
            let s = try SimulationFixtures.scenario(String(name.dropLast(5)))
            if name != "demo.yaml" {
                #expect(s.duration >= .hours(28 * 24 - 1), "\(name) lasts at least four weeks (one hour less across summer time)")
                scenarios.append(s)
            }
        }
        #expect(scenarios.count >= 4)
        let failures = scenarios.flatMap(\.failures)
        #expect(failures.count >= 10)
        #expect(Set(failures.map(\.kind)) == Set(Scenario.FailureKind.allCases))
        let rushes = scenarios.flatMap(\.rushes)
        #expect(rushes.contains { r in !failures.contains { $0.service == r.service && $0.start < r.end && $0.end > r.start } })
        #expect(scenarios.flatMap(\.peaks).contains { $0.users > 1_000 && $0.duration <= .hours(4) })
        #expect(!scenarios.flatMap(\.maintenance).isEmpty)
        for s in scenarios {
            let perWeekday = s.volumes.reduce(0) { $0 + $1.perWeekday }
            #expect((1_500...4_000).contains(perWeekday), "\(s.name): \(perWeekday) tickets per weekday")
        }
    }

    @Test("the demo scenario is small: three days, two failures")
    func demo() throws {
        let s = try SimulationFixtures.scenario("demo")
        #expect(s.duration == .days(3))
        #expect(s.failures.count == 2)
        let events = SimulationFixtures.demo.events.count
        #expect((2_000...12_000).contains(events), "\(events) events")
    }

    @Test("weeks end at local midnight across the summer-time switch")
    func durationAcrossDST() throws {
        let s = try Scenario.load(yaml: """
            seed: 1
            start: 2026-03-23T00:00:00+01:00
            weeks: 1
            """, file: "dst.yaml")
        #expect(RomeTime.format(s.end) == "2026-03-30T00:00:00+02:00")
        #expect(s.duration == .hours(167))
    }

    @Test("fields are read with their defaults and dates mean local days")
    func fields() throws {
        let s = try Scenario.load(yaml: Self.minimal + """

            volumes: {backoffice: 1_000, helpdesk: 200}
            rushes:
              - service: autoliquidazione
                from: 2026-03-02
                to: 2026-03-03
                factor: 4
            failures:
              - id: f1
                kind: sudden
                service: vpn
                start: 2026-03-02T10:00:00+01:00
                duration: 1h30m
                rate: 20
            """, file: "ok.yaml")
        #expect(s.volumes.map(\.perWeekday) == [1_000, 200])
        #expect(RomeTime.format(s.rushes[0].start) == "2026-03-02T00:00:00+01:00")
        #expect(RomeTime.format(s.rushes[0].end) == "2026-03-04T00:00:00+01:00")
        #expect(s.failures[0].end.since(s.failures[0].start) == .minutes(90))
        #expect(s.failures[0].ramp == .minutes(5))
        #expect(s.englishShare == 0.02)
    }

    static let badCases: [(yaml: String, line: Int, field: String, code: String)] = [
        (minimal + "\nvolumes:\n  backoffice: lots\n", 5, "volumes.backoffice", "scenario.type"),
        (minimal + "\nfailures:\n  - id: f\n    kind: sudden\n    service: durc\n    start: 2026-03-02T10:00:00+01:00\n    duration: 1h\n",
         7, "failures[0].service", "scenario.unknown"),
        (minimal + "\nfailures:\n  - id: f\n    kind: exploding\n    service: vpn\n    start: 2026-03-02T10:00:00+01:00\n    duration: 1h\n",
         6, "failures[0].kind", "scenario.value"),
        (minimal + "\nfailures:\n  - id: f\n    kind: sudden\n    service: vpn\n    start: 2026-03-02T10:00:00\n    duration: 1h\n",
         8, "failures[0].start", "scenario.value"),
        (minimal + "\nfailures:\n  - id: f\n    kind: sudden\n    service: vpn\n    start: 2026-03-02T10:00:00+01:00\n    duration: soon\n",
         9, "failures[0].duration", "scenario.value"),
        (minimal + "\nfailures:\n  - id: f\n    kind: during-rush\n    service: autoliquidazione\n    start: 2026-03-02T10:00:00+01:00\n    duration: 1h\n",
         8, "failures[0].start", "scenario.value"),
        (minimal + "\nfailures:\n  - id: f\n    kind: dependency\n    service: vpn\n    start: 2026-03-02T10:00:00+01:00\n    duration: 1h\n",
         7, "failures[0].service", "scenario.value"),
        (minimal + "\npeaks:\n  - id: p\n    start: 2026-03-02T10:00:00+01:00\n    duration: 2h\n    user: 1200\n",
         8, "peaks[0].user", "scenario.unknown"),
        (minimal + "\nprofile:\n  hours: [1, 2, 3]\n", 5, "profile.hours", "scenario.value"),
        ("seed: 7\nstart: 2026-03-02T00:00:00+01:00\n", 1, "weeks", "scenario.missing"),
        (minimal + "\nrushes: [\n", 5, "", "scenario.syntax"),
        (minimal + "\nseason: winter\n", 4, "season", "scenario.unknown"),
    ]

    @Test("errors name the file, the line and the field", arguments: badCases)
    func errors(_ bad: (yaml: String, line: Int, field: String, code: String)) {
        do {
            _ = try Scenario.load(yaml: bad.yaml, file: "bad.yaml")
            Issue.record("accepted: \(bad.yaml)")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == bad.line, "\(error)")
            #expect(error.field == bad.field, "\(error)")
            #expect(error.code == bad.code, "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(bad.line):"))
        }
    }
}
