import GRDB
import VedettaCore

extension EventStore {
    /// Calls `body` with every event whose time is in `[from, to)`, in time order, decoding each stored body
    /// once with the event contract's own fast decoder (no `json_extract`, no intermediate strings).
    public func forEachEvent(from: Timestamp, to: Timestamp, _ body: (TicketEvent) throws -> Void) throws(StoreError) {
        do {
            try pool.read { db in
                let cursor = try Row.fetchCursor(db, sql: "SELECT seq, body FROM events WHERE at >= ? AND at < ? ORDER BY at, seq",
                                                 arguments: [from.milliseconds, to.milliseconds])
                while let row = try cursor.next() {
                    let seq: Int64 = row[0]
                    let result: Result<TicketEvent, EventParseError>? = try row.withUnsafeData(atIndex: 1) { data in
                        data?.withUnsafeBytes { raw in
                            EventDecoder.decodeJSON(raw.bindMemory(to: UInt8.self), source: "vedetta.db", line: Int(seq))
                        }
                    }
                    switch result {
                    case .success(let event)?: try body(event)
                    case .failure(let error)?:
                        throw StoreError(.corrupt, "stored event seq \(seq) does not decode: \(error)")
                    case nil:
                        throw StoreError(.corrupt, "stored event seq \(seq) has no body")
                    }
                }
            }
        } catch {
            throw EventStore.classify(error, doing: "read the events from \(from) to \(to)")
        }
    }

    /// Events and distinct opened tickets in `[from, to)` by type, counted in SQL (for trends, where the
    /// breakdown by dimension is not needed).
    public func eventTypeCounts(from: Timestamp, to: Timestamp) throws(StoreError) -> [String: Int] {
        do {
            return try pool.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT type, COUNT(*) AS n FROM events WHERE at >= ? AND at < ? GROUP BY type
                    """, arguments: [from.milliseconds, to.milliseconds]) {
                    counts[row["type"]] = row["n"]
                }
                return counts
            }
        } catch {
            throw EventStore.classify(error, doing: "count the events from \(from) to \(to)")
        }
    }

    /// Opened tickets in `[from, to)` by service (`json_extract` only on `opened` rows; `""` when absent).
    public func openedByService(from: Timestamp, to: Timestamp) throws(StoreError) -> [String: Int] {
        do {
            return try pool.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT COALESCE(json_extract(body, '$.service'), '') AS service, COUNT(DISTINCT ticket) AS n
                    FROM events WHERE at >= ? AND at < ? AND type = 'opened' GROUP BY 1
                    """, arguments: [from.milliseconds, to.milliseconds]) {
                    counts[row["service"]] = row["n"]
                }
                return counts
            }
        } catch {
            throw EventStore.classify(error, doing: "count opened tickets by service from \(from) to \(to)")
        }
    }

    /// Tickets assigned to each cluster in `[from, to)` (assignment time), from `assignments`.
    public func clusterTicketCounts(from: Timestamp, to: Timestamp) throws(StoreError) -> [String: Int] {
        do {
            return try pool.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT cluster, COUNT(*) AS n FROM assignments WHERE at >= ? AND at < ? GROUP BY cluster
                    """, arguments: [from.milliseconds, to.milliseconds]) {
                    counts[row["cluster"]] = row["n"]
                }
                return counts
            }
        } catch {
            throw EventStore.classify(error, doing: "count cluster tickets from \(from) to \(to)")
        }
    }

    /// The earliest stored event time, or nil when the store is empty.
    public func firstEventTime() throws(StoreError) -> Timestamp? {
        do {
            return try pool.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(at) FROM events") }
                .map { Timestamp(milliseconds: $0) }
        } catch {
            throw EventStore.classify(error, doing: "read the first event time")
        }
    }
}

extension EventStore {
    /// Incidents whose first alert is in `[from, to)`.
    public func incidentsOpened(from: Timestamp, to: Timestamp) throws(StoreError) -> Int {
        do {
            return try pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incidents WHERE opened_at >= ? AND opened_at < ?",
                                 arguments: [from.milliseconds, to.milliseconds]) ?? 0
            }
        } catch {
            throw EventStore.classify(error, doing: "count incidents opened from \(from) to \(to)")
        }
    }
}
