import ArgumentParser
import Foundation
import VedettaCore
import VedettaRules
import VedettaStore

/// `vedetta rules check|test`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Validate the rules folder, or show where an incident would be routed.",
        subcommands: [Check.self, Test.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every rules file; print each error as file:line:column: message (exit 1 on any).")

        @Argument(help: "Rules folder. Default ./rules")
        var directory: String = "./rules"

        func run() throws {
            switch RulesLoader.load(directory: directory) {
            case .success(let rules):
                print("\(directory): OK (\(rules.offices.count) offices, \(rules.services.count) services, "
                    + "\(rules.notices.count) notices, \(rules.peaks.count) calendar peaks)")
            case .failure(let errors):
                let prefix = directory.hasSuffix("/") ? directory : directory + "/"
                for line in errors.lines { print(prefix + line) }
                throw ExitCode(1)
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print which offices an incident with these labels would reach, and why.")

        @Option(help: "Rules folder. Default ./rules")
        var rules: String = "./rules"
        @Option(help: "Service id.") var service: String
        @Option(help: "Severity: info, minor, major, critical.") var severity: String = "major"
        @Option(help: "Queue label.") var queue: String?
        @Option(help: "Channel label.") var channel: String?
        @Option(help: "Region label.") var region: String?
        @Option(help: "Instant for notices and calendar (RFC 3339). Default now.") var at: String?

        func run() throws {
            guard let severity = Severity(rawValue: severity) else {
                throw ValidationError("unknown severity '\(severity)' (info, minor, major, critical)")
            }
            var instant = Timestamp.wallClock()
            if let at {
                guard let parsed = Timestamp(rfc3339: at) else { throw ValidationError("--at: not an RFC 3339 time") }
                instant = parsed
            }
            switch RulesLoader.load(directory: rules) {
            case .success(let ruleSet):
                let labels = RouteLabels(service: service, queue: queue, channel: channel, region: region, severity: severity)
                for line in RulesExplainer(rules: ruleSet).explain(labels, at: instant) { print(line) }
            case .failure(let errors):
                for line in errors.lines { print(rules + "/" + line) }
                throw ExitCode(1)
            }
        }
    }
}
