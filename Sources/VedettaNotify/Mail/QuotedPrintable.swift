/// Quoted-printable body encoding (RFC 2045 §6.7) of UTF-8 text: lines of at most 76 characters, CRLF breaks.
enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included (RFC 2045 §6.7 rule 5).
    static let maximumLineLength = 76

    /// Encodes `text` with every line break (`\r\n`, `\n` or a lone `\r`) written as CRLF.
    ///
    /// A leading `.` is left as it is: transparency for SMTP is the transport's job (dot-stuffing), and leaving it
    /// lets the round trip through a real server prove that dot-stuffing works.
    static func encode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var first = true
        for line in logicalLines(of: text) {
            if !first { output += "\r\n" }
            first = false
            encodeLine(line, into: &output)
        }
        return output
    }

    /// The byte lines of `text`, split at any of CRLF, LF, CR.
    static func logicalLines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0A {
                if previousWasCR { previousWasCR = false; continue }
                lines.append(current)
                current = []
            } else if byte == 0x0D {
                lines.append(current)
                current = []
                previousWasCR = true
                continue
            } else {
                current.append(byte)
            }
            previousWasCR = false
        }
        lines.append(current)
        return lines
    }

    private static func encodeLine(_ bytes: [UInt8], into output: inout String) {
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal: Bool
            switch byte {
            case 0x20, 0x09: literal = !isLast  // trailing white space would be stripped in transit
            case 0x3D: literal = false
            case 0x21...0x7E: literal = true
            default: literal = false
            }
            let width = literal ? 1 : 3
            // Room is kept for the soft-break `=` unless this is the line's last token.
            let limit = isLast ? maximumLineLength : maximumLineLength - 1
            if column + width > limit {
                output += "=\r\n"
                column = 0
            }
            if literal {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "=" + Hex.byte(byte)
            }
            column += width
        }
    }
}

/// Upper-case hexadecimal, as RFC 2045 and RFC 2047 require.
enum Hex {
    private static let digits = Array("0123456789ABCDEF".unicodeScalars)

    /// Two upper-case hex digits of `byte`.
    static func byte(_ byte: UInt8) -> String {
        var s = ""
        s.unicodeScalars.append(digits[Int(byte >> 4)])
        s.unicodeScalars.append(digits[Int(byte & 0x0F)])
        return s
    }
}
