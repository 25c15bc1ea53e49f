/// A mailbox: an address with an optional human-readable display name, e.g. `Ufficio Prestazioni <prestazioni@ente.it>`.
public struct MailAddress: Hashable, Sendable, Codable {
    /// The bare address (`local@domain`), without angle brackets.
    public var address: String
    /// The display name shown by mail readers; nil or empty for none.
    public var displayName: String?

    /// Creates a mailbox from a bare address and an optional display name.
    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// Whether the address can go on the SMTP envelope and into a header unchanged: not empty, one `@` with text
    /// on both sides, and none of the characters that would break the command or header syntax (spaces, angle
    /// brackets, control characters).
    public var isWellFormed: Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count >= 2, let domain = parts.last, !domain.isEmpty, !parts[0].isEmpty else { return false }
        return !address.unicodeScalars.contains { scalar in
            scalar.value < 0x21 || scalar.value == 0x7F || scalar == "<" || scalar == ">" || scalar == ","
        }
    }

    /// Whether the address has characters outside ASCII (which needs the server's SMTPUTF8 extension).
    public var needsSMTPUTF8: Bool { address.utf8.contains { $0 >= 0x80 } }
}
