import VedettaCore

/// Turns outbox rows into mails and hands them to a `MailTransport`: one message per incident revision and
/// office (deterministic Message-ID, one thread per incident), or one digest for many.
public struct SMTPNotifier: Sendable {
    /// Where mails go.
    public let transport: any MailTransport
    /// The author and envelope sender.
    public let from: MailAddress
    /// Message-ID scheme.
    public let identity: MailIdentity
    private let renderer: AlertRenderer

    /// A notifier sending as `from` through `transport`, with Message-IDs under `messageIDHost`.
    public init(transport: any MailTransport, from: MailAddress, messageIDHost: String, renderer: AlertRenderer) {
        self.transport = transport
        self.from = from
        self.identity = MailIdentity(host: messageIDHost)
        self.renderer = renderer
    }

    /// The mail of one revision to one office. Its bytes depend only on the context, so every attempt sends the
    /// same message; the Date is the revision's event time for the same reason.
    public func message(for context: AlertContext) throws(NotifyError) -> MailMessage {
        let incident = context.incident
        let office = context.office
        let recipients = try Self.recipients(of: office, item: context.delivery.key(for: incident))
        let rendered = renderer.render(context)
        return MailMessage(
            from: from, to: recipients, subject: rendered.subject,
            messageID: identity.messageID(incident: incident.id, revision: incident.revision, office: office.id,
                                          escalation: context.delivery.escalation),
            inReplyTo: identity.inReplyTo(incident: incident, office: office.id, thread: context.thread),
            references: identity.references(incident: incident, office: office.id, thread: context.thread),
            date: incident.updatedAt, textBody: rendered.text, htmlBody: rendered.html,
            extraHeaders: [
                MailHeader("Auto-Submitted", "auto-generated"),
                MailHeader("X-Vedetta-Incident", incident.id),
                MailHeader("X-Vedetta-Revision", String(incident.revision)),
                MailHeader("X-Vedetta-State", incident.state.rawValue),
                MailHeader("X-Vedetta-Severity", incident.severity.rawValue),
            ])
    }

    /// One digest mail listing `items` (the rows `keys`) for `office`; dated at the latest revision it lists.
    public func digestMessage(_ items: [DigestItem], keys: [String], office: Office, at: Timestamp) throws(NotifyError) -> MailMessage {
        let recipients = try Self.recipients(of: office, item: "digest of \(keys.count) revisions")
        let rendered = renderer.renderDigest(items, office: office, at: at)
        let date = items.map(\.incident.updatedAt).max() ?? at
        return MailMessage(
            from: from, to: recipients, subject: rendered.subject,
            messageID: identity.digestID(office: office.id, keys: keys), date: date,
            textBody: rendered.text, htmlBody: rendered.html,
            extraHeaders: [MailHeader("Auto-Submitted", "auto-generated"),
                           MailHeader("X-Vedetta-Digest", String(keys.count))])
    }

    /// Sends a message through the transport.
    public func send(_ message: MailMessage) async throws(SMTPError) {
        try await transport.send(message)
    }

    private static func recipients(of office: Office, item: String) throws(NotifyError) -> [MailAddress] {
        let addresses = office.emails.map { MailAddress($0) }
        guard !addresses.isEmpty else {
            throw NotifyError(.undeliverable, "Office \(office.id) has no mail address for \(item).")
        }
        return addresses
    }
}
