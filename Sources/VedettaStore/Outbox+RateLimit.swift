import GRDB
import VedettaCore

extension Outbox {
    /// The earliest delivery time among the mails and digests sent to `office` after `since`: when that
    /// mail leaves the window, a slot frees.
    public func oldestMail(office: String, since: Timestamp) throws(StoreError) -> Timestamp? {
        do {
            return try store.pool.read { db in
                try Int64.fetchOne(db, sql: """
                    SELECT MIN(delivered_at) FROM outbox
                    WHERE office = ? AND channel IN ('mail', 'digest') AND state = 'delivered' AND delivered_at > ?
                    """, arguments: [office, since.milliseconds])
            }.map(Timestamp.init(milliseconds:))
        } catch {
            throw EventStore.classify(error, doing: "find the oldest mail sent to office \(office)")
        }
    }

    /// Moves the next attempt of pending rows `keys` to `until` without counting a failure (a rate limit, not an
    /// error, held them back).
    public func postpone(keys: [String], until: Timestamp) throws(StoreError) {
        guard !keys.isEmpty else { return }
        do {
            try store.pool.write { db in
                let statement = try db.cachedStatement(sql: """
                    UPDATE outbox SET next_attempt_at = ? WHERE key = ? AND state = 'pending'
                    """)
                for key in keys { try statement.execute(arguments: [until.milliseconds, key]) }
            }
        } catch {
            throw EventStore.classify(error, doing: "postpone \(keys.count) outbox rows")
        }
    }
}
