/// A store failure that crosses module boundaries: a code and an exact sentence naming the item.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        case openFailed, locked, readOnly, diskFull, corrupt, writeFailed, readFailed
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
