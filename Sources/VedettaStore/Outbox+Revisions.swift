import Foundation
import GRDB
import VedettaCore

extension Outbox {
    /// A stored incident revision (to say what changed since it), or nil when it was never recorded.
    public func incidentRevision(id: String, revision: Int) throws(StoreError) -> Incident? {
        do {
            let body = try store.pool.read { db in
                try String.fetchOne(db, sql: "SELECT body FROM incident_revisions WHERE id = ? AND revision = ?",
                                    arguments: [id, revision])
            }
            guard let body else { return nil }
            return try JSONDecoder().decode(Incident.self, from: Data(body.utf8))
        } catch {
            throw EventStore.classify(error, doing: "read revision \(revision) of incident \(id)")
        }
    }

    /// The revisions of incident `id` before `revision` that have a mail row (not an escalation) for `office`,
    /// oldest first: the thread a new mail of the incident joins in that office's mailbox. An office first
    /// reached at revision 3 has none before it, so its first mail starts the thread.
    public func mailedRevisions(incident id: String, office: String, before revision: Int) throws(StoreError) -> [Int] {
        do {
            return try store.pool.read { db in
                try Int.fetchAll(db, sql: """
                    SELECT revision FROM outbox
                    WHERE incident = ? AND office = ? AND channel = 'mail' AND revision < ? AND key NOT LIKE '%/esc'
                    ORDER BY revision
                    """, arguments: [id, office, revision])
            }
        } catch {
            throw EventStore.classify(error, doing: "read the mails of incident \(id) to office \(office)")
        }
    }
}
