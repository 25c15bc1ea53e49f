/// Something that hands a mail to a relay: `SMTPTransport` in production, a recorder or a failing stub in tests.
public protocol MailTransport: Sendable {
    /// Delivers `message`; throws with `isTransient` telling whether a later attempt may succeed.
    func send(_ message: MailMessage) async throws(SMTPError)
}
