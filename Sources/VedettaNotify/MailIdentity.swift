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

    /// The thread parent: revision 1 of the incident to the same office (nil for revision 1 itself).
    public func inReplyTo(incident: Incident, office: String) -> String? {
        incident.revision > 1 ? messageID(incident: incident.id, revision: 1, office: office) : nil
    }

    /// The thread so far: revisions 1 … n−1 to the same office, oldest first.
    public func references(incident: Incident, office: String) -> [String] {
        guard incident.revision > 1 else { return [] }
        return (1..<incident.revision).map { messageID(incident: incident.id, revision: $0, office: office) }
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
