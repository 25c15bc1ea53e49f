import Foundation
import VedettaCore
import VedettaStore

/// Streams event files through one engine and records its actions (the replay half of `vedetta replay` and
/// of `vedetta demo`).
struct Replayer {
    let rules: RuleSet
    var verbose = false

    struct Result {
        var recorder: ReplayRecorder
        var engine: Engine
        var events: Int
        var rejected: Int
        var seconds: Double
        var first: Timestamp?
        var last: Timestamp?

        var span: Timestamp.Duration {
            guard let first, let last else { return .seconds(0) }
            return last.since(first)
        }

        func write(to out: String, rules: RuleSet) throws {
            try AtomicFile.write(Array(recorder.incidentsJSONLines().utf8), to: out + "/incidents.jsonl")
            let clusterer = engine.clusterer
            try AtomicFile.write(Array(recorder.assignmentsJSONLines(resolve: { clusterer.resolve(id: $0) }).utf8),
                                 to: out + "/assignments.jsonl")
        }
    }

    func replay(files: [String]) throws -> Result {
        var engine = Engine(rules: rules)
        var recorder = ReplayRecorder()
        var count = 0
        var rejected = 0
        var first: Timestamp?
        var last: Timestamp?
        let started = Date()
        for file in files {
            let name = (file as NSString).lastPathComponent
            guard let format = EventStreamParser.Format(fileName: name) else {
                throw ReplayError(message: "\(file): not a .jsonl, .ndjson or .csv file")
            }
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw ReplayError(message: "\(file): cannot open the file")
            }
            defer { try? handle.close() }
            var parser = EventStreamParser(format: format, source: name)
            let sink: (EventStreamParser.Item) -> Void = { item in
                switch item {
                case .event(let event, _):
                    recorder.record(engine.ingest(event))
                    count += 1
                    if first == nil || event.at < first! { first = event.at }
                    if last == nil || event.at > last! { last = event.at }
                    if verbose, count % 100_000 == 0 {
                        let rate = Double(count) / Date().timeIntervalSince(started)
                        FileHandle.standardError.write(Data("  \(count) events, \(Int(rate)) events/s\n".utf8))
                    }
                case .error(let error):
                    rejected += 1
                    if rejected <= 20 { FileHandle.standardError.write(Data("rejected: \(error)\n".utf8)) }
                }
            }
            while true {
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty { break }
                chunk.withUnsafeBytes { raw in parser.feed(raw.bindMemory(to: UInt8.self), sink) }
            }
            parser.finish(sink)
        }
        // Let time run to the last event so that time-driven changes up to it are emitted.
        if let last { recorder.record(engine.tick(last)) }
        return Result(recorder: recorder, engine: engine, events: count, rejected: rejected,
                      seconds: Date().timeIntervalSince(started), first: first, last: last)
    }
}

/// A replay failure naming the file.
struct ReplayError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
