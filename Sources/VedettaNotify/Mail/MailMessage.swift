import VedettaCore

/// A mail to send: envelope, threading headers and bodies; `MIMEComposer` turns it into RFC 5322 bytes.
///
/// Everything that ends up in the bytes is a stored field (no clock, no random boundary), so the same message
/// renders byte-identical on every attempt: an outbox re-send after a crash is the same message with the same
/// `Message-ID`, which receiving systems deduplicate.
public struct MailMessage: Hashable, Sendable, Codable {
    /// The author and envelope sender.
    public var from: MailAddress
    /// Primary recipients.
    public var to: [MailAddress]
    /// Carbon-copy recipients (rendered in `Cc`).
    public var cc: [MailAddress]
    /// Blind recipients: on the envelope only, never rendered.
    public var bcc: [MailAddress]
    /// The subject line (any Unicode; encoded on render).
    public var subject: String
    /// The Message-ID without angle brackets, e.g. `incident-42.3@vedetta.ente.it`.
    public var messageID: String
    /// The Message-ID this one answers (the previous mail of the incident thread), without angle brackets.
    public var inReplyTo: String?
    /// The thread's Message-IDs, oldest first, without angle brackets.
    public var references: [String]
    /// The `Date` header.
    public var date: Timestamp
    /// The plain-text body (always present: some offices read mail in text-only clients).
    public var textBody: String
    /// The HTML alternative; nil sends a single text/plain part.
    public var htmlBody: String?
    /// Extra header fields, rendered after the standard ones in this order.
    public var extraHeaders: [MailHeader]

    /// Creates a message.
    public init(
        from: MailAddress,
        to: [MailAddress],
        cc: [MailAddress] = [],
        bcc: [MailAddress] = [],
        subject: String,
        messageID: String,
        inReplyTo: String? = nil,
        references: [String] = [],
        date: Timestamp,
        textBody: String,
        htmlBody: String? = nil,
        extraHeaders: [MailHeader] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.extraHeaders = extraHeaders
    }

    /// Envelope recipients: `to`, `cc`, `bcc` in that order, each address once (compared case-insensitively,
    /// first spelling kept).
    public var envelopeRecipients: [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for mailbox in to + cc + bcc where seen.insert(mailbox.address.lowercased()).inserted {
            result.append(mailbox.address)
        }
        return result
    }
}
