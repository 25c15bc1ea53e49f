import Foundation
import VedettaCore

/// Writes a simulated stream to disk: `events.jsonl` (one event per line, time order, with `label`) and
/// `truth.json`. Foundation is used here for files only; the content comes from the deterministic simulator.
public enum SimulationWriter {
    /// What was written.
    public struct Summary: Sendable, Equatable {
        /// Events written.
        public var events: Int
        /// Tickets opened.
        public var tickets: Int
        /// The truth written to `truth.json`.
        public var truth: Truth
    }

    /// A file that could not be written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        /// `simulate.write`.
        public var code = "simulate.write"
        /// The path.
        public var path: String
        /// The underlying reason.
        public var reason: String
        /// `Cannot write <path>: <reason>`.
        public var description: String { "Cannot write \(path): \(reason)" }
    }

    /// Runs `scenario` and writes `events.jsonl` and `truth.json` into `directory` (created if needed), streaming
    /// the events through a 1 MiB buffer.
    @discardableResult
    public static func write(scenario: Scenario, to directory: URL) throws(WriteError) -> Summary {
        let fm = FileManager.default
        let eventsURL = directory.appendingPathComponent("events.jsonl")
        let truthURL = directory.appendingPathComponent("truth.json")
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: directory.path, reason: error.localizedDescription)
        }
        guard fm.createFile(atPath: eventsURL.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: eventsURL)
        else { throw WriteError(path: eventsURL.path, reason: "the file cannot be created.") }
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 21)
        var events = 0, tickets = 0
        var failure: (any Error)?
        let truth = Simulator(scenario: scenario).run { event, label in
            events += 1
            if event.type == .opened { tickets += 1 }
            buffer.append(contentsOf: JSONWriter.line(event, label: label).utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20, failure == nil {
                do { try handle.write(contentsOf: buffer) } catch { failure = error }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        do {
            if let failure { throw failure }
            try handle.write(contentsOf: buffer)
            try handle.close()
            try Data(truth.json.utf8).write(to: truthURL, options: .atomic)
        } catch {
            throw WriteError(path: eventsURL.path, reason: error.localizedDescription)
        }
        return Summary(events: events, tickets: tickets, truth: truth)
    }

    /// One event as its `events.jsonl` line (without the newline): sorted keys, Rome-local times.
    public static func jsonLine(_ event: TicketEvent, label: String) -> String { JSONWriter.line(event, label: label) }
}
