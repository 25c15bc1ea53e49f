import ArgumentParser
import Foundation
import VedettaCore
import VedettaDaemon
import VedettaIngest
import VedettaStore

/// `vedetta ingest FILE...`: hands files to a running (or the next) daemon through its spool folder.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Hand event files (.jsonl, .ndjson, .csv) to the daemon through its spool folder.",
        discussion: """
            Each file is copied to <state-dir>/spool/incoming under a temporary name, fsynced and renamed into \
            place, so the daemon never reads a partial file. The daemon moves it to spool/done (or spool/failed \
            with NAME.errors) once its events are stored. Works whether or not the daemon is running.
            """)

    @OptionGroup var state: StateOptions

    @Argument(help: "Event files.")
    var files: [String]

    func run() throws {
        let configuration = try state.resolve()
        let incoming = configuration.stateDirectory + "/spool/incoming"
        try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        for file in files {
            let name = (file as NSString).lastPathComponent
            guard EventStreamParser.Format(fileName: name) != nil else {
                throw ValidationError("\(file): not a .jsonl, .ndjson or .csv file")
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("\(file): cannot read the file")
            }
            // Time-prefixed names keep arrival order in the spool, which takes files in name order.
            let target = incoming + "/" + Timestamp.wallClock().compactUTC + "-\(getpid())-" + name
            try AtomicFile.write(Array(data), to: target)
            print("queued \(file) -> \(target)")
        }
    }
}
