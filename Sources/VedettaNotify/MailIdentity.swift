import VedettaCore
import VedettaStore

/// Deterministic Message-IDs and thread headers, so that a re-send after a crash is the same message and every
/// revision of an incident lands in one thread of the office's mailbox.
public struct MailIdentity: Hashable, Sendable {
    /// The right-hand side of Message-IDs, e.g. `vedetta.ente.it`.
    public var host: String

    /// Identities under `host`.
    public init(host: String) {
        self.host = host
    }

    /// `<incident>.<revision>.<office>@host` (plus `.esc` for an escalation).
    public func messageID(incident: String, revision: Int, office: String, escalation: Bool = false) -> String {
        Self.atom(incident) + "." + String(revision) + "." + Self.atom(office) + (escalation ? ".esc" : "") + "@" + host
    }

    /// The thread parent: the first message of the incident this office received, from `thread` (the revisions
    /// mailed to it before, oldest first; nil: every earlier one), or nil when there is none.
    public func inReplyTo(incident: Incident, office: String, thread: [MailedRevision]? = nil) -> String? {
        references(incident: incident, office: office, thread: thread).first
    }

    /// The thread so far: the messages of the incident this office received before this one, oldest first
    /// (`thread`; nil: revisions 1 … n−1, each in its own mail). An office first reached at revision 3 was never
    /// sent revisions 1 and 2, so its mails must not name them; a revision that went out inside a digest is named
    /// by the digest's Message-ID, the message the office has, once however many revisions it held.
    public func references(incident: Incident, office: String, thread: [MailedRevision]? = nil) -> [String] {
        let mailed = thread ?? (1..<max(incident.revision, 1)).map { MailedRevision(revision: $0) }
        var ids: [String] = []
        for m in mailed where m.revision < incident.revision {
            let id = m.digest.map { digestID(key: $0, office: office) }
                ?? messageID(incident: incident.id, revision: m.revision, office: office)
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// The digest of `keys` to `office`: a hash of the sorted keys, so the same set gives the same id.
    public func digestID(office: String, keys: [String]) -> String {
        digestID(hash: Self.digestHash(keys), office: office)
    }

    /// The Message-ID of the digest stored under outbox key `key` (`Self.digestKey`).
    public func digestID(key: String, office: String) -> String {
        let hash = key.lastIndex(of: "/").map { key[key.index(after: $0)...] } ?? key[...]
        return digestID(hash: String(hash), office: office)
    }

    private func digestID(hash: String, office: String) -> String {
        "digest." + Self.atom(office) + "." + hash + "@" + host
    }

    /// The outbox key recording the digest of `keys` to `office`: `digest:<office>/<hash>`.
    public static func digestKey(office: String, keys: [String]) -> String {
        "digest:" + office + "/" + digestHash(keys)
    }

    /// The hash naming a set of outbox keys.
    public static func digestHash(_ keys: [String]) -> String {
        var hasher = FNV1a()
        for key in keys.sorted() {
            hasher.combine(key)
            hasher.combine("\n")
        }
        return hasher.hex
    }

    /// Keeps only characters that are safe in the left part of a Message-ID (`dot-atom-text`).
    static func atom(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_+=")
        return String(text.map { allowed.contains($0) ? $0 : "_" })
    }
}
