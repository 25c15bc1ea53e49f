import Foundation
import GRDB
import VedettaCore

extension ClusterRecord {
    /// Inserts or replaces `records` in `clusters`, inside the caller's transaction (the engine integration
    /// writes them together with the assignments of the same batch).
    public static func upsert(_ records: [ClusterRecord], in db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let statement = try db.cachedStatement(sql: """
            INSERT INTO clusters (id, label, service, tickets, requesters, first_seen, last_seen, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET label = excluded.label, service = excluded.service,
                tickets = excluded.tickets, requesters = excluded.requesters, first_seen = excluded.first_seen,
                last_seen = excluded.last_seen, body = excluded.body
            """)
        for record in records {
            let body = String(decoding: try encoder.encode(record), as: UTF8.self)
            try statement.execute(arguments: [record.id, record.label, record.service, record.tickets,
                                              record.requesters, record.firstSeen.milliseconds,
                                              record.lastSeen.milliseconds, body])
        }
    }

    /// Decodes a `clusters.body`; a row that does not decode names its id.
    static func decode(body: String, id: String) throws(StoreError) -> ClusterRecord {
        do {
            return try JSONDecoder().decode(ClusterRecord.self, from: Data(body.utf8))
        } catch {
            throw StoreError(.corrupt, "cluster \(id) in vedetta.db does not decode: \(error)")
        }
    }
}

extension EventStore {
    /// Inserts or replaces cluster records in one transaction.
    public func upsertClusters(_ records: [ClusterRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        do {
            try pool.write { db in try ClusterRecord.upsert(records, in: db) }
        } catch {
            throw EventStore.classify(error, doing: "record \(records.count) clusters")
        }
    }

    /// The cluster `id`, or nil.
    public func cluster(id: String) throws(StoreError) -> ClusterRecord? {
        let body: String?
        do {
            body = try pool.read { db in try String.fetchOne(db, sql: "SELECT body FROM clusters WHERE id = ?", arguments: [id]) }
        } catch {
            throw EventStore.classify(error, doing: "read cluster \(id)")
        }
        guard let body else { return nil }
        return try ClusterRecord.decode(body: body, id: id)
    }

    /// Clusters seen in `[from, to)` (last seen at or after `from`, first seen before `to`), most tickets first,
    /// then id; at most `limit`.
    public func clusters(from: Timestamp, to: Timestamp, limit: Int = 100) throws(StoreError) -> [ClusterRecord] {
        let rows: [Row]
        do {
            rows = try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, body FROM clusters WHERE last_seen >= ? AND first_seen < ?
                    ORDER BY tickets DESC, id LIMIT ?
                    """, arguments: [from.milliseconds, to.milliseconds, limit])
            }
        } catch {
            throw EventStore.classify(error, doing: "read clusters")
        }
        return try rows.map { row throws(StoreError) in try ClusterRecord.decode(body: row["body"], id: row["id"]) }
    }

    /// The clusters with `ids` that exist, in the order of `ids`.
    public func clusters(ids: [String]) throws(StoreError) -> [ClusterRecord] {
        var result: [ClusterRecord] = []
        for id in ids { if let record = try cluster(id: id) { result.append(record) } }
        return result
    }
}
