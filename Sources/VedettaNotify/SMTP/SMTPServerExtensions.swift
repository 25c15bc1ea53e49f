/// The service extensions a server announced in its EHLO reply (`STARTTLS`, `AUTH PLAIN LOGIN`, `SIZE 1048576`,
/// `8BITMIME`, `SMTPUTF8`, …), keywords upper-cased.
public struct SMTPServerExtensions: Hashable, Sendable {
    /// One announced extension.
    public struct Entry: Hashable, Sendable {
        /// The keyword, upper-cased.
        public var keyword: String
        /// The parameters as sent.
        public var parameters: [String]
    }

    /// Keywords in the order the server sent them, each with its parameters.
    public private(set) var entries: [Entry] = []

    /// No extension (a HELO session).
    public init() {}

    /// Parses the lines of an EHLO reply; the first line is the server's greeting name, not an extension.
    public init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !words.isEmpty else { continue }
            var keyword = words.removeFirst().uppercased()
            // Old servers write `AUTH=LOGIN PLAIN` (a pre-RFC 4954 draft form).
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            if let index = entries.firstIndex(where: { $0.keyword == keyword }) {
                entries[index].parameters += words.filter { !entries[index].parameters.contains($0) }
            } else {
                entries.append(Entry(keyword: keyword, parameters: words))
            }
        }
    }

    /// Whether the server announced `keyword` (case-insensitive).
    public func supports(_ keyword: String) -> Bool {
        entries.contains { $0.keyword == keyword.uppercased() }
    }

    /// The parameters of `keyword`, nil when not announced.
    public func parameters(of keyword: String) -> [String]? {
        entries.first { $0.keyword == keyword.uppercased() }?.parameters
    }

    /// The announced keywords, in the server's order.
    public var keywords: [String] { entries.map(\.keyword) }

    /// The AUTH mechanisms offered, upper-cased.
    public var authMechanisms: [String] { (parameters(of: "AUTH") ?? []).map { $0.uppercased() } }

    /// The SIZE limit in bytes, nil when absent or 0 (no fixed limit).
    public var sizeLimit: Int? {
        guard let value = parameters(of: "SIZE")?.first.flatMap({ Int($0) }), value > 0 else { return nil }
        return value
    }
}
