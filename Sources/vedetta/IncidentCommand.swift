import ArgumentParser
import Foundation
import VedettaCore
import VedettaStore

/// `vedetta incident`: operators' actions on incidents.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "Operators' actions on incidents.", subcommands: [Mark.self])

    /// `vedetta incident mark ID --false-positive [--note TEXT]`.
    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark an incident as a false positive (counted per rule in the reports), or clear the mark.")

        @OptionGroup var state: StateOptions

        @Argument(help: "Incident id, e.g. INC-20260302-0007.")
        var id: String

        @Flag(help: "The alert should not have fired.")
        var falsePositive = false

        @Flag(help: "Remove the false-positive mark.")
        var clear = false

        @Option(help: "Why (shown, redacted, in the reports).")
        var note: String?

        func validate() throws {
            guard falsePositive != clear else { throw ValidationError("give exactly one of --false-positive or --clear") }
        }

        func run() throws {
            let configuration = try state.resolve()
            let store = try EventStore(directory: configuration.stateDirectory)
            if clear {
                let removed = try store.unmark(incident: id, kind: .falsePositive)
                print(removed ? "\(id): false-positive mark removed" : "\(id): had no false-positive mark")
                return
            }
            try store.mark(IncidentMark(incident: id, kind: .falsePositive, note: note,
                                        markedBy: ProcessInfo.processInfo.environment["USER"],
                                        markedAt: Timestamp.wallClock()))
            print("\(id): marked false positive")
        }
    }
}
