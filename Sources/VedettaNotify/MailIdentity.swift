import VedettaCore

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

    /// The thread parent: the first revision of the incident mailed to the same office, from `thread` (the
    /// revisions mailed to it before, oldest first; nil: every earlier one), or nil when there is none.
    public func inReplyTo(incident: Incident, office: String, thread: [Int]? = nil) -> String? {
        references(incident: incident, office: office, thread: thread).first
    }

    /// The thread so far: the revisions mailed to the same office before this one, oldest first (`thread`; nil:
    /// revisions 1 … n−1). An office first reached at revision 3 was never sent revisions 1 and 2, so its mails
    /// must not name them.
    public func references(incident: Incident, office: String, thread: [Int]? = nil) -> [String] {
        let revisions = thread ?? Array(1..<max(incident.revision, 1))
        return revisions.filter { $0 < incident.revision }
            .map { messageID(incident: incident.id, revision: $0, office: office) }
    }

    /// The digest of `keys` to `office`: a hash of the sorted keys, so the same set gives the same id.
    public func digestID(office: String, keys: [String]) -> String {
        "digest." + Self.atom(office) + "." + Self.digestHash(keys) + "@" + host
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
