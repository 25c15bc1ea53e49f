import Foundation
import GRDB
import VedettaCore

/// The delivery side of the outbox table: which rows are due, and what became of each attempt.
///
/// Rows are written by `ActionWriter` in the engine's transaction; this type only moves them between states, so
/// it is safe beside a writing engine (SQLite serialises the writes; every update checks `state = 'pending'`, so
/// a late result never resurrects a delivered or dead row). Time is always passed in (`now`), never read.
public struct Outbox: Sendable {
    /// The store holding the table.
    public let store: EventStore

    /// The outbox of `store`.
    public init(store: EventStore) {
        self.store = store
    }

    static let columns = """
        key, channel, office, incident, revision, created_at, state, attempts, next_attempt_at, last_error,
        delivered_at, payload
        """

    /// Pending rows whose next attempt is due at `now`, oldest first (created_at, then key), at most `limit`.
    public func due(now: Timestamp, limit: Int) throws(StoreError) -> [OutboxRow] {
        try fetch("list the outbox rows due at \(now)", sql: """
            SELECT \(Self.columns) FROM outbox
            WHERE state = 'pending' AND next_attempt_at <= ?
            ORDER BY created_at, key LIMIT ?
            """, arguments: [now.milliseconds, limit])
    }

    /// Marks `key` delivered at `at`; a row that is not pending is left as it is.
    @discardableResult
    public func markDelivered(key: String, at: Timestamp) throws(StoreError) -> Bool {
        try update("mark outbox row \(key) delivered") { db in
            try db.execute(sql: """
                UPDATE outbox SET state = 'delivered', delivered_at = ?, last_error = NULL
                WHERE key = ? AND state = 'pending'
                """, arguments: [at.milliseconds, key])
            return db.changesCount == 1
        }
    }

    /// Records a failed attempt: a transient error is retried after the policy's backoff until `maxAttempts`
    /// failures, then dead-lettered; a permanent error dead-letters the row at once.
    @discardableResult
    public func markFailed(
        key: String, error: String, transient: Bool, now: Timestamp, policy: OutboxRetryPolicy
    ) throws(StoreError) -> OutboxFailure {
        try update("record a failed delivery of outbox row \(key)") { db in
            try Self.markFailed(key: key, error: error, transient: transient, now: now, policy: policy, in: db)
        }
    }

    static func markFailed(
        key: String, error: String, transient: Bool, now: Timestamp, policy: OutboxRetryPolicy, in db: Database
    ) throws -> OutboxFailure {
        guard let attempts = try Int.fetchOne(
            db, sql: "SELECT attempts FROM outbox WHERE key = ? AND state = 'pending'", arguments: [key])
        else { return .notPending }
        let count = attempts + 1
        if !transient || count >= policy.maxAttempts {
            try db.execute(sql: """
                UPDATE outbox SET state = 'dead', attempts = ?, last_error = ? WHERE key = ?
                """, arguments: [count, error, key])
            return .dead(attempts: count)
        }
        let next = now.adding(policy.delay(afterAttempts: count))
        try db.execute(sql: """
            UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE key = ?
            """, arguments: [count, next.milliseconds, error, key])
        return .retry(attempts: count, nextAttemptAt: next)
    }

