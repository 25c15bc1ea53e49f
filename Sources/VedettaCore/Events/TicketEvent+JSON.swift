extension TicketEvent {
    /// The event as one canonical JSON object (fixed member order, absent fields omitted): how the store keeps
    /// it and how replays and exports write it. Byte-stable for the same event.
    public var jsonLine: String {
        var out = "{"
        out.reserveCapacity(256 + (text?.utf8.count ?? 0))
        func member(_ name: String, _ value: String?) {
            guard let value else { return }
            if out.utf8.count > 1 { out += "," }
            out += "\""
            out += name
            out += "\":"
            JSONText.appendQuoted(value, to: &out)
        }
        member("id", id)
        member("ticket", ticket)
        member("type", type.rawValue)
        member("at", at.rfc3339)
        member("queue", queue)
        member("channel", channel)
        member("service", service)
        member("category", category)
        member("requester", requester)
        member("requesterKind", requesterKind)
        member("office", office)
        member("region", region)
        member("priority", priority?.rawValue)
        member("subject", subject)
        member("text", text)
        member("resolution", resolution)
        out += "}"
        return out
    }
}

/// JSON string quoting shared by every hand-written JSON output (events, incidents, assignments).
public enum JSONText {
    /// Appends `value` as a quoted JSON string.
    public static func appendQuoted(_ value: String, to out: inout String) {
        out += "\""
        var needsEscape = false
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        out += "\""
    }

    /// `value` as a quoted JSON string.
    public static func quoted(_ value: String) -> String {
        var out = ""
        appendQuoted(value, to: &out)
        return out
    }
}
