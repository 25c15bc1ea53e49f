/// The DATA transparency procedure (RFC 5321 §4.5.2): every line that starts with `.` gets another `.`, line
/// ends become CRLF, and the payload ends with `CRLF . CRLF`.
enum SMTPDotStuffing {
    /// `message` ready to be written after the server's 354.
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            index += 1
            switch byte {
            case 0x0D:
                out += [0x0D, 0x0A]
                if index < message.count, message[index] == 0x0A { index += 1 }
                atLineStart = true
            case 0x0A:
                out += [0x0D, 0x0A]
                atLineStart = true
            default:
                if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
                out.append(byte)
                atLineStart = false
            }
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        out += [UInt8(ascii: "."), 0x0D, 0x0A]
        return out
    }
}
