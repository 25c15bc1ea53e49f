import Testing
@testable import VedettaCore

@Suite struct EventStreamParserTests {
    static let good = #"{"ticket":"BO-1","type":"opened","at":"2026-03-02T09:15:00+01:00","text":"errore 503","label":"x"}"#

    func parse(_ text: String, format: EventStreamParser.Format = .jsonLines, chunk: Int? = nil)
        -> (events: [(TicketEvent, Int)], errors: [EventParseError])
    {
        parse(Array(text.utf8), format: format, chunk: chunk)
    }

    func parse(_ bytes: [UInt8], format: EventStreamParser.Format = .jsonLines, chunk: Int? = nil)
        -> (events: [(TicketEvent, Int)], errors: [EventParseError])
    {
        var parser = EventStreamParser(format: format, source: "in.jsonl")
        var events: [(TicketEvent, Int)] = []
        var errors: [EventParseError] = []
        let sink: (EventStreamParser.Item) -> Void = {
            switch $0 {
            case .event(let e, let line): events.append((e, line))
            case .error(let error): errors.append(error)
            }
        }
        let size = chunk ?? max(bytes.count, 1)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + size, bytes.count)
            bytes[offset..<end].withUnsafeBufferPointer { parser.feed($0, sink) }
            offset = end
        }
        parser.finish(sink)
        return (events, errors)
    }

    @Test func acceptsAValidLineAndIgnoresUnknownFields() throws {
        let result = parse(Self.good + "\n")
        #expect(result.errors.isEmpty)
        let event = try #require(result.events.first?.0)
        #expect(event.ticket == "BO-1")
        #expect(event.type == .opened)
        #expect(event.at == Timestamp(rfc3339: "2026-03-02T08:15:00Z"))
        #expect(event.text == "errore 503")
        #expect(event.id == TicketEvent.defaultID(ticket: "BO-1", type: .opened, at: event.at))
    }

    @Test(arguments: [
        (#"{"ticket":"BO-1","type":"opened","at":"2026-03-02T09:15:00+01:00""#, nil as String?, "malformed JSON"),
        (#"{"type":"opened","at":"2026-03-02T09:15:00+01:00","text":"x"}"#, "ticket", "is required"),
        (#"{"ticket":"BO-1","at":"2026-03-02T09:15:00+01:00","text":"x"}"#, "type", "is required"),
        (#"{"ticket":"BO-1","type":"exploded","at":"2026-03-02T09:15:00+01:00","text":"x"}"#, "type", "unknown event type"),
        (#"{"ticket":"BO-1","type":"opened","at":"2026-03-02T09:15:00","text":"x"}"#, "at", "not an RFC 3339 time"),
        (#"{"ticket":"BO-1","type":"opened","at":12,"text":"x"}"#, "at", "expected a string, found a number"),
        (#"{"ticket":"BO-1","type":"opened","at":"2026-03-02T09:15:00Z","text":["x"]}"#, "text", "expected a string, found an array"),
        (#"{"ticket":"BO-1","type":"opened","at":"2026-03-02T09:15:00Z"}"#, "text", "needs a subject or a text"),
        (#"{"ticket":"BO-1","type":"opened","at":"2026-03-02T09:15:00Z","text":"x","priority":"urgent"}"#, "priority", "unknown priority"),
        (#"["not","an","object"]"#, nil, "expected a JSON object"),
        (#"{"ticket":"BO-1","type":"opened","at":"2026-03-02T09:15:00Z","text":"\ud800"}"#, nil, "unpaired surrogate"),
    ])
    func rejectsBadLinesNamingTheField(line: String, field: String?, reason: String) throws {
        let result = parse(Self.good + "\n" + line + "\n" + Self.good.replacingOccurrences("BO-1", "BO-2") + "\n")
        #expect(result.events.map { $0.0.ticket } == ["BO-1", "BO-2"], "good lines of the same batch are kept")
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.line == 2)
        #expect(error.field == field)
        #expect(error.reason.contains(reason), "\(error)")
        #expect(error.description.hasPrefix("in.jsonl:2:"))
    }

    @Test func rejectsTextsOver64KiB() throws {
        let big = String(repeating: "a", count: 64 * 1024 + 1)
        let line = #"{"ticket":"BO-1","type":"opened","at":"2026-03-02T09:15:00Z","text":""# + big + #""}"#
        let result = parse(line)
        #expect(result.events.isEmpty)
        #expect(result.errors.first?.field == "text")
        #expect(result.errors.first?.reason.contains("longer than 65536 bytes") == true)
    }

    @Test func binaryGarbageIsRejectedLineByLineWithoutLosingGoodLines() {
        var generator = SplitMix64(seed: 42)
        var bytes: [UInt8] = Array((Self.good + "\n").utf8)
        for _ in 0..<10_000 { bytes.append(UInt8(truncatingIfNeeded: generator.next())) }
        bytes.append(0x0A)
        bytes += Array((Self.good + "\n").utf8)
        let result = parse(bytes, chunk: 777)
        #expect(result.events.count == 2)
        #expect(!result.errors.isEmpty)
    }

    @Test func emptyInputYieldsNothing() {
        let result = parse("")
        #expect(result.events.isEmpty && result.errors.isEmpty)
        let blank = parse("\n\n  \n")
        #expect(blank.events.isEmpty && blank.errors.isEmpty)
    }

    @Test func overlongLineIsRejectedWithBoundedMemory() {
        let long = String(repeating: "x", count: EventStreamParser.maximumLineBytes + 10)
        let result = parse(long + "\n" + Self.good + "\n", chunk: 65536)
        #expect(result.events.count == 1)
        #expect(result.events.first?.1 == 2)
        #expect(result.errors.first?.reason.contains("line longer than") == true)
    }

    @Test func chunkBoundariesDoNotMatter() {
        let text = (0..<50).map { Self.good.replacingOccurrences("BO-1", "BO-\($0)") }.joined(separator: "\r\n")
        let whole = parse(text)
        let bytewise = parse(text, chunk: 1)
        #expect(whole.events.count == 50)
        #expect(whole.events.map(\.0) == bytewise.events.map(\.0))
        #expect(whole.events.map(\.1) == Array(1...50))
    }

    @Test func csvWithHeaderQuotedNewlinesAndBOM() throws {
        let csv = "\u{FEFF}ticket,type,at,text,ignored\r\n"
            + "BO-1,opened,2026-03-02T09:15:00+01:00,\"riga uno\nriga \"\"due\"\"\",zzz\r\n"
            + "BO-2,opened,2026-03-02T09:16:00+01:00,semplice,\r\n"
            + "BO-3,opened,not-a-time,x,\r\n"
        for chunk in [nil, 1, 7] as [Int?] {
            let result = parse(csv, format: .csv, chunk: chunk)
            #expect(result.events.map { $0.0.ticket } == ["BO-1", "BO-2"], "\(result.errors)")
            #expect(result.events.first?.0.text == "riga uno\nriga \"due\"")
            #expect(result.events.map(\.1) == [2, 4])
            #expect(result.errors.map(\.line) == [5])
            #expect(result.errors.first?.field == "at")
        }
    }

    @Test func csvWithoutHeaderIsRejectedWithAClearReason() {
        let csv = "BO-1,opened,2026-03-02T09:15:00+01:00,testo\nBO-2,opened,2026-03-02T09:15:00+01:00,testo\n"
        let result = parse(csv, format: .csv)
        #expect(result.events.isEmpty)
        #expect(result.errors.first?.line == 1)
        #expect(result.errors.first?.reason.contains("without a header row") == true)
        #expect(result.errors.count == 2)
    }

    @Test func csvUnterminatedQuoteAtEndOfFile() {
        let result = parse("ticket,type,at,text\nBO-1,opened,2026-03-02T09:15:00Z,\"open\n", format: .csv)
        #expect(result.events.isEmpty)
        #expect(result.errors.first?.reason.contains("not closed") == true)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

@Suite struct TicketEventJSONTests {
    @Test func jsonLineRoundTripsThroughTheParser() throws {
        let event = TicketEvent(
            ticket: "BO-9", type: .resolved, at: Timestamp(rfc3339: "2026-03-02T09:15:00+01:00")!, queue: "backoffice",
            service: "durc-online", requester: "r-1", priority: .high, subject: "Sub \"quoted\"",
            text: "riga\nnuova\tù €", resolution: "fatto \\ ok")
        var parser = EventStreamParser(format: .jsonLines, source: "x")
        var events: [TicketEvent] = []
        parser.parseAll(Array(event.jsonLine.utf8)) { if case .event(let e, _) = $0 { events.append(e) } }
        #expect(events == [event])
    }
}
