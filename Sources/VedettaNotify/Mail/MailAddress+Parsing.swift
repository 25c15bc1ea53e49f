import Foundation

extension MailAddress {
    /// Reads a mailbox as a configuration writes it: `addr@host`, `Name <addr@host>` or `"Name" <addr@host>`.
    ///
    /// The configuration documents the `Name <addr>` form for `smtp.from`; taking it whole as the address made
    /// the envelope sender invalid and dead-lettered every mail.
    public init(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            self.init(trimmed)
            return
        }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            .trimmingCharacters(in: .whitespaces)
        var name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        self.init(address, displayName: name.isEmpty ? nil : name)
    }
}
