import Foundation
import Logging
import VedettaCore
import VedettaNotify
import VedettaReports
import VedettaStore

/// Streams event files through one engine and records its actions (the replay half of `vedetta replay` and
/// of `vedetta demo`).
struct Replayer {
    let rules: RuleSet
    var verbose = false
    /// When set, incident changes (and, with `storeEvents`, events and assignments) are also written to this
    /// store (the daemon's schema), so that alert files and reports come from the very code the daemon runs.
    var store: EventStore?
    /// Whether the store also takes every event and assignment (what a report reads); alert files need only
    /// the incident changes.
    var storeEvents = true

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

        /// Alert files (through the outbox and the file notifier, exactly as the daemon delivers them) and the
        /// report of the whole replayed period.
        func writeAlertsAndReport(store: EventStore, to out: String, rules: RuleSet, report: Bool = true) async throws {
            guard let first, let last else { return }
            var logger = Logger(label: "vedetta.replay")
            logger.logLevel = .warning
            let loop = NotifierLoop(
                outbox: Outbox(store: store),
                files: FileNotifier(alertsRoot: out + "/alerts", renderer: try AlertRenderer()), mail: nil,
                rules: { rules }, logger: logger)
            while true {
                let round = await loop.runOnce(now: last.adding(.days(1)))
                if round.outcomes.isEmpty || round.storeError != nil { break }
            }
            guard report else { return }
            let period = ReportPeriod(kind: .custom, from: first, to: last.adding(.seconds(1)))
            let data = try ReportBuilder(store: store, rules: rules).build(period)
            for (format, name) in [(ReportFormat.html, "report.html"), (.csv, "report.csv"), (ReportFormat.md, "report.md")] {
                try AtomicFile.write(Array(try format.render(data, language: .italian).utf8), to: out + "/" + name)
            }
        }
    }

    func replay(files: [String]) throws -> Result {
        var engine = Engine(rules: rules)
        var count = 0
        var first: Timestamp?
        var last: Timestamp?
        let started = Date()
        var pendingEvents: [TicketEvent] = []
        var pendingActions: [Action] = []
        let writer = store.map { ReplayStoreWriter(store: $0) }
        // Out of line: inside the engine's batch loop, copying the event to store it was hoisted out of its branch
        // (the whole event copied, then destroyed, for each one even without a store).
        @inline(never) func keep(_ prepared: Engine.PreparedEvent) { pendingEvents.append(prepared.event) }
        func flush(now: Timestamp?) {
            guard let writer, let now else { return }
            writer.submit(events: pendingEvents, actions: pendingActions, now: now)
            pendingEvents.removeAll(keepingCapacity: true)
            pendingActions.removeAll(keepingCapacity: true)
        }
        // Threads: the feed reads, normalises and infers services, this one runs the engine, the writer fills the
        // store, the recorder collects incidents and assignments.
        let feed = PreparedEventFeed(files: files, catalogue: rules.catalogue)
        // The recorder runs on a queue of its own (in order): the engine's thread only collects each batch's actions.
        let recording = DispatchQueue(label: "vedetta.replay.recorder")
        let recorder = RecorderBox()
        var batchActions: [Action] = []
        while var batch = try feed.next() {
            // The engine walks the batch itself, without copying its events.
            engine.ingest(&batch) { prepared, actions in
                let at = prepared.event.at
                batchActions += actions
                if store != nil {
                    if storeEvents {
                        keep(prepared)
                        pendingActions += actions
                    } else {
                        for case .incident(let change) in actions { pendingActions.append(.incident(change)) }
                    }
                }
                count += 1
                if first == nil || at < first! { first = at }
                if last == nil || at > last! { last = at }
                if verbose, count % 100_000 == 0 {
                    let rate = Double(count) / Date().timeIntervalSince(started)
                    FileHandle.standardError.write(Data("  \(count) events, \(Int(rate)) events/s\n".utf8))
                }
            }
            if pendingEvents.count >= 8192 || pendingActions.count >= 8192 { flush(now: batch.last?.event.at) }
            let recorded = batchActions
            batchActions = []
            // The batch goes with them: its texts and tokens are freed there, not on the engine's thread. Emptied by
            // the recorder's block itself: captured by it, the batch went with the block's context, whose last
            // reference was often this thread's (the block having run by the time `async` returned).
            let holder = BatchHolder(batch)
            batch = []
            recording.async {
                recorder.value.record(recorded)
                holder.batch = []
            }
        }
        // Let time run to the last event so that time-driven changes up to it are emitted.
        if let last {
            let actions = engine.tick(last)
            recording.async { recorder.value.record(actions) }
            pendingActions += actions
        }
        flush(now: last)
        try writer?.finish()
        try store?.upsertClusters(engine.drainTouchedClusters().map(ClusterRecord.init))
        return Result(recorder: recording.sync { recorder.value }, engine: engine, events: count, rejected: feed.rejected,
                      seconds: Date().timeIntervalSince(started), first: first, last: last)
    }
}

/// A batch of prepared events handed to the recording queue, which empties it (so that it is freed there).
private final class BatchHolder: @unchecked Sendable {
    var batch: [Engine.PreparedEvent]
    init(_ batch: [Engine.PreparedEvent]) { self.batch = batch }
}

/// The replay's recorder, touched only on its recording queue.
private final class RecorderBox: @unchecked Sendable {
    var value = ReplayRecorder()
}

/// A replay failure naming the file.
struct ReplayError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
