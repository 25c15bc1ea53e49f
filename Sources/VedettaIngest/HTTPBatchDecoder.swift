import VedettaCore

/// Decodes the body of `POST /v1/events`: one JSON object, a JSON array of objects, or NDJSON.
public enum HTTPBatchDecoder {
    /// Decodes `body`; errors name the element (array index + 1) or the NDJSON line as `line`. `admit` may refuse
    /// a decoded event (`ArrivalWindow`): its error is reported like a decoding one.
    public static func decode(
        _ body: [UInt8], source: String = "http", admit: (TicketEvent, Int) -> EventParseError? = { _, _ in nil }
    ) -> (events: [TicketEvent], errors: [EventParseError]) {
        var events: [TicketEvent] = []
        var errors: [EventParseError] = []
        func take(_ event: TicketEvent, line: Int) {
            if let refused = admit(event, line) { errors.append(refused) } else { events.append(event) }
        }
        let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
        if first == UInt8(ascii: "[") {
            body.withUnsafeBufferPointer { buffer in
                do {
                    let ranges = try JSONScanner.arrayElements(in: buffer)
                    for (index, range) in ranges.enumerated() {
                        switch EventDecoder.decodeJSON(UnsafeBufferPointer(rebasing: buffer[range]), source: source,
                                                       line: index + 1) {
                        case .success(let event): take(event, line: index + 1)
                        case .failure(let error): errors.append(error)
                        }
                    }
                } catch let error as JSONScanner.SyntaxError {
                    errors.append(EventParseError(source: source, line: 1, field: nil,
                                                  reason: "malformed JSON array at byte \(error.offset + 1): \(error.reason)"))
                } catch {}
            }
            return (events, errors)
        }
        // A single pretty-printed object spans lines: try the whole body as one object first.
        if first == UInt8(ascii: "{") {
            let whole = body.withUnsafeBufferPointer { EventDecoder.decodeJSON($0, source: source, line: 1) }
            if case .success(let event) = whole {
                take(event, line: 1)
                return (events, errors)
            }
            if body.firstIndex(of: 0x0A).map({ body[$0...].contains(where: { $0 > 0x20 }) }) != true,
               case .failure(let error) = whole
            {
                return ([], [error])
            }
        }
        var parser = EventStreamParser(format: .jsonLines, source: source)
        parser.parseAll(body) { item in
            switch item {
            case .event(let event, let line): take(event, line: line)
            case .error(let error): errors.append(error)
            }
        }
        if events.isEmpty, errors.isEmpty {
            errors.append(EventParseError(source: source, line: 1, field: nil, reason: "empty body"))
        }
        return (events, errors)
    }
}
