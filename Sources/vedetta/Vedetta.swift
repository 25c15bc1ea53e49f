import ArgumentParser

/// `vedetta`: the daemon and its tools.
@main
struct Vedetta: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vedetta",
        abstract: "Incident correlation for a help desk: clusters ticket reports, detects emerging failures, alerts the owning office.",
        subcommands: [
            ServeCommand.self, IngestCommand.self, RulesCommand.self, ReplayCommand.self, SimulateCommand.self, DemoCommand.self, ReportCommand.self, IncidentCommand.self, ClustersCommand.self,
        ])
}
