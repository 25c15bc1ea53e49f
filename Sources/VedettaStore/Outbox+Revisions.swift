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
}
