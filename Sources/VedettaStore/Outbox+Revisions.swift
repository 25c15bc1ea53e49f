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
    /// oldest first, each with the digest it went out in (nil: its own mail): the thread a new mail of the
    /// incident joins in that office's mailbox. An office first reached at revision 3 has none before it, so its
    /// first mail starts the thread.
    public func mailedRevisions(incident id: String, office: String, before revision: Int) throws(StoreError)
        -> [MailedRevision]
    {
        do {
            return try store.pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT revision, digest FROM outbox
                    WHERE incident = ? AND office = ? AND channel = 'mail' AND revision < ? AND key NOT LIKE '%/esc'
                    ORDER BY revision
                    """, arguments: [id, office, revision]).map { MailedRevision(revision: $0["revision"], digest: $0["digest"]) }
            }
        } catch {
            throw EventStore.classify(error, doing: "read the mails of incident \(id) to office \(office)")
        }
    }
}

/// A revision of an incident mailed to an office before: on its own, or inside a digest (the office's hourly limit
/// combined it with others), whose message is then the one the office received.
public struct MailedRevision: Hashable, Sendable {
    /// The incident revision.
    public var revision: Int
    /// The outbox key of the digest it went out in (`digest:<office>/<hash>`), nil when it went out alone.
    public var digest: String?

    /// A revision mailed alone (`digest` nil) or inside the digest `digest`.
    public init(revision: Int, digest: String? = nil) {
        self.revision = revision
        self.digest = digest
    }
}
