import VedettaCore

/// Renders a `MailMessage` as RFC 5322 / MIME bytes: CRLF line ends, header lines folded to 76 characters,
/// non-ASCII header text as RFC 2047 encoded-words, bodies as UTF-8 quoted-printable (so the result is 7-bit and
/// passes any relay), text and HTML as `multipart/alternative`.
///
/// Rendering is a pure function of the message: the MIME boundary is derived from the Message-ID, so a re-send
/// from the outbox produces byte-identical mail.
public struct MIMEComposer: Sendable {
    /// Header names that the composer writes itself and that an extra header may not repeat.
    static let reservedHeaders: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "subject", "message-id", "in-reply-to", "references",
        "mime-version", "content-type", "content-transfer-encoding",
    ]

    /// Creates a composer.
    public init() {}

    /// The message's bytes, ready for SMTP `DATA` (before dot-stuffing).
    public func render(_ message: MailMessage) throws(MailError) -> [UInt8] {
        Array(try renderString(message).utf8)
    }

    /// The message as text; all ASCII unless an address itself is non-ASCII.
    public func renderString(_ message: MailMessage) throws(MailError) -> String {
        try validate(message)
        var out = ""
        out += HeaderFolder.fold(name: "Date", tokens: message.date.rfc5322.split(separator: " ").map(String.init))
        out += HeaderFolder.fold(name: "From", tokens: HeaderFolder.mailboxTokens([message.from]))
        if !message.to.isEmpty {
            out += HeaderFolder.fold(name: "To", tokens: HeaderFolder.mailboxTokens(message.to))
        }
        if !message.cc.isEmpty {
            out += HeaderFolder.fold(name: "Cc", tokens: HeaderFolder.mailboxTokens(message.cc))
        }
        out += HeaderFolder.fold(
            name: "Subject", tokens: HeaderFolder.unstructuredTokens(message.subject, nameLength: "Subject".count))
        out += HeaderFolder.fold(name: "Message-ID", tokens: [Self.bracketed(message.messageID)])
        if let parent = message.inReplyTo {
            out += HeaderFolder.fold(name: "In-Reply-To", tokens: [Self.bracketed(parent)])
        }
        if !message.references.isEmpty {
            out += HeaderFolder.fold(name: "References", tokens: message.references.map(Self.bracketed))
        }
        for header in message.extraHeaders {
            out += HeaderFolder.fold(
                name: header.name,
                tokens: HeaderFolder.unstructuredTokens(header.value, nameLength: header.name.utf8.count))
        }
        out += "MIME-Version: 1.0\r\n"
        let text = Self.part(type: "text/plain", body: message.textBody)
        guard let html = message.htmlBody else {
            return out + text
        }
        let boundary = Self.boundary(forMessageID: message.messageID)
        out += HeaderFolder.fold(name: "Content-Type", tokens: ["multipart/alternative;", "boundary=\"\(boundary)\""])
        out += "\r\n"
        out += "--" + boundary + "\r\n" + text + "\r\n"
        out += "--" + boundary + "\r\n" + Self.part(type: "text/html", body: html) + "\r\n"
        out += "--" + boundary + "--\r\n"
        return out
    }

    /// The multipart boundary of a message: a hash of its Message-ID behind `=_`, a sequence that
    /// quoted-printable output can never contain (it always writes `=` as `=3D`), so the boundary cannot collide
    /// with the body.
    public static func boundary(forMessageID messageID: String) -> String {
        var hasher = FNV1a()
        hasher.combine(unbracketed(messageID))
        return "=_vedetta_" + hasher.hex
    }

    /// Content headers, blank line and encoded body of one text part; no trailing CRLF (it belongs to the next
    /// boundary delimiter).
    private static func part(type: String, body: String) -> String {
        "Content-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(body)
    }

    private static func bracketed(_ id: String) -> String { "<" + unbracketed(id) + ">" }

    /// A Message-ID given with or without its angle brackets.
    static func unbracketed(_ id: String) -> String {
        if id.hasPrefix("<"), id.hasSuffix(">"), id.count >= 2 { return String(id.dropFirst().dropLast()) }
        return id
    }

    private func validate(_ message: MailMessage) throws(MailError) {
        for mailbox in [message.from] + message.to + message.cc + message.bcc where !mailbox.isWellFormed {
            throw MailError(.invalidAddress, "The address \"\(mailbox.address)\" of message <\(message.messageID)> is not a valid mailbox.")
        }
        if message.envelopeRecipients.isEmpty {
            throw MailError(.noRecipients, "Message <\(message.messageID)> has no recipient.")
        }
        for id in [message.messageID] + (message.inReplyTo.map { [$0] } ?? []) + message.references
        where !Self.isValidMessageID(Self.unbracketed(id)) {
            throw MailError(.invalidMessageID, "The Message-ID \"\(id)\" of message <\(message.messageID)> is not of the form left@right without spaces or brackets.")
        }
        for header in message.extraHeaders {
            if !header.hasValidName || Self.reservedHeaders.contains(header.name.lowercased()) {
                throw MailError(.invalidHeader, "The extra header \"\(header.name)\" of message <\(message.messageID)> is not a legal field name or repeats a standard header.")
            }
        }
    }

    private static func isValidMessageID(_ id: String) -> Bool {
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return id.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }
}
