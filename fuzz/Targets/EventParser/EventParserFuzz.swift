import VedettaCore

/// libFuzzer entry point for `EventStreamParser` (JSON Lines and CSV). Input: byte 0 picks the format (low bit)
/// and a chunk size (the rest); the remaining bytes are the stream.
///
/// Beyond "no crash, no sanitizer report", it checks two properties:
/// - chunking does not matter: feeding the stream in chunks of any size gives exactly the items of one
///   `parseAll`;
/// - an accepted event survives its own serialisation: `jsonLine` decodes back to the same event.
@_cdecl("LLVMFuzzerTestOneInput")
public func eventParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let format: EventStreamParser.Format = control & 1 == 0 ? .jsonLines : .csv
    let chunkSize = Int(control >> 1) + 1

    var whole: [String] = []
    var parser = EventStreamParser(format: format, source: "fuzz")
    parser.parseAll(bytes) { whole.append(describe($0)) }

    var chunked: [String] = []
    var streaming = EventStreamParser(format: format, source: "fuzz")
    bytes.withUnsafeBufferPointer { buffer in
        var start = 0
        while start < buffer.count {
            let end = min(buffer.count, start + chunkSize)
            streaming.feed(UnsafeBufferPointer(rebasing: buffer[start..<end])) { chunked.append(describe($0)) }
            start = end
        }
    }
    streaming.finish { chunked.append(describe($0)) }
    if whole != chunked {
        fatalError("chunk size \(chunkSize) changes the result:\n\(whole)\nvs\n\(chunked)")
    }

    var roundTrip = EventStreamParser(format: format, source: "fuzz")
    roundTrip.parseAll(bytes) { item in
        guard case .event(let event, _) = item else { return }
        var line = Array(event.jsonLine.utf8)
        let again = line.withUnsafeMutableBufferPointer {
            EventDecoder.decodeJSON(UnsafeBufferPointer($0), source: "fuzz", line: 1)
        }
        switch again {
        case .success(let decoded) where decoded == event: break
        case .success(let decoded): fatalError("round trip changed the event:\n\(event)\n\(decoded)")
        case .failure(let error): fatalError("round trip rejected \(event.jsonLine): \(error)")
        }
    }
    return 0
}

private func describe(_ item: EventStreamParser.Item) -> String {
    switch item {
    case .event(let event, let line): "event \(line) \(event.jsonLine)"
    case .error(let error): "error \(error)"
    }
}
