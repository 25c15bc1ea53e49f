import ArgumentParser
import Foundation
import VedettaCore
import VedettaStore

/// `vedetta clusters`: the clusters the daemon stored (written at every checkpoint).
struct ClustersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "List clusters with label, counts and services (from the state folder's store).")

    @Option(help: "State folder.") var stateDir: String = "./var"
    @Option(help: "Only clusters active since this RFC 3339 time.") var since: String?
    @Option(help: "At most this many clusters.") var limit: Int = 50
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        var from = Timestamp.distantPast
        if let since {
            guard let parsed = Timestamp(rfc3339: since) else { throw ValidationError("--since: not an RFC 3339 time") }
            from = parsed
        }
        let store = try EventStore(directory: stateDir, readOnly: true)
        let records = try store.clusters(from: from, to: Timestamp(milliseconds: 1 << 50), limit: limit)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for record in records { print(String(decoding: try encoder.encode(record), as: UTF8.self)) }
            return
        }
        for record in records {
            let services = record.services.map { "\($0.key) \($0.count)" }.joined(separator: ", ")
            print("\(record.id)\t\(record.tickets) tickets\tlast \(record.lastSeen.rfc3339Seconds)\t\(record.label)\t[\(services)]")
        }
    }
}
