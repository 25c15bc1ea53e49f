/// The production `MailTransport`: one `SMTPClient` send per mail to the configured relay.
public struct SMTPTransport: MailTransport {
    /// The client.
    public let client: SMTPClient
    /// The relay.
    public let configuration: SMTPConfiguration

    /// A transport sending through `client` to the relay of `configuration`.
    public init(client: SMTPClient, configuration: SMTPConfiguration) {
        self.client = client
        self.configuration = configuration
    }

    /// Sends `message`; refused recipients beside accepted ones are not an error (the relay took the mail).
    public func send(_ message: MailMessage) async throws(SMTPError) {
        _ = try await client.send(message, configuration: configuration)
    }
}
