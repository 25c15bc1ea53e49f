import ArgumentParser
import Foundation
import Synchronization
import VedettaCore
import VedettaReports
import VedettaStore

/// `vedetta-bench prune`: the retention pass over the report bench's month (1,000,000 events, incidents, outbox
/// rows, clusters, assignments), cut at mid-month, on a copy of the store whose log is in time order and whose
/// alerts were delivered (as a live one's), while a writer appends one event every 5 ms as ingest would. Prints
/// rows deleted per second and what ingest waited (append latency p50/p99/max).
struct PruneBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Time a retention pass.")

    @OptionGroup var generated: GeneratedMonth

    @Option(help: "Rows per delete transaction.")
    var batch: Int = 1000

    func run() throws {
        let source = try generated.prepare()
        let copy = generated.dir + "-prune"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        try source.pool.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [copy + "/vedetta.db"])
        }
        let store = try EventStore(directory: copy)
        // As a live log is: seq in time order (the generator draws each ticket's time at random), and every
        // alert delivered.
        try store.pool.write { db in
            try db.execute(sql: """
                CREATE TEMP TABLE drawn AS SELECT id, ticket, type, at, source, received_at, body FROM events;
                DELETE FROM events;
                INSERT INTO events (id, ticket, type, at, source, received_at, body)
                    SELECT id, ticket, type, at, source, received_at, body FROM drawn ORDER BY at, id;
                DROP TABLE drawn;
                UPDATE outbox SET state = 'delivered', delivered_at = created_at;
                """)
        }
        let before = try store.count()
        let month = GeneratedMonth.month
        let horizon = month.from.adding(.days(15))

        let done = Atomic(false)
        let latencies = Mutex<[Duration]>([])
        let writer = Thread {
            var n = 0
            while !done.load(ordering: .relaxed) {
                let event = TicketEvent(id: "W-\(n)", ticket: "W-\(n)", type: .opened, at: month.to, text: "nuovo")
                let started = ContinuousClock.now
                _ = try? store.append([event], source: "bench", receivedAt: month.to)
                latencies.withLock { $0.append(ContinuousClock.now - started) }
                n += 1
                usleep(5000)
            }
        }
        writer.start()
        let started = ContinuousClock.now
        let counts = try store.prune(before: horizon, eventsThrough: .max, batch: batch)
        let elapsed = ContinuousClock.now - started
        done.store(true, ordering: .relaxed)
        usleep(20_000)

        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rows = counts.total
        print("store: \(before) events; pruned before \(horizon): \(counts)")
        print(String(format: "prune: %.2f s, %.0f rows/s (batch %d)", seconds, Double(rows) / max(seconds, 1e-9),
                     batch))
        let sorted = latencies.withLock { $0 }.sorted()
        if !sorted.isEmpty {
            func ms(_ d: Duration) -> Double {
                Double(d.components.attoseconds) * 1e-15 + Double(d.components.seconds) * 1e3
            }
            print(String(format: "ingest during the pass: %d one-event appends, latency p50 %.1f ms, p99 %.1f ms, "
                         + "max %.1f ms", sorted.count, ms(sorted[sorted.count / 2]),
                         ms(sorted[sorted.count * 99 / 100]), ms(sorted.last!)))
        }
        try? FileManager.default.removeItem(atPath: copy)
    }
}
