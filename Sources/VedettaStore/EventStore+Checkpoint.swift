import Foundation
import GRDB
import VedettaCore

extension EventStore {
    /// A stored engine checkpoint: the state after consuming every event up to `seq`.
    public struct Checkpoint: Sendable {
        /// Last event seq the state includes.
        public var seq: Int64
        /// Serialized engine state (as stored: tens of megabytes for a large state, so never copied on the way).
        public var state: Data
    }

    /// Writes the checkpoint `name` (replacing the previous one) with a checksum that detects torn or corrupt
    /// state on load.
    public func saveCheckpoint(name: String, seq: Int64, state: Data, at: Timestamp) throws(StoreError) {
        do {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO checkpoints (name, seq, state, checksum, written_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(name) DO UPDATE SET seq = excluded.seq, state = excluded.state,
                            checksum = excluded.checksum, written_at = excluded.written_at
                        """,
                    arguments: [name, seq, state, EventStore.checksum(state), at.milliseconds])
            }
        } catch {
            throw EventStore.classify(error, doing: "save checkpoint \(name) at seq \(seq)")
        }
    }

    /// Loads checkpoint `name`; nil when there is none. A checksum mismatch is a `.corrupt` error: the caller
    /// logs it and rebuilds the state by replaying from the start of the log.
    public func loadCheckpoint(name: String) throws(StoreError) -> Checkpoint? {
        let row: Row?
        do {
            row = try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT seq, state, checksum FROM checkpoints WHERE name = ?", arguments: [name])
            }
        } catch {
            throw EventStore.classify(error, doing: "load checkpoint \(name)")
        }
        guard let row else { return nil }
        let seq: Int64 = row["seq"]
        let state: Data = row["state"] ?? Data()
        let checksum: String = row["checksum"]
        guard EventStore.checksum(state) == checksum else {
            throw StoreError(.corrupt, "checkpoint \(name) at seq \(seq) fails its checksum")
        }
        return Checkpoint(seq: seq, state: state)
    }

    /// The seq checkpoint `name` was written at, whether or not its state can still be read (nil: there is none).
    /// Every engine action up to that seq was persisted before it was written.
    public func checkpointSeq(name: String) throws(StoreError) -> Int64? {
        do {
            return try pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT seq FROM checkpoints WHERE name = ?", arguments: [name])
            }
        } catch {
            throw EventStore.classify(error, doing: "read the seq of checkpoint \(name)")
        }
    }

    /// Deletes checkpoint `name` (after it was found corrupt).
    public func deleteCheckpoint(name: String) throws(StoreError) {
        do {
            try pool.write { db in try db.execute(sql: "DELETE FROM checkpoints WHERE name = ?", arguments: [name]) }
        } catch {
            throw EventStore.classify(error, doing: "delete checkpoint \(name)")
        }
    }

    /// FNV-1a of the length (as text) and the bytes, as 16 hex digits.
    static func checksum(_ bytes: some ContiguousBytes) -> String {
        bytes.withUnsafeBytes { raw in
            var hasher = FNV1a()
            hasher.combine(String(raw.count))
            hasher.combine(bytes: raw)
            return hasher.hex
        }
    }
}
