/// Why a send failed, and whether trying again later may succeed.
///
/// `isTransient` is what the outbox acts on: transient failures (connection trouble, timeouts, 4xx replies) are
/// retried with backoff, permanent ones (5xx, a bad message, a refused login) go to the dead letters.
public struct SMTPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Hashable, Sendable {
        /// The TCP connection could not be made (refused, unreachable, name not resolved, connect timeout).
        case connectFailed
        /// The server did not complete a reply within the command's timeout.
        case timeout
        /// The server closed the connection in the middle of the dialogue.
        case connectionClosed
        /// STARTTLS was required but not offered or refused, or the TLS handshake failed (untrusted certificate,
        /// wrong name, no common protocol).
        case tlsFailed
        /// Authentication was refused, or no usable mechanism was offered, or it would have sent the password in
        /// clear text.
        case authFailed
        /// The server answered a command with this negative reply code.
        case rejected(Int)
        /// The server broke the reply grammar or the dialogue (bytes after the STARTTLS reply, a reply before a
        /// command).
        case protocolViolation
        /// The message cannot be sent as it is (bad address, non-ASCII address without SMTPUTF8, too large).
        case invalidMessage
    }

    /// The kind of failure.
    public var code: Code
    /// An exact sentence naming the server and the command or item concerned.
    public var message: String
    /// The server's reply text, when a reply caused the failure.
    public var serverReply: String?
    /// Whether a later attempt may succeed (4xx, timeouts, connection trouble).
    public var isTransient: Bool

    /// Creates an error.
    public init(_ code: Code, _ message: String, serverReply: String? = nil, isTransient: Bool) {
        self.code = code
        self.message = message
        self.serverReply = serverReply
        self.isTransient = isTransient
    }

    /// An error caused by a negative reply; transient exactly when the code is 4xx.
    static func rejected(_ reply: SMTPReply, _ message: String) -> SMTPError {
        SMTPError(.rejected(reply.code), message, serverReply: reply.text, isTransient: reply.isTransientFailure)
    }

    public var description: String {
        guard let serverReply, !serverReply.isEmpty else { return message }
        return message + " Server said: " + serverReply.replacingOccurrences(of: "\n", with: " / ")
    }
}
