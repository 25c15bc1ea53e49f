import Foundation
import GRDB
import VedettaCore

extension EventStore {
    /// The latest revision of incident `id`, or nil.
    public func incident(id: String) throws(StoreError) -> Incident? {
        let body: String?
        do {
            body = try pool.read { db in try String.fetchOne(db, sql: "SELECT body FROM incidents WHERE id = ?", arguments: [id]) }
        } catch {
            throw EventStore.classify(error, doing: "read incident \(id)")
        }
        return try body.map { body throws(StoreError) in try EventStore.decodeIncident(body, id: id) }
    }

    /// Latest revisions of the incidents active during `[from, to)` (opened before `to`, not resolved before
    /// `from`), by opening time then id.
    public func incidents(activeFrom from: Timestamp, to: Timestamp) throws(StoreError) -> [Incident] {
        try fetchIncidents(sql: """
            SELECT id, body FROM incidents WHERE opened_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)
            ORDER BY opened_at, id
            """, arguments: [to.milliseconds, from.milliseconds], doing: "read the incidents of a period")
    }

    /// The most recently updated incidents, open ones first, then by last update (newest first) and id.
    public func recentIncidents(limit: Int) throws(StoreError) -> [Incident] {
        try fetchIncidents(sql: """
            SELECT id, body FROM incidents
            ORDER BY CASE state WHEN 'resolved' THEN 1 ELSE 0 END, updated_at DESC, id LIMIT ?
            """, arguments: [limit], doing: "read recent incidents")
    }

    /// Every revision of incident `id`, in revision order: its timeline.
    public func revisions(ofIncident id: String) throws(StoreError) -> [Incident] {
        try fetchIncidents(sql: "SELECT id, body FROM incident_revisions WHERE id = ? ORDER BY revision",
                           arguments: [id], doing: "read the revisions of incident \(id)")
    }

    /// Ticket ids grouped into incident `id`, sorted.
    public func tickets(ofIncident id: String) throws(StoreError) -> [String] {
        do {
            return try pool.read { db in
                try String.fetchAll(db, sql: "SELECT ticket FROM incident_tickets WHERE incident = ? ORDER BY ticket",
                                    arguments: [id])
            }
        } catch {
            throw EventStore.classify(error, doing: "read the tickets of incident \(id)")
        }
    }

    /// The earliest event of `type` among the tickets of incident `id` (e.g. the ticket system's own
    /// escalation), or nil.
    public func earliestEvent(_ type: EventType, ofIncident id: String) throws(StoreError) -> Timestamp? {
        do {
            return try pool.read { db in
                try Int64.fetchOne(db, sql: """
                    SELECT MIN(e.at) FROM incident_tickets t JOIN events e ON e.ticket = t.ticket
                    WHERE t.incident = ? AND e.type = ?
                    """, arguments: [id, type.rawValue])
            }.map { Timestamp(milliseconds: $0) }
        } catch {
            throw EventStore.classify(error, doing: "read the first \(type.rawValue) event of incident \(id)")
        }
    }

    /// Outbox rows of incident `id` grouped by office, channel, state and route, sorted by those keys.
    public func deliveries(ofIncident id: String) throws(StoreError) -> [DeliveryCount] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT office, channel, state, COALESCE(json_extract(payload, '$.delivery.route'), '') AS route,
                           COUNT(*) AS n
                    FROM outbox WHERE incident = ? GROUP BY office, channel, state, route
                    ORDER BY office, channel, state, route
                    """, arguments: [id]).map {
                    DeliveryCount(office: $0["office"], channel: $0["channel"], state: $0["state"], route: $0["route"],
                                  count: $0["n"])
                }
            }
        } catch {
            throw EventStore.classify(error, doing: "read the deliveries of incident \(id)")
        }
    }

    func fetchIncidents(sql: String, arguments: StatementArguments, doing what: String) throws(StoreError) -> [Incident] {
        let rows: [Row]
        do {
            rows = try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        } catch {
            throw EventStore.classify(error, doing: what)
        }
        return try rows.map { row throws(StoreError) in try EventStore.decodeIncident(row["body"], id: row["id"]) }
    }

    static func decodeIncident(_ body: String, id: String) throws(StoreError) -> Incident {
        do {
            return try JSONDecoder().decode(Incident.self, from: Data(body.utf8))
        } catch {
            throw StoreError(.corrupt, "incident \(id) in vedetta.db does not decode: \(error)")
        }
    }

    /// The highest counter among the stored incident ids (`INC-<date>-<counter>`), 0 when there is none.
    public func highestIncidentNumber() throws(StoreError) -> Int {
        do {
            return try pool.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COALESCE(MAX(CAST(substr(id, 14) AS INTEGER)), 0) FROM incidents WHERE id LIKE 'INC-________-%'
                    """) ?? 0
            }
        } catch {
            throw EventStore.classify(error, doing: "read the highest incident number")
        }
    }
}

/// Outbox rows of one incident with the same office, channel, state and route.
public struct DeliveryCount: Hashable, Sendable, Codable {
    /// Office id.
    public var office: String
    /// `file` or `mail`.
    public var channel: String
    /// `pending`, `delivered` or `dead`.
    public var state: String
    /// Route path that chose the office.
    public var route: String
    /// Number of rows (revisions delivered or not).
    public var count: Int

    /// Creates a count.
    public init(office: String, channel: String, state: String, route: String, count: Int) {
        self.office = office
        self.channel = channel
        self.state = state
        self.route = route
        self.count = count
    }
}
