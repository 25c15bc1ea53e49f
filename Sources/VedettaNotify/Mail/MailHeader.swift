/// An extra header field of a `MailMessage` (`Auto-Submitted`, `X-Vedetta-Incident`, …), rendered after the
/// standard ones in the order given.
public struct MailHeader: Hashable, Sendable, Codable {
    /// The field name, printable ASCII without a colon.
    public var name: String
    /// The unstructured value; non-ASCII text is encoded as RFC 2047 encoded-words when rendered.
    public var value: String

    /// Creates a header field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Whether `name` is a legal field name (RFC 5322 §3.6.8: printable ASCII except the colon).
    public var hasValidName: Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != 0x3A }
    }
}
