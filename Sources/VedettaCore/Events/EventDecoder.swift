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
        var fields = FieldSet()
        do {
            try JSONScanner.forEachMember(in: bytes) { name, value in fields.set(name, .json(value)) }
        } catch {
            return .failure(EventParseError(source: source, line: line, field: nil,
                                            reason: "malformed JSON at byte \(error.offset + 1): \(error.reason)"))
        }
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

    /// The known fields, looked up by name without hashing: by length, then bytes.
    struct FieldSet {
        static let names = ["id", "ticket", "type", "at", "queue", "channel", "service", "category", "requester",
                            "requesterKind", "office", "region", "priority", "subject", "text", "resolution"]
        static let id = 0, ticket = 1, type = 2, at = 3, queue = 4, channel = 5, service = 6, category = 7,
                   requester = 8, requesterKind = 9, office = 10, region = 11, priority = 12, subject = 13, text = 14,
                   resolution = 15
        private static let nameBytes: [[UInt8]] = names.map { Array($0.utf8) }
        // Inline storage: no heap array per event.
        var values = InlineArray<16, Field?>(repeating: nil)

        /// The index of the known field named by `name` (UTF-8), or nil.
        @inline(__always)
        static func index(of name: UnsafeBufferPointer<UInt8>) -> Int? {
            let n = name.count
            guard n >= 2, n <= 13 else { return nil }
            for k in 0..<16 {
                let known = nameBytes[k]
                guard known.count == n, known[0] == name[0] else { continue }
                var equal = true
                for j in 1..<n where known[j] != name[j] {
                    equal = false
                    break
                }
                if equal { return k }
            }
            return nil
        }

        mutating func set(_ name: UnsafeBufferPointer<UInt8>, _ value: Field) {
            // Unknown names (a `label`, say) are ignored by contract.
            guard let index = FieldSet.index(of: name) else { return }
            values[index] = value
        }

        mutating func set(_ name: String, _ value: Field) {
            var name = name
            name.withUTF8 { set($0, value) }
        }

        subscript(_ index: Int) -> Field? { values[index] }
    }

    static func decode(_ fields: FieldSet, source: String, line: Int) -> Result<TicketEvent, EventParseError> {
        func fail(_ field: String?, _ reason: String) -> Result<TicketEvent, EventParseError> {
            .failure(EventParseError(source: source, line: line, field: field, reason: reason))
        }
        enum Check: Error { case bad(String, String) }
        func string(_ index: Int, limit: Int = maximumFieldBytes) throws(Check) -> String? {
            guard let field = fields[index] else { return nil }
            var text: String
            switch field {
            case .csv(let s): text = s
            case .json(.string(let s)): text = s
            case .json(.null): return nil
            case .json(.number(_, let t)) where index == FieldSet.id || index == FieldSet.ticket
                || index == FieldSet.requester:
                text = t
            case .json(let other): throw .bad(FieldSet.names[index], "expected a string, found \(kind(other))")
            }
            guard text.utf8.count <= limit else { throw .bad(FieldSet.names[index], "longer than \(limit) bytes") }
            // Control characters are single bytes in UTF-8 (no byte of a multi-byte sequence is below 0x80).
            let control = text.withUTF8 { ByteScan.hasControlCharacter($0) }
            if control { throw .bad(FieldSet.names[index], "contains control characters") }
            return text
        }
        do {
            guard let ticket = try string(FieldSet.ticket), !ticket.isEmpty else { return fail("ticket", "is required") }
            guard let typeText = try string(FieldSet.type) else { return fail("type", "is required") }
            guard let type = EventType(rawValue: typeText) ?? EventType(rawValue: typeText.lowercased()) else {
                return fail("type", "unknown event type '\(typeText)' (expected one of "
                    + EventType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            guard let atText = try string(FieldSet.at) else { return fail("at", "is required") }
            guard let at = Timestamp(rfc3339: atText) else {
                return fail("at", "'\(atText)' is not an RFC 3339 time with an offset (e.g. 2026-03-02T09:15:00+01:00)")
            }
            var priority: Priority?
            if let p = try string(FieldSet.priority) {
                guard let parsed = Priority(rawValue: p) ?? Priority(rawValue: p.lowercased()) else {
                    return fail("priority", "unknown priority '\(p)' (expected low, normal, high or critical)")
                }
                priority = parsed
            }
            let subject = try string(FieldSet.subject, limit: maximumTextBytes)
            let text = try string(FieldSet.text, limit: maximumTextBytes)
            if type == .opened, (subject ?? "").isEmpty, (text ?? "").isEmpty {
                return fail("text", "an opened event needs a subject or a text")
            }
            let event = TicketEvent(
                id: try string(FieldSet.id).flatMap { $0.isEmpty ? nil : $0 }, ticket: ticket, type: type, at: at,
                queue: try string(FieldSet.queue), channel: try string(FieldSet.channel), service: try string(FieldSet.service),
                category: try string(FieldSet.category), requester: try string(FieldSet.requester),
                requesterKind: try string(FieldSet.requesterKind), office: try string(FieldSet.office), region: try string(FieldSet.region),
                priority: priority, subject: subject, text: text,
                resolution: try string(FieldSet.resolution, limit: maximumTextBytes))
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
