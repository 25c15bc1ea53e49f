/// Why a `MailMessage` cannot be rendered or sent as it is; never transient (retrying the same message fails
/// the same way).
public struct MailError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of defect.
    public enum Code: Hashable, Sendable {
        /// An address is empty, has no `@`, or holds spaces, angle brackets, commas or control characters.
        case invalidAddress
        /// An extra header's name is not printable ASCII without a colon, or it repeats a standard header.
        case invalidHeader
        /// The Message-ID (or a referenced one) is empty or holds spaces, angle brackets or control characters.
        case invalidMessageID
        /// No recipient at all.
        case noRecipients
    }

    /// The kind of defect.
    public var code: Code
    /// An exact sentence naming the offending item.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
