/// Builds a `TicketEvent` from named scalar fields (a JSON object's members or a CSV record) and checks the
/// event contract: required fields, types, known event types, RFC 3339 times with an offset, text sizes.
public enum EventDecoder {
    /// Largest accepted subject, text or resolution, in UTF-8 bytes.
    public static let maximumTextBytes = 64 * 1024
    /// Largest accepted identifier-like field (ids, labels), in UTF-8 bytes.
    public static let maximumFieldBytes = 512

    /// A field's raw value, from JSON or CSV.
    public enum Field {
        case json(JSONScanner.Value)
        case csv(String)
    }

    /// Decodes one JSON object line.
    public static func decodeJSON(
        _ bytes: UnsafeBufferPointer<UInt8>, source: String, line: Int
    ) -> Result<TicketEvent, EventParseError> {
        let members: [(String, JSONScanner.Value)]
        do {
            members = try JSONScanner.object(in: bytes)
        } catch {
            return .failure(EventParseError(source: source, line: line, field: nil,
                                            reason: "malformed JSON at byte \(error.offset + 1): \(error.reason)"))
        }
        var fields = FieldSet()
        for (key, value) in members { fields.set(key, .json(value)) }
        return decode(fields, source: source, line: line)
    }

    /// Decodes one CSV record against its header.
    public static func decodeCSV(header: [String], record: [String], source: String, line: Int)
        -> Result<TicketEvent, EventParseError>
    {
        guard record.count <= header.count else {
            return .failure(EventParseError(source: source, line: line, field: nil,
                                            reason: "record has \(record.count) fields, the header \(header.count)"))
        }
        var fields = FieldSet()
        for (index, value) in record.enumerated() where !value.isEmpty {
            fields.set(header[index], .csv(value))
        }
        return decode(fields, source: source, line: line)
    }

    /// The known fields, looked up by name without hashing every member of the line.
    struct FieldSet {
        static let names = ["id", "ticket", "type", "at", "queue", "channel", "service", "category", "requester",
                            "requesterKind", "office", "region", "priority", "subject", "text", "resolution"]
        /// One hash per member instead of a string comparison with each known name.
        static let indices = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var values: [Field?] = Array(repeating: nil, count: 16)

        mutating func set(_ name: String, _ value: Field) {
            // Unknown names (a `label`, say) are ignored by contract.
            guard let index = FieldSet.indices[name] else { return }
            values[index] = value
        }

        subscript(_ name: String) -> Field? { values[FieldSet.indices[name]!] }
    }

    static func decode(_ fields: FieldSet, source: String, line: Int) -> Result<TicketEvent, EventParseError> {
        func fail(_ field: String?, _ reason: String) -> Result<TicketEvent, EventParseError> {
            .failure(EventParseError(source: source, line: line, field: field, reason: reason))
        }
        enum Check: Error { case bad(String, String) }
        func string(_ name: String, limit: Int = maximumFieldBytes) throws(Check) -> String? {
            guard let field = fields[name] else { return nil }
            let text: String
            switch field {
            case .csv(let s): text = s
            case .json(.string(let s)): text = s
            case .json(.null): return nil
            case .json(.number(_, let t)) where name == "id" || name == "ticket" || name == "requester": text = t
            case .json(let other): throw .bad(name, "expected a string, found \(kind(other))")
            }
            guard text.utf8.count <= limit else { throw .bad(name, "longer than \(limit) bytes") }
            // Control characters are single bytes in UTF-8 (no byte of a multi-byte sequence is below 0x80).
            if text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
                throw .bad(name, "contains control characters")
            }
            return text
        }
        do {
            guard let ticket = try string("ticket"), !ticket.isEmpty else { return fail("ticket", "is required") }
            guard let typeText = try string("type") else { return fail("type", "is required") }
            guard let type = EventType(rawValue: typeText.lowercased()) else {
                return fail("type", "unknown event type '\(typeText)' (expected one of "
                    + EventType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            guard let atText = try string("at") else { return fail("at", "is required") }
            guard let at = Timestamp(rfc3339: atText) else {
                return fail("at", "'\(atText)' is not an RFC 3339 time with an offset (e.g. 2026-03-02T09:15:00+01:00)")
            }
            var priority: Priority?
            if let p = try string("priority") {
                guard let parsed = Priority(rawValue: p.lowercased()) else {
                    return fail("priority", "unknown priority '\(p)' (expected low, normal, high or critical)")
                }
                priority = parsed
            }
            let subject = try string("subject", limit: maximumTextBytes)
            let text = try string("text", limit: maximumTextBytes)
            if type == .opened, (subject ?? "").isEmpty, (text ?? "").isEmpty {
                return fail("text", "an opened event needs a subject or a text")
            }
            let event = TicketEvent(
                id: try string("id").flatMap { $0.isEmpty ? nil : $0 }, ticket: ticket, type: type, at: at,
                queue: try string("queue"), channel: try string("channel"), service: try string("service"),
                category: try string("category"), requester: try string("requester"),
                requesterKind: try string("requesterKind"), office: try string("office"), region: try string("region"),
                priority: priority, subject: subject, text: text,
                resolution: try string("resolution", limit: maximumTextBytes))
            return .success(event)
        } catch {
            switch error {
            case .bad(let field, let reason): return fail(field, reason)
            }
        }
    }

    static func kind(_ value: JSONScanner.Value) -> String {
        switch value {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .object: "an object"
        case .array: "an array"
        }
    }
}
