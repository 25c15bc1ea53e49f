import Foundation
import Logging
import VedettaCore
import VedettaStore

/// Ingest from a spool folder: `<state-dir>/spool/incoming/*.{jsonl,ndjson,csv}` → store → `done/` or `failed/`.
///
/// Writers must create files under another name (`.tmp` or a dotfile) and rename them into place; as a second
/// guard a file is taken only once its modification time is `settleTime` old. A file is moved to `done/` only
/// after all its events are committed, so a crash at any point re-reads it, and idempotent ids store each event
/// once. A file with bad lines keeps its good lines and moves to `failed/` with `NAME.errors` beside it.
public final class SpoolDirectorySource: Sendable {
    /// The spool root (`<state-dir>/spool`).
    public let root: String
    /// `root/incoming`.
    public var incoming: String { root + "/incoming" }
    /// `root/done`.
    public var done: String { root + "/done" }
    /// `root/failed`.
    public var failed: String { root + "/failed" }

    let store: EventStore
    let sink: any EventSink
    let logger: Logger
    let batchSize: Int
    let settleTime: TimeInterval
    let chunkSize = 1 << 20
    let metrics: (any IngestMetrics)?
    /// How far after its arrival an event may be stamped.
    let arrival: ArrivalWindow
    /// The time a chunk arrives (the wall clock; a test's manual one).
    let wallClock: @Sendable () -> Timestamp

    /// A spool source writing to `store` and handing stored events to `sink`.
    /// Events stamped more than `arrival` after `wallClock`'s time when read are refused as line errors.
    public init(root: String, store: EventStore, sink: any EventSink, logger: Logger, batchSize: Int = 8192,
                settleTime: TimeInterval = 1.0, metrics: (any IngestMetrics)? = nil, arrival: ArrivalWindow = .standard,
                wallClock: @escaping @Sendable () -> Timestamp = { Timestamp.wallClock() }) throws {
        self.root = root
        self.arrival = arrival
        self.wallClock = wallClock
        self.store = store
        self.sink = sink
        self.logger = logger
        self.batchSize = batchSize
        self.settleTime = settleTime
        self.metrics = metrics
        for folder in [root + "/incoming", root + "/done", root + "/failed"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    /// Files ready to take now, oldest name first (writers name files by time, so this is arrival order).
    public func readyFiles(now: Date = Date()) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: incoming) else { return [] }
        return names.sorted().filter { name in
            guard !name.hasPrefix("."), !name.hasSuffix(".tmp"), EventStreamParser.Format(fileName: name) != nil else {
                return false
            }
            let path = incoming + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let modified = attributes[.modificationDate] as? Date
            else { return false }
            return now.timeIntervalSince(modified) >= settleTime
        }
    }

    /// Processes every ready file once. Returns the outcomes by file name.
    @discardableResult
    public func scanOnce() async -> [(String, IngestOutcome)] {
        var results: [(String, IngestOutcome)] = []
        for name in readyFiles() {
            if Task.isCancelled { break }
            if let outcome = await process(name: name) { results.append((name, outcome)) }
        }
        return results
    }

    /// Processes one file of `incoming/`; nil when it vanished or the store failed (it stays for a retry).
    public func process(name: String) async -> IngestOutcome? {
        let path = incoming + "/" + name
        guard let format = EventStreamParser.Format(fileName: name) else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var parser = EventStreamParser(format: format, source: name)
        var outcome = IngestOutcome()
        var pending: [TicketEvent] = []
        pending.reserveCapacity(batchSize)
        var errors: [EventParseError] = []
        do {
            while true {
                let chunk = try handle.read(upToCount: chunkSize) ?? Data()
                if chunk.isEmpty { break }
                let receivedAt = wallClock()
                chunk.withUnsafeBytes { raw in
                    parser.feed(raw.bindMemory(to: UInt8.self)) { item in
                        take(item, source: name, receivedAt: receivedAt, into: &pending, errors: &errors)
                    }
                }
                if pending.count >= batchSize {
                    try await commit(&pending, source: name, outcome: &outcome)
                }
            }
            let receivedAt = wallClock()
            parser.finish { item in take(item, source: name, receivedAt: receivedAt, into: &pending, errors: &errors) }
            try await commit(&pending, source: name, outcome: &outcome)
        } catch let error as StoreError {
            logger.error("spool file kept for retry: store failed", metadata: ["file": "\(name)", "error": "\(error)"])
            return nil
        } catch {
            logger.error("spool file kept for retry: read failed", metadata: ["file": "\(name)", "error": "\(error)"])
            return nil
        }
        outcome.errors = errors
        metrics?.rejected(source: "spool", count: errors.count)
        finish(name: name, errors: errors)
        logger.info("spool file ingested", metadata: [
            "file": "\(name)", "stored": "\(outcome.stored)", "duplicates": "\(outcome.duplicates)",
            "rejected": "\(errors.count)",
        ])
        return outcome
    }

    /// A parsed event goes to `pending` unless it is stamped too far after `receivedAt` (`ArrivalWindow`); errors
    /// go to `errors`.
    private func take(_ item: EventStreamParser.Item, source: String, receivedAt: Timestamp,
                      into pending: inout [TicketEvent], errors: inout [EventParseError]) {
        switch item {
        case .event(let event, let line):
            if let refused = arrival.check(event, receivedAt: receivedAt, source: source, line: line) {
                errors.append(refused)
            } else {
                pending.append(event)
            }
        case .error(let error): errors.append(error)
        }
    }

    private func commit(_ pending: inout [TicketEvent], source: String, outcome: inout IngestOutcome) async throws {
        guard !pending.isEmpty else { return }
        let started = ContinuousClock.now
        let result = try store.append(pending, source: "spool:" + source, receivedAt: Timestamp.wallClock())
        metrics?.storeLatency(ContinuousClock.now - started)
        metrics?.accepted(source: "spool", count: pending.count)
        outcome.stored += result.inserted.count
        outcome.duplicates += result.duplicates
        pending.removeAll(keepingCapacity: true)
        await sink.enqueue(result.inserted)
    }

    /// Moves a processed file to `done/`, or to `failed/` with its `.errors` report.
    private func finish(name: String, errors: [EventParseError]) {
        let source = incoming + "/" + name
        let folder = errors.isEmpty ? done : failed
        var target = folder + "/" + name
        if FileManager.default.fileExists(atPath: target) {
            target = folder + "/" + Timestamp.wallClock().compactUTC + "-" + name
        }
        if !errors.isEmpty {
            let report = errors.map(\.description).joined(separator: "\n") + "\n"
            let errorsPath = target + ".errors"
            do {
                try AtomicFile.write(Array(report.utf8), to: errorsPath)
            } catch {
                logger.error("could not write the errors report", metadata: ["file": "\(errorsPath)", "error": "\(error)"])
            }
        }
        do {
            try FileManager.default.moveItem(atPath: source, toPath: target)
            AtomicFile.syncDirectory(folder)
            AtomicFile.syncDirectory(incoming)
        } catch {
            logger.error("could not move a processed spool file", metadata: ["file": "\(name)", "error": "\(error)"])
        }
    }
}
