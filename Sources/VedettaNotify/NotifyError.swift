/// A notifier failure that crosses module boundaries: a code and an exact sentence naming the item.
public struct NotifyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// A template is missing or does not parse.
        case template
        /// An alert file could not be written.
        case fileWrite
        /// The outbox row cannot be delivered as it is (bad payload, unknown office, no address).
        case undeliverable
        /// Mail is not configured.
        case mailNotConfigured
    }

    /// The failure kind.
    public var code: Code
    /// The sentence for logs and operators.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
