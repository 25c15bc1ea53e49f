import Foundation
import GRDB
import VedettaCore

/// Persists the engine's actions: incident revisions, the incident's current row, its tickets, assignments and
/// the outbox rows of every delivery — all of one batch in one transaction, so an alert is never recorded
/// without its outbox row or the other way round. Keys are deterministic, so writing the same actions again
/// (a replay after a crash) changes nothing.
public struct ActionWriter: Sendable {
    /// The store written to.
    public let store: EventStore
    /// Channels each delivery fans out to (an office without mail addresses gets only the file).
    public let channels: @Sendable (_ office: String) -> [String]

    /// A writer; `channels` says which delivery channels an office has (`file`, `mail`).
    public init(store: EventStore, channels: @escaping @Sendable (_ office: String) -> [String]) {
        self.store = store
        self.channels = channels
    }

    /// Writes `actions` caused by the event at `seq`.
    public func write(_ actions: [Action], seq: Int64, now: Timestamp) throws(StoreError) {
        try write([CausedActions(seq: seq, actions: actions)], now: now)
    }

    /// Writes the actions of several events in one transaction, each revision with the seq of its own event.
    public func write(_ batch: [CausedActions], now: Timestamp) throws(StoreError) {
        guard batch.contains(where: { !$0.actions.isEmpty }) else { return }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try store.pool.write { db in
                for caused in batch {
                    try write(caused.actions, seq: caused.seq, now: now, in: db, encoder: encoder)
                }
            }
        } catch {
            let last = batch.last?.seq ?? 0
            throw EventStore.classify(error, doing: "record the engine actions of events up to seq \(last)")
        }
    }

    /// One event's actions, inside the caller's transaction; `encoder` (sorted keys) is shared by the batch.
    func write(_ actions: [Action], seq: Int64, now: Timestamp, in db: Database, encoder: JSONEncoder) throws {
        for action in actions {
            switch action {
            case .assigned(let assignment):
                try db.cachedStatement(sql: """
                    INSERT INTO assignments (ticket, cluster, at) VALUES (?, ?, ?)
                    ON CONFLICT(ticket) DO UPDATE SET cluster = excluded.cluster, at = excluded.at
                    """).execute(arguments: [assignment.ticket, assignment.cluster, assignment.at.milliseconds])
            case .incident(let change):
                let incident = change.incident
                let body = String(decoding: try encoder.encode(incident), as: UTF8.self)
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO incident_revisions (id, revision, state, severity, service, at, seq, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [incident.id, incident.revision, incident.state.rawValue,
                                             incident.severity.rawValue, incident.service,
                                             incident.updatedAt.milliseconds, seq, body])
                try db.cachedStatement(sql: """
                    INSERT INTO incidents (id, revision, state, severity, service, owner, first_seen, opened_at,
                                           updated_at, resolved_at, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, state = excluded.state,
                        severity = excluded.severity, updated_at = excluded.updated_at,
                        resolved_at = excluded.resolved_at, body = excluded.body
                    WHERE excluded.revision >= incidents.revision
                    """).execute(arguments: [incident.id, incident.revision, incident.state.rawValue,
                                             incident.severity.rawValue, incident.service, incident.owner,
                                             incident.firstSeen.milliseconds, incident.openedAt.milliseconds,
                                             incident.updatedAt.milliseconds, incident.resolvedAt?.milliseconds,
                                             body])
                let ticketStatement = try db.cachedStatement(
                    sql: "INSERT OR IGNORE INTO incident_tickets (incident, ticket) VALUES (?, ?)")
                for ticket in change.tickets { try ticketStatement.execute(arguments: [incident.id, ticket]) }
                for delivery in change.deliveries {
                    let payload = String(decoding: try encoder.encode(OutboxPayload(incident: incident, delivery: delivery)),
                                         as: UTF8.self)
                    for channel in channels(delivery.office) {
                        try db.cachedStatement(sql: """
                            INSERT OR IGNORE INTO outbox (key, channel, office, incident, revision, created_at,
                                                          next_attempt_at, payload)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """).execute(arguments: [channel + ":" + delivery.key(for: incident), channel,
                                                     delivery.office, incident.id, incident.revision,
                                                     now.milliseconds, now.milliseconds, payload])
                    }
                }
            }
        }
    }

    /// Records the tickets of an incident (kept apart from revisions: the list only grows).
    public func recordTickets(incident: String, tickets: [String]) throws(StoreError) {
        guard !tickets.isEmpty else { return }
        do {
            try store.pool.write { db in
                let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO incident_tickets (incident, ticket) VALUES (?, ?)")
                for ticket in tickets { try statement.execute(arguments: [incident, ticket]) }
            }
        } catch {
            throw EventStore.classify(error, doing: "record tickets of incident \(incident)")
        }
    }
}

/// What an outbox row carries: the revision and the delivery that asked for it.
public struct OutboxPayload: Codable, Sendable, Hashable {
    /// The incident revision to deliver.
    public var incident: Incident
    /// The delivery (office, route, escalation).
    public var delivery: Delivery

    /// Creates a payload.
    public init(incident: Incident, delivery: Delivery) {
        self.incident = incident
        self.delivery = delivery
    }
}
