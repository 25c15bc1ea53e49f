/// Parses an event stream fed in chunks of any size: JSON Lines or CSV with a header row.
///
/// Memory stays bounded whatever the input (a 1 GB file, a single endless line): a line or record longer than
/// `maximumLineBytes` is rejected and skipped. Good lines are emitted as they complete; bad ones as errors that
/// name source, line, field and reason. The caller decides batching and storage.
public struct EventStreamParser {
    /// Input format.
    public enum Format: String, Sendable {
        case jsonLines
        case csv

        /// The format a file name implies (`.jsonl`, `.ndjson`, `.json` → JSON Lines; `.csv` → CSV).
        public init?(fileName: String) {
            let lower = fileName.lowercased()
            if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
                self = .jsonLines
            } else if lower.hasSuffix(".csv") {
                self = .csv
            } else {
                return nil
            }
        }
    }

    /// One outcome of the stream.
    public enum Item {
        case event(TicketEvent, line: Int)
        case error(EventParseError)
    }

    /// Longest accepted line or record (bytes).
    public static let maximumLineBytes = 1 << 20

    /// The format being parsed.
    public let format: Format
    /// The source name used in errors.
    public let source: String

    private var buffer: [UInt8] = []
    private var lineNumber = 1
    private var oversized = false
    private var atStart = true
    private var prefix: [UInt8] = []
    // CSV state.
    private var header: [String]?
    private var headerFailed = false
    private var csv = CSVRecordReader()

    /// A parser for `source` in `format`.
    public init(format: Format, source: String) {
        self.format = format
        self.source = source
        buffer.reserveCapacity(64 * 1024)
    }

    /// Feeds the next chunk; emits every item it completes.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (Item) -> Void) {
        guard atStart else { return feedBody(chunk, emit) }
        // A UTF-8 byte order mark from spreadsheet exports, possibly split across chunks.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var index = 0
        while index < chunk.count, prefix.count < 3 {
            prefix.append(chunk[index])
            index += 1
            if prefix != Array(bom.prefix(prefix.count)) { break }
        }
        let rest = UnsafeBufferPointer(rebasing: chunk[index...])
        if prefix == bom {
            atStart = false
            prefix = []
        } else if prefix != Array(bom.prefix(prefix.count)) {
            atStart = false
            let held = prefix
            prefix = []
            held.withUnsafeBufferPointer { feedBody($0, emit) }
        } else {
            return  // still undecided: wait for more bytes
        }
        feedBody(rest, emit)
    }

    private mutating func feedBody(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (Item) -> Void) {
        switch format {
        case .jsonLines: feedLines(chunk, emit)
        case .csv: feedCSV(chunk, emit)
        }
    }

    /// Feeds a whole buffer and finishes.
    public mutating func parseAll(_ bytes: [UInt8], _ emit: (Item) -> Void) {
        bytes.withUnsafeBufferPointer { feed($0, emit) }
        finish(emit)
    }

    /// Ends the stream: a last line without a newline still counts.
    public mutating func finish(_ emit: (Item) -> Void) {
        if atStart, !prefix.isEmpty {
            atStart = false
            let held = prefix
            prefix = []
            held.withUnsafeBufferPointer { feedBody($0, emit) }
        }
        switch format {
        case .jsonLines:
            if !buffer.isEmpty || oversized { completeLine(emit) }
        case .csv:
            if let record = csv.finish() { handleCSVRecord(record, emit) }
            if csv.failedOversized { emitOversizedCSV(emit) }
            if header == nil, !headerFailed, csv.sawData {
                emit(.error(EventParseError(source: source, line: 1, field: nil, reason: "CSV file has no records")))
            }
        }
    }

    private mutating func feedLines(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (Item) -> Void) {
        var start = 0
        var index = 0
        let count = chunk.count
        while let newline = ByteScan.firstNewline(chunk, from: index) {
            if buffer.isEmpty, !oversized, newline - start <= EventStreamParser.maximumLineBytes {
                // The whole line is in this chunk: decoded in place, not copied into the line buffer.
                decodeLine(UnsafeBufferPointer(rebasing: chunk[start..<newline]), emit)
                lineNumber += 1
            } else {
                appendToLine(UnsafeBufferPointer(rebasing: chunk[start..<newline]))
                completeLine(emit)
            }
            start = newline + 1
            index = newline + 1
        }
        if start < count { appendToLine(UnsafeBufferPointer(rebasing: chunk[start..<count])) }
    }

    private mutating func appendToLine(_ part: UnsafeBufferPointer<UInt8>) {
        guard !oversized else { return }
        if buffer.count + part.count > EventStreamParser.maximumLineBytes {
            oversized = true
            buffer.removeAll(keepingCapacity: true)
            return
        }
        buffer.append(contentsOf: part)
    }

    private mutating func completeLine(_ emit: (Item) -> Void) {
        defer {
            lineNumber += 1
            buffer.removeAll(keepingCapacity: true)
            oversized = false
        }
        if oversized {
            emit(.error(EventParseError(source: source, line: lineNumber, field: nil,
                                        reason: "line longer than \(EventStreamParser.maximumLineBytes) bytes")))
            return
        }
        buffer.withUnsafeBufferPointer { decodeLine($0, emit) }
    }

    /// Decodes one complete line (without its newline) as line `lineNumber`.
    private func decodeLine(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (Item) -> Void) {
        var line = bytes
        if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        // Blank lines are tolerated: many writers end files with one.
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        switch EventDecoder.decodeJSON(line, source: source, line: lineNumber) {
        case .success(let event): emit(.event(event, line: lineNumber))
        case .failure(let error): emit(.error(error))
        }
    }

    private mutating func feedCSV(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (Item) -> Void) {
        var reader = csv
        var records: [CSVRecordReader.Record] = []
        reader.feed(chunk) { records.append($0) }
        csv = reader
        for record in records { handleCSVRecord(record, emit) }
        if csv.failedOversized { emitOversizedCSV(emit) }
    }

    private mutating func emitOversizedCSV(_ emit: (Item) -> Void) {
        emit(.error(EventParseError(source: source, line: csv.oversizedLine, field: nil,
                                    reason: "record longer than \(EventStreamParser.maximumLineBytes) bytes")))
        csv.failedOversized = false
    }

    private mutating func handleCSVRecord(_ record: CSVRecordReader.Record, _ emit: (Item) -> Void) {
        if headerFailed {
            emit(.error(EventParseError(source: source, line: record.line, field: nil,
                                        reason: "skipped: the file has no valid header row")))
            return
        }
        guard let header else {
            let names = record.fields.map { $0.trimmingASCIISpaces() }
            if record.invalidUTF8 || !(["ticket", "type", "at"].allSatisfy(names.contains)) {
                headerFailed = true
                emit(.error(EventParseError(source: source, line: record.line, field: nil,
                                            reason: "CSV without a header row: the first row must name the columns, "
                                                + "at least ticket, type and at")))
                return
            }
            self.header = names
            return
        }
        if record.fields.count == 1, record.fields[0].isEmpty { return }  // blank line
        if record.invalidUTF8 {
            emit(.error(EventParseError(source: source, line: record.line, field: nil, reason: "record is not valid UTF-8")))
            return
        }
        if record.unterminatedQuote {
            emit(.error(EventParseError(source: source, line: record.line, field: nil,
                                        reason: "quoted field is not closed before the end of the file")))
            return
        }
        switch EventDecoder.decodeCSV(header: header, record: record.fields, source: source, line: record.line) {
        case .success(let event): emit(.event(event, line: record.line))
        case .failure(let error): emit(.error(error))
        }
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
