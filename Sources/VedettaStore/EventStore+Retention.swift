import GRDB
import VedettaCore

extension EventStore {
    /// Rows one `prune` deleted, per table.
    public struct PruneCounts: Sendable, Equatable, CustomStringConvertible {
        /// Events (ticket texts, pseudonymous requesters).
        public var events = 0
        /// Ticket → cluster assignments.
        public var assignments = 0
        /// Resolved incidents, with their revisions, ticket links and operators' marks.
        public var incidents = 0
        /// Revisions of those incidents.
        public var revisions = 0
        /// Delivered or dead-lettered outbox rows of those incidents (payloads with quoted texts).
        public var outbox = 0
        /// Clusters last seen before the horizon (the web view's copy).
        public var clusters = 0

        public init() {}

        /// Rows deleted per table, named as in `/metrics` (`vedetta_retention_deleted_total{what}`).
        public var byTable: [(what: String, count: Int)] {
            [("events", events), ("assignments", assignments), ("incidents", incidents), ("revisions", revisions),
             ("outbox", outbox), ("clusters", clusters)]
        }

        /// Rows deleted in all.
        public var total: Int { byTable.reduce(0) { $0 + $1.count } }

        /// Whether nothing was deleted.
        public var isEmpty: Bool { total == 0 }

        public var description: String {
            "events \(events), assignments \(assignments), incidents \(incidents) (revisions \(revisions), "
                + "outbox rows \(outbox)), clusters \(clusters)"
        }
    }

    /// Deletes what the store holds about the time before `horizon`: events older than it that the engine state
    /// of a checkpoint already includes (`seq <= eventsThrough`), assignments and clusters last touched before it,
    /// and incidents resolved before it with everything that belongs to them (revisions, ticket links, marks,
    /// outbox rows). An incident that is still open, or whose mail is still pending, is kept whole.
    ///
    /// Deletes in transactions of at most `batch` rows, so that ingest, which shares the one writer, waits for
    /// one small transaction at a time and not for the whole cut. A transaction's cost is mostly the leaf pages of
    /// the random-keyed indexes (event ids, tickets) it rewrites: on half of a 1,000,000-event month
    /// (`vedetta-bench prune`) batches of 1,000 kept an append waiting 93 ms at the median, batches of 5,000 took
    /// 30% less in all but kept it waiting 340 ms. Freed pages are reused by later inserts; the file shrinks only
    /// with an offline `VACUUM`.
    ///
    /// Events past `eventsThrough` stay whatever their time: until a checkpoint includes them, the log is the
    /// only record of them. A later rebuild (an unusable checkpoint) starts from the first event kept.
    public func prune(
        before horizon: Timestamp, eventsThrough: Int64, batch: Int = 1000
    ) throws(StoreError) -> PruneCounts {
        let cut = horizon.milliseconds
        var counts = PruneCounts()
        do {
            counts.events = try deleteInBatches(batch, sql: """
                DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE at < ? AND seq <= ? LIMIT ?)
                """, arguments: [cut, eventsThrough])
            counts.assignments = try deleteInBatches(batch, sql: """
                DELETE FROM assignments WHERE ticket IN (SELECT ticket FROM assignments WHERE at < ? LIMIT ?)
                """, arguments: [cut])
            counts.clusters = try deleteInBatches(batch, sql: """
                DELETE FROM clusters WHERE id IN (SELECT id FROM clusters WHERE last_seen < ? LIMIT ?)
                """, arguments: [cut])
            while true {
                let step = try pruneIncidents(before: cut, limit: batch)
                counts.incidents += step.incidents
                counts.revisions += step.revisions
                counts.outbox += step.outbox
                if step.incidents < batch { break }
            }
        } catch {
            throw EventStore.classify(error, doing: "prune what the store holds before \(horizon)")
        }
        return counts
    }

    /// Runs `sql` (whose last argument is the batch size) until it deletes fewer rows than a batch; returns the total.
    private func deleteInBatches(_ batch: Int, sql: String, arguments: StatementArguments) throws -> Int {
        var total = 0
        while true {
            let deleted = try pool.write { db in
                try db.execute(sql: sql, arguments: arguments + [batch])
                return db.changesCount
            }
            total += deleted
            if deleted < batch { return total }
        }
    }

    /// Deletes up to `limit` incidents resolved before `cut` that have no pending outbox row, with what belongs
    /// to them, in one transaction.
    private func pruneIncidents(before cut: Int64, limit: Int) throws -> PruneCounts {
        try pool.write { db in
            var counts = PruneCounts()
            let ids = try String.fetchAll(db, sql: """
                SELECT id FROM incidents AS i
                WHERE state = 'resolved' AND COALESCE(resolved_at, updated_at) < ?
                  AND NOT EXISTS (SELECT 1 FROM outbox WHERE incident = i.id AND state = 'pending')
                LIMIT ?
                """, arguments: [cut, limit])
            for id in ids {
                try db.execute(sql: "DELETE FROM incident_revisions WHERE id = ?", arguments: [id])
                counts.revisions += db.changesCount
                try db.execute(sql: "DELETE FROM outbox WHERE incident = ?", arguments: [id])
                counts.outbox += db.changesCount
                try db.execute(sql: "DELETE FROM incident_tickets WHERE incident = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM incident_marks WHERE incident = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM incidents WHERE id = ?", arguments: [id])
                counts.incidents += db.changesCount
            }
            return counts
        }
    }
}
