import Foundation
import VedettaCore
@testable import VedettaSimulator

/// Paths and cached runs shared by the simulator suites.
enum SimulationFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenariosDir = repoRoot.appendingPathComponent("scenarios")

    static func scenario(_ name: String) throws -> Scenario {
        let url = scenariosDir.appendingPathComponent(name + ".yaml")
        return try Scenario.load(yaml: String(contentsOf: url, encoding: .utf8), file: "scenarios/" + name + ".yaml")
    }

    /// Everything a test needs from one run, without keeping every text.
    struct Run: Sendable {
        var lines: [String] = []
        var events: [TicketEvent] = []
        var labels: [String] = []
        var truth = Truth()
        var seconds = 0.0
        var peakPending = 0
    }

    static func run(_ scenario: Scenario, keepLines: Bool = true) -> Run {
        var r = Run()
        let clock = ContinuousClock()
        let began = clock.now
        (r.truth, r.peakPending) = Simulator(scenario: scenario).runMeasured { event, label in
            if keepLines { r.lines.append(SimulationWriter.jsonLine(event, label: label)) }
            r.events.append(event)
            r.labels.append(label)
        }
        let elapsed = clock.now - began
        r.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return r
    }

    /// Runs computed once per test process (the four-week ones cost seconds).
    static let demo: Run = run(try! scenario("demo"))
    static let spring: Run = run(try! scenario("spring-load-peak"), keepLines: false)
    /// The February scenario up to and including the deadline day: enough for the rush tests.
    static let february: Run = {
        var s = try! scenario("february-rush")
        s.duration = .days(22)  // through the deadline day, 16 February
        s.failures = s.failures.filter { $0.end <= s.end }
        return run(s, keepLines: false)
    }()
}
