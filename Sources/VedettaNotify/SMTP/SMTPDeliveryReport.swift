/// What happened to a message the server accepted: which recipients it took, which it refused, and its final
/// reply (which usually carries the server's queue id).
public struct SMTPDeliveryReport: Hashable, Sendable {
    /// A recipient the server refused at RCPT TO while accepting others.
    public struct RejectedRecipient: Hashable, Sendable {
        /// The envelope address.
        public var address: String
        /// The server's reply code.
        public var replyCode: Int
        /// The server's reply text.
        public var replyText: String
        /// Whether the refusal is 4xx (the outbox may try this recipient again).
        public var isTransient: Bool
    }

    /// The message's Message-ID, without angle brackets.
    public var messageID: String
    /// Envelope recipients the server accepted, in envelope order.
    public var acceptedRecipients: [String]
    /// Envelope recipients the server refused, in envelope order.
    public var rejectedRecipients: [RejectedRecipient]
    /// The reply to the final `.` of DATA.
    public var finalReply: SMTPReply
    /// Whether the message travelled over TLS.
    public var usedTLS: Bool
    /// The AUTH mechanism that succeeded, nil without AUTH.
    public var authMechanism: SMTPConfiguration.AuthMechanism?
    /// The extensions of the last EHLO (empty after a HELO fallback).
    public var serverExtensions: SMTPServerExtensions
    /// The size of the DATA payload in bytes before dot-stuffing.
    public var messageSize: Int
}
