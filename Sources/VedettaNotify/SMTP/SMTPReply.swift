/// One complete server reply: a three-digit code and its text lines (several for a `250-…` multi-line reply).
public struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    /// The reply code, 200…559.
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    /// Creates a reply.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines joined by newlines.
    public var text: String { lines.joined(separator: "\n") }

    /// 2xx: the command succeeded.
    public var isPositive: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (354 after DATA, 334 during AUTH).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a transient failure; the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }

    /// The reply as the server wrote it, one line per text line, e.g. `250-mx.ente.it\n250 8BITMIME`.
    public var description: String {
        guard !lines.isEmpty else { return String(code) }
        return lines.enumerated().map { index, line in
            String(code) + (index == lines.count - 1 ? " " : "-") + line
        }.joined(separator: "\n")
    }
}
