import GRDB
import VedettaCore

/// An operator's judgement on an incident.
public struct IncidentMark: Hashable, Sendable, Codable {
    /// Kinds of mark.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The alert should not have fired.
        case falsePositive = "false-positive"
    }

    /// Incident id.
    public var incident: String
    /// What the operator says.
    public var kind: Kind
    /// Free note.
    public var note: String?
    /// Who marked it (login name), if known.
    public var markedBy: String?
    /// Wall-clock time of the mark.
    public var markedAt: Timestamp

    /// Creates a mark.
    public init(incident: String, kind: Kind, note: String? = nil, markedBy: String? = nil, markedAt: Timestamp) {
        self.incident = incident
        self.kind = kind
        self.note = note
        self.markedBy = markedBy
        self.markedAt = markedAt
    }
}

extension EventStore {
    /// Records `mark` (replacing an earlier mark of the same kind); the incident must exist.
    public func mark(_ mark: IncidentMark) throws(StoreError) {
        let exists: Bool
        do {
            exists = try pool.write { db -> Bool in
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM incidents WHERE id = ?", arguments: [mark.incident]) != nil
                else { return false }
                try db.execute(sql: """
                    INSERT INTO incident_marks (incident, kind, note, marked_by, marked_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(incident, kind) DO UPDATE SET note = excluded.note, marked_by = excluded.marked_by,
                        marked_at = excluded.marked_at
                    """, arguments: [mark.incident, mark.kind.rawValue, mark.note, mark.markedBy,
                                     mark.markedAt.milliseconds])
                return true
            }
        } catch {
            throw EventStore.classify(error, doing: "mark incident \(mark.incident) as \(mark.kind.rawValue)")
        }
        guard exists else { throw StoreError(.readFailed, "incident \(mark.incident) is not in vedetta.db") }
    }

    /// Removes the mark of `kind` from incident `id`; returns whether there was one.
    @discardableResult
    public func unmark(incident id: String, kind: IncidentMark.Kind) throws(StoreError) -> Bool {
        do {
            return try pool.write { db in
                try db.execute(sql: "DELETE FROM incident_marks WHERE incident = ? AND kind = ?", arguments: [id, kind.rawValue])
                return db.changesCount > 0
            }
        } catch {
            throw EventStore.classify(error, doing: "unmark incident \(id)")
        }
    }

    /// Marks of the incidents in `ids` (all marks when `ids` is nil), by incident then kind.
    public func marks(incidents ids: [String]? = nil) throws(StoreError) -> [IncidentMark] {
        do {
            return try pool.read { db in
                let rows: [Row]
                if let ids {
                    guard !ids.isEmpty else { return [] }
                    let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
                    rows = try Row.fetchAll(db, sql: """
                        SELECT * FROM incident_marks WHERE incident IN (\(placeholders)) ORDER BY incident, kind
                        """, arguments: StatementArguments(ids))
                } else {
                    rows = try Row.fetchAll(db, sql: "SELECT * FROM incident_marks ORDER BY incident, kind")
                }
                return rows.compactMap { row -> IncidentMark? in
                    guard let kind = IncidentMark.Kind(rawValue: row["kind"]) else { return nil }
                    return IncidentMark(incident: row["incident"], kind: kind, note: row["note"], markedBy: row["marked_by"],
                                        markedAt: Timestamp(milliseconds: row["marked_at"]))
                }
            }
        } catch {
            throw EventStore.classify(error, doing: "read incident marks")
        }
    }
}
