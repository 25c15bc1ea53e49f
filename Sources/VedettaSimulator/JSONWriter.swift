import VedettaCore

/// Hand-written JSON: the output bytes depend only on the values, never on an encoder's defaults or on a
/// dictionary's order.
struct JSONWriter {
    var text = ""

    mutating func raw(_ s: String) { text += s }

    mutating func string(_ s: String) {
        // The same escaping as every other JSON Vedetta writes (events, incidents, assignments).
        JSONText.appendQuoted(s, to: &text)
    }

    mutating func strings(_ list: [String]) {
        text.append("[")
        for (i, s) in list.enumerated() {
            if i > 0 { text += ", " }
            string(s)
        }
        text.append("]")
    }

    /// Shortest round-trip decimal; Swift's description of a Double is stable across platforms.
    mutating func number(_ d: Double) {
        if d == d.rounded(), abs(d) < 1e15 { text += String(Int64(d)) } else { text += String(d) }
    }

    /// One event as a JSON line, keys sorted, absent fields left out, time in Rome's offset.
    static func line(_ e: TicketEvent, label: String) -> String {
        var w = JSONWriter()
        w.text.reserveCapacity(512)
        w.raw("{\"at\":"); w.string(RomeTime.format(e.at))
        func field(_ key: String, _ value: String?) {
            guard let value else { return }
            w.raw(",\"" + key + "\":")
            w.string(value)
        }
        field("category", e.category)
        field("channel", e.channel)
        field("id", e.id)
        field("label", label)
        field("office", e.office)
        field("priority", e.priority?.rawValue)
        field("queue", e.queue)
        field("region", e.region)
        field("requester", e.requester)
        field("requesterKind", e.requesterKind)
        field("resolution", e.resolution)
        field("service", e.service)
        field("subject", e.subject)
        field("text", e.text)
        field("ticket", e.ticket)
        field("type", e.type.rawValue)
        w.raw("}")
        return w.text
    }
}
