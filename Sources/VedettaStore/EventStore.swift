import GRDB
import Logging
import VedettaCore

/// The SQLite store: `<state-dir>/vedetta.db` in WAL mode. Events are an append-only log keyed by id (a resent
/// event is stored once) and numbered by `seq`; the engine consumes them in `seq` order and checkpoints name
/// the last `seq` they include.
public final class EventStore: Sendable {
    /// The database file path.
    public let path: String
    /// The connection pool (one writer, concurrent readers), for sibling stores such as the outbox.
    public let pool: DatabasePool

    /// How commits reach the disk.
    public enum Durability: Sendable {
        /// `synchronous = FULL`: a commit is on disk before it returns (the daemon).
        case full
        /// `synchronous = OFF`: for a throwaway store rebuilt from its inputs on every run (`vedetta replay`),
        /// where a crash loses nothing that the next run would not write again.
        case scratch
    }

    /// Opens (creating if needed) the store at `<directory>/vedetta.db` and runs pending migrations.
    public init(directory: String, readOnly: Bool = false, durability: Durability = .full) throws(StoreError) {
        self.path = directory.hasSuffix("/") ? directory + "vedetta.db" : directory + "/vedetta.db"
        var configuration = Configuration()
        configuration.readonly = readOnly
        // Another process holding the write lock (a backup, an admin's sqlite3 shell) gets 5 s before we fail
        // with a clear "locked" error instead of SQLITE_BUSY at once.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            if !db.configuration.readonly {
                // FULL: a commit is on disk before we acknowledge, so an acknowledged event survives power loss,
                // not only kill -9. Ingest batches commits, so the fsync cost is shared by many events.
                try db.execute(sql: durability == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly { try StoreSchema.migrator.migrate(pool) }
        } catch {
            throw EventStore.classify(error, doing: "open \(path)")
        }
    }

    /// Result of an append.
    public struct AppendResult: Sendable {
        /// Newly stored events with their log position, in input order.
        public var inserted: [(seq: Int64, event: TicketEvent)]
        /// Events whose id was already stored (accepted, not stored again).
        public var duplicates: Int
    }

    /// Appends events in one transaction; duplicates by id are skipped. Returns only after the commit is durable.
    public func append(_ events: [TicketEvent], source: String, receivedAt: Timestamp) throws(StoreError) -> AppendResult {
        do {
            return try pool.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO events (id, ticket, type, at, source, received_at, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
                var inserted: [(Int64, TicketEvent)] = []
                inserted.reserveCapacity(events.count)
                var duplicates = 0
                for event in events {
                    try statement.execute(arguments: [
                        event.id, event.ticket, event.type.rawValue, event.at.milliseconds, source,
                        receivedAt.milliseconds, event.jsonLine,
                    ])
                    if db.changesCount == 1 {
                        inserted.append((db.lastInsertedRowID, event))
                    } else {
                        duplicates += 1
                    }
                }
                return AppendResult(inserted: inserted, duplicates: duplicates)
            }
        } catch {
            throw EventStore.classify(error, doing: "append \(events.count) events from \(source)")
        }
    }

    /// Events with `seq > after`, in seq order, at most `limit`.
    public func events(after: Int64, limit: Int) throws(StoreError) -> [(seq: Int64, event: TicketEvent)] {
        do {
            let rows = try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                                 arguments: [after, limit])
            }
            return try rows.map { row throws(StoreError) in
                let seq: Int64 = row["seq"]
                let body: String = row["body"]
                return (seq, try EventStore.decode(body, seq: seq))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw EventStore.classify(error, doing: "read events after \(after)")
        }
    }

    /// Number of stored events.
    public func count() throws(StoreError) -> Int {
        do {
            return try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
        } catch {
            throw EventStore.classify(error, doing: "count events")
        }
    }

    /// Highest stored seq (0 when empty).
    public func lastSeq() throws(StoreError) -> Int64 {
        do {
            return try pool.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0 }
        } catch {
            throw EventStore.classify(error, doing: "read the last event position")
        }
    }

    /// Size of the database file and its WAL, in bytes.
    public func sizeOnDisk() -> Int64 {
        do {
            return try pool.read { db in
                let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                return pages * size
            }
        } catch {
            return 0
        }
    }

    static func decode(_ body: String, seq: Int64) throws(StoreError) -> TicketEvent {
        var bytes = Array(body.utf8)
        let result = bytes.withUnsafeMutableBufferPointer {
            EventDecoder.decodeJSON(UnsafeBufferPointer($0), source: "vedetta.db", line: Int(seq))
        }
        switch result {
        case .success(let event): return event
        case .failure(let error): throw StoreError(.corrupt, "stored event seq \(seq) does not decode: \(error)")
        }
    }

    /// Maps SQLite failures to the store's error codes with a sentence naming what was being done.
    static func classify(_ error: any Error, doing what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let db = error as? DatabaseError {
            let detail = db.message ?? "\(db)"
            switch db.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return StoreError(.locked, "could not \(what): the database is locked by another process (\(detail))")
            case .SQLITE_READONLY:
                return StoreError(.readOnly, "could not \(what): the database or its folder is read-only (\(detail))")
            case .SQLITE_FULL:
                return StoreError(.diskFull, "could not \(what): the disk is full (\(detail))")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return StoreError(.corrupt, "could not \(what): the database file is corrupt (\(detail))")
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
                return StoreError(.openFailed, "could not \(what): cannot open the database (\(detail))")
            case .SQLITE_IOERR:
                return StoreError(.writeFailed, "could not \(what): I/O error (\(detail))")
            default:
                return StoreError(.writeFailed, "could not \(what): \(detail)")
            }
        }
        return StoreError(.writeFailed, "could not \(what): \(error)")
    }
}
