import Foundation
import VedettaCore

/// Reads, parses and prepares (normalises) the events of a replay on a thread of its own, handing them to the
/// engine's thread in batches: the engine is the serial part of a replay, so everything stateless runs beside
/// it. Batches keep file and line order; at most `depth` wait, so memory stays bounded when the engine is the
/// slower side. A file that cannot be read ends the feed with its error after the batches before it.
final class PreparedEventFeed: @unchecked Sendable {
    private let files: [String]
    private let catalogue: ServiceCatalogue?
    private let batchSize: Int
    private let depth: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [[Engine.PreparedEvent]] = []
    private var head = 0
    private var done = false
    private var failure: (any Error)?
    private var rejectedCount = 0

    /// A feed over `files`, replayed in the order given; starts reading at once. With `catalogue` (that of the
    /// engine's rules) the services of events naming none are inferred here too.
    init(files: [String], catalogue: ServiceCatalogue? = nil, batchSize: Int = 2048, depth: Int = 8) {
        self.files = files
        self.catalogue = catalogue
        self.batchSize = batchSize
        self.depth = depth
        let thread = Thread { [self] in produce() }
        thread.name = "vedetta.replay.feed"
        thread.start()
    }

    /// Lines rejected so far (final once `next()` returned nil).
    var rejected: Int {
        condition.lock()
        defer { condition.unlock() }
        return rejectedCount
    }

    /// The next batch, waiting for it; nil at the end of the last file; throws a file's error.
    func next() throws -> [Engine.PreparedEvent]? {
        condition.lock()
        defer { condition.unlock() }
        while head == ready.count, !done { condition.wait() }
        if head < ready.count {
            let batch = ready[head]
            ready[head] = []
            head += 1
            if head == ready.count {
                ready.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    private func push(_ batch: [Engine.PreparedEvent]) {
        condition.lock()
        while ready.count - head >= depth { condition.wait() }
        ready.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        failure = error
        done = true
        condition.broadcast()
        condition.unlock()
    }

    private func reject(_ error: EventParseError) {
        condition.lock()
        rejectedCount += 1
        let count = rejectedCount
        condition.unlock()
        if count <= 20 { FileHandle.standardError.write(Data("rejected: \(error)\n".utf8)) }
    }

    private func produce() {
        var batch: [Engine.PreparedEvent] = []
        batch.reserveCapacity(batchSize)
        do {
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
                        batch.append(self.catalogue.map { Engine.prepare(event, inferringWith: $0) } ?? Engine.prepare(event))
                        if batch.count >= self.batchSize {
                            self.push(batch)
                            batch = []
                            batch.reserveCapacity(self.batchSize)
                        }
                    case .error(let error):
                        self.reject(error)
                    }
                }
                while true {
                    let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                    if chunk.isEmpty { break }
                    chunk.withUnsafeBytes { raw in parser.feed(raw.bindMemory(to: UInt8.self), sink) }
                }
                parser.finish(sink)
            }
            if !batch.isEmpty { push(batch) }
            finish(nil)
        } catch {
            if !batch.isEmpty { push(batch) }
            finish(error)
        }
    }
}