    /// Rows by state and channel, sorted by state then channel.
    public func counts() throws(StoreError) -> [OutboxCount] {
        do {
            let rows = try store.pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT state, channel, COUNT(*) AS n FROM outbox GROUP BY state, channel ORDER BY state, channel
                    """)
            }
            return rows.compactMap { row in
                guard let state = OutboxState(rawValue: row["state"]) else { return nil }
                return OutboxCount(state: state, channel: row["channel"], count: row["n"])
            }
        } catch {
            throw EventStore.classify(error, doing: "count the outbox rows")
        }
    }

    /// Dead-lettered rows, oldest first, at most `limit`.
    public func deadLetters(limit: Int) throws(StoreError) -> [OutboxRow] {
        try fetch("list the dead letters of the outbox", sql: """
            SELECT \(Self.columns) FROM outbox WHERE state = 'dead' ORDER BY created_at, key LIMIT ?
            """, arguments: [limit])
    }

    /// Pending rows of `office` (optionally of one channel), oldest first, due or not: what a digest would list.
    public func pendingFor(office: String, channel: OutboxChannel? = nil) throws(StoreError) -> [OutboxRow] {
        if let channel {
            return try fetch("list the pending outbox rows of office \(office)", sql: """
                SELECT \(Self.columns) FROM outbox WHERE state = 'pending' AND office = ? AND channel = ?
                ORDER BY created_at, key
                """, arguments: [office, channel.rawValue])
        }
        return try fetch("list the pending outbox rows of office \(office)", sql: """
            SELECT \(Self.columns) FROM outbox WHERE state = 'pending' AND office = ? ORDER BY created_at, key
            """, arguments: [office])
    }

    /// The row with `key`, if any.
    public func row(key: String) throws(StoreError) -> OutboxRow? {
        try fetch("read outbox row \(key)", sql: "SELECT \(Self.columns) FROM outbox WHERE key = ?",
                  arguments: [key]).first
    }

    /// Mails actually sent to `office` after `since` (exclusive: a mail sent exactly
    /// one window ago has left it): single mails plus digests (the rows a digest combined
    /// count once, as the digest).
    public func mailsSent(office: String, since: Timestamp) throws(StoreError) -> Int {
        do {
            return try store.pool.read { db in
                let mails = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM outbox
                    WHERE office = ? AND channel = 'mail' AND state = 'delivered' AND delivered_at > ?
                    """, arguments: [office, since.milliseconds]) ?? 0
                let digests = try String.fetchAll(db, sql: """
                    SELECT payload FROM outbox
                    WHERE office = ? AND channel = 'digest' AND state = 'delivered' AND delivered_at > ?
                    """, arguments: [office, since.milliseconds])
                var combined = 0
                let decoder = JSONDecoder()
                for payload in digests {
                    combined += (try? decoder.decode(OutboxDigest.self, from: Data(payload.utf8)))?.keys.count ?? 0
                }
                return max(0, mails - combined) + digests.count
            }
        } catch {
            throw EventStore.classify(error, doing: "count the mails sent to office \(office)")
        }
    }

    /// Records a digest mail that was sent: one delivered `digest` row with key `key`, and every combined row
    /// marked delivered at `at`, in one transaction. Returns the number of rows it marked (rows already
    /// delivered by a concurrent attempt are left alone). Recording the same digest twice changes nothing.
    @discardableResult
    public func recordDigest(key: String, office: String, combining keys: [String], at: Timestamp) throws(StoreError) -> Int {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let payload = String(decoding: try encoder.encode(OutboxDigest(office: office, keys: keys)), as: UTF8.self)
            return try store.pool.write { db in
                try db.execute(sql: """
                    INSERT OR IGNORE INTO outbox (key, channel, office, incident, revision, created_at, state,
                                                  attempts, next_attempt_at, delivered_at, payload)
                    VALUES (?, 'digest', ?, 'digest', 0, ?, 'delivered', 0, ?, ?, ?)
                    """, arguments: [key, office, at.milliseconds, at.milliseconds, at.milliseconds, payload])
                var marked = 0
                let statement = try db.cachedStatement(sql: """
                    UPDATE outbox SET state = 'delivered', delivered_at = ?, last_error = NULL, digest = ?
                    WHERE key = ? AND state = 'pending'
                    """)
                for combined in keys {
                    try statement.execute(arguments: [at.milliseconds, key, combined])
                    marked += db.changesCount
                }
                return marked
            }
        } catch {
            throw EventStore.classify(error, doing: "record digest \(key) of office \(office)")
        }
    }

    private func update<T>(_ what: String, _ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try store.pool.write { db in try body(db) }
        } catch {
            throw EventStore.classify(error, doing: what)
        }
    }

    private func fetch(_ what: String, sql: String, arguments: StatementArguments) throws(StoreError) -> [OutboxRow] {
        do {
            let rows = try store.pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
            return try rows.map { row in
                let stateText: String = row["state"]
                guard let state = OutboxState(rawValue: stateText) else {
                    throw StoreError(.corrupt, "outbox row \(row["key"] as String) has the unknown state \(stateText)")
                }
                return OutboxRow(
                    key: row["key"], channel: row["channel"], office: row["office"], incident: row["incident"],
                    revision: row["revision"], createdAt: Timestamp(milliseconds: row["created_at"]), state: state,
                    attempts: row["attempts"], nextAttemptAt: Timestamp(milliseconds: row["next_attempt_at"]),
                    lastError: row["last_error"],
                    deliveredAt: (row["delivered_at"] as Int64?).map(Timestamp.init(milliseconds:)),
                    payload: row["payload"])
            }
        } catch {
            throw EventStore.classify(error, doing: what)
        }
    }
}
