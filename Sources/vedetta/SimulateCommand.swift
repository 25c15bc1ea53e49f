import ArgumentParser
import Foundation
import VedettaSimulator

/// `vedetta simulate`: realistic Italian ticket streams with ground truth.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a simulated ticket stream (events.jsonl) and its ground truth (truth.json).",
        discussion: "Scenarios live in scenarios/ (see scenarios/README.md). The same scenario and seed give byte-identical files.")

    @Option(help: "Scenario file (YAML).") var scenario: String
    @Option(help: "Output folder.") var out: String
    @Option(help: "Override the scenario's seed.") var seed: UInt64?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: scenario), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(scenario): cannot read the scenario file")
        }
        var loaded = try Scenario.load(yaml: text, file: scenario)
        if let seed { loaded.seed = seed }
        let summary = try SimulationWriter.write(scenario: loaded, to: URL(fileURLWithPath: out))
        print("wrote \(summary.events) events (\(summary.tickets) tickets), \(summary.truth.incidents.count) injected failures "
            + "to \(out)/events.jsonl and \(out)/truth.json")
    }
}
