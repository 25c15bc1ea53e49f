/// Folds a header field into lines of at most 76 characters (RFC 5322 §2.2.3) by breaking between tokens.
///
/// A token longer than a line is kept whole (the hard limit is 998), which only happens with absurdly long
/// addresses or words.
struct HeaderFolder {
    /// The target line length, CRLF excluded.
    static let lineLength = 76

    /// `name: token token …` folded, CRLF-terminated.
    static func fold(name: String, tokens: [String]) -> String {
        var output = ""
        var line = name + ":"
        var lineHasToken = false
        for token in tokens {
            if lineHasToken, line.utf8.count + 1 + token.utf8.count > lineLength {
                output += line + "\r\n"
                line = ""
            }
            line += " " + token
            lineHasToken = true
        }
        return output + line + "\r\n"
    }

    /// Tokens of unstructured text (a subject, an extra header's value): words when the text is plain ASCII,
    /// encoded-words otherwise. Runs of white space and line breaks collapse to one space: a header value is one
    /// logical line, and a CR or LF in it would inject headers.
    static func unstructuredTokens(_ text: String, nameLength: Int) -> [String] {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let collapsed = words.joined(separator: " ")
        if EncodedWord.isPlainHeaderText(collapsed) { return words }
        return EncodedWord.encode(collapsed, firstWordLength: lineLength - nameLength - 2)
    }

    /// Tokens of a mailbox list (`From`, `To`, `Cc`), commas attached to the end of each mailbox.
    static func mailboxTokens(_ mailboxes: [MailAddress]) -> [String] {
        var tokens: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var mailboxTokens: [String] = []
            let name = (mailbox.displayName ?? "").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if name.isEmpty {
                mailboxTokens.append(mailbox.address)
            } else {
                mailboxTokens += phraseTokens(name)
                mailboxTokens.append("<" + mailbox.address + ">")
            }
            if index < mailboxes.count - 1 { mailboxTokens[mailboxTokens.count - 1] += "," }
            tokens += mailboxTokens
        }
        return tokens
    }

    /// A display name as atoms when it is made of atext words only, as one quoted string when it is other
    /// printable ASCII, and as encoded-words otherwise.
    private static func phraseTokens(_ name: String) -> [String] {
        guard EncodedWord.isPlainHeaderText(name) else { return EncodedWord.encode(name) }
        let words = name.split(separator: " ").map(String.init)
        if words.allSatisfy({ $0.utf8.allSatisfy(isAtext) }) { return words }
        var quoted = "\""
        for character in name {
            if character == "\"" || character == "\\" { quoted += "\\" }
            quoted.append(character)
        }
        return [quoted + "\""]
    }

    private static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }
}
