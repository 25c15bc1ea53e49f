/// Splits the server's byte stream into lines and assembles them into replies (RFC 5321 §4.2): `250-a`, `250-b`,
/// `250 c` make one reply of three lines.
///
/// Pure (no NIO), so that the grammar, including malformed input, is tested on tables of bytes. Lenient where
/// real servers are sloppy (a bare LF ends a line, a bare `250` is a complete reply), strict where leniency would
/// desynchronise the dialogue (non-digit codes, a code change inside a multi-line reply, endless lines).
struct SMTPReplyDecoder {
    /// The longest line accepted; RFC 5321 allows 512 octets, real servers write banners a bit longer.
    static let maximumLineLength = 4096

    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var pendingCode: Int?
    private var pendingLines: [String] = []

    /// Appends bytes received from the server.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        if readIndex > 0, readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Whether bytes of an incomplete line or lines of an incomplete reply are held back.
    var hasBufferedInput: Bool { readIndex < buffer.count || pendingCode != nil }

    /// The next complete reply, nil when more bytes are needed.
    mutating func nextReply() throws(SMTPReplyDecoder.Failure) -> SMTPReply? {
        while true {
            guard let newline = buffer[readIndex...].firstIndex(of: 0x0A) else {
                if buffer.count - readIndex > Self.maximumLineLength {
                    throw Failure("a reply line is longer than \(Self.maximumLineLength) bytes")
                }
                return nil
            }
            var end = newline
            if end > readIndex, buffer[end - 1] == 0x0D { end -= 1 }
            let line = buffer[readIndex..<end]
            readIndex = newline + 1
            if readIndex == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                readIndex = 0
            }
            if let reply = try consume(line: line) { return reply }
        }
    }

    private mutating func consume(line: ArraySlice<UInt8>) throws(Failure) -> SMTPReply? {
        let bytes = Array(line)
        guard bytes.count >= 3, let code = Self.code(of: bytes) else {
            throw Failure("the reply line \"\(Self.printable(bytes))\" does not start with a three-digit code")
        }
        if let pendingCode, pendingCode != code {
            throw Failure("the reply line \"\(Self.printable(bytes))\" changes the code of a multi-line \(pendingCode) reply")
        }
        let isLast: Bool
        if bytes.count == 3 {
            isLast = true
        } else {
            switch bytes[3] {
            case UInt8(ascii: " "): isLast = true
            case UInt8(ascii: "-"): isLast = false
            default:
                throw Failure("the reply line \"\(Self.printable(bytes))\" has neither a space nor a hyphen after its code")
            }
        }
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        pendingLines.append(text)
        if isLast {
            let reply = SMTPReply(code: code, lines: pendingLines)
            pendingLines = []
            pendingCode = nil
            return reply
        }
        pendingCode = code
        return nil
    }

    /// The code of a line: first digit 2–5, second 0–5, third any digit (RFC 5321 §4.2).
    private static func code(of bytes: [UInt8]) -> Int? {
        let digits = bytes.prefix(3).map { Int($0) - 0x30 }
        guard digits.allSatisfy({ (0...9).contains($0) }), (2...5).contains(digits[0]), digits[1] <= 5 else {
            return nil
        }
        return digits[0] * 100 + digits[1] * 10 + digits[2]
    }

    /// A line for an error message: control bytes shown as `?`, cut at 80 characters.
    private static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(80).map { $0 < 0x20 || $0 == 0x7F ? UInt8(ascii: "?") : $0 }, as: UTF8.self)
    }

    /// A violation of the reply grammar; the text says what was wrong with which line.
    struct Failure: Error, Equatable {
        /// What was wrong.
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
