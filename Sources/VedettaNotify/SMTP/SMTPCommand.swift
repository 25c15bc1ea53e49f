import NIOCore

/// A request to the channel handler: bytes to write (nil to only await the next reply, as for the greeting),
/// what to call the command in errors, and its time limit.
struct SMTPCommand: Sendable {
    /// The command line with its CRLF, or the dot-stuffed DATA payload; nil for none.
    var bytes: ByteBuffer?
    /// How errors name the command (`EHLO`, `RCPT TO:<a@b>`, `AUTH PLAIN`: never a secret).
    var label: String
    /// How long the reply may take.
    var timeout: TimeAmount
    /// STARTTLS: the server must not send anything after its reply before the handshake.
    var endsCleartext: Bool
    /// Completed with the reply or an `SMTPError`.
    var promise: EventLoopPromise<SMTPReply>
}
