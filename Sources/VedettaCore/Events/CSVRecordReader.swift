/// An incremental RFC 4180 record reader: quoted fields, doubled quotes, newlines inside quotes, CRLF or LF.
struct CSVRecordReader {
    struct Record {
        var fields: [String]
        var line: Int
        var invalidUTF8: Bool
        var unterminatedQuote = false
    }

    private var fields: [String] = []
    private var field: [UInt8] = []
    private var inQuotes = false
    private var quoteSeen = false
    private var recordBytes = 0
    private var line = 1
    private var recordLine = 1
    private var invalid = false
    private var skipping = false
    private(set) var sawData = false
    var failedOversized = false
    private(set) var oversizedLine = 0

    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (Record) -> Void) {
        for byte in chunk {
            sawData = true
            if skipping {
                // Drop the rest of an oversized record, honouring quotes so that we resync on a real boundary.
                if byte == 0x22 { inQuotes.toggle() }
                if byte == 0x0A {
                    line += 1
                    if !inQuotes {
                        skipping = false
                        reset()
                    }
                }
                continue
            }
            recordBytes += 1
            if recordBytes > EventStreamParser.maximumLineBytes {
                failedOversized = true
                oversizedLine = recordLine
                skipping = true
                if byte == 0x0A { line += 1 }
                continue
            }
            if inQuotes {
                if byte == 0x22 {
                    inQuotes = false
                    quoteSeen = true
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22:
                if quoteSeen { field.append(0x22) }  // doubled quote inside a quoted field
                inQuotes = true
                quoteSeen = false
            case 0x2C:
                endField()
            case 0x0D:
                break
            case 0x0A:
                endField()
                emit(Record(fields: fields, line: recordLine, invalidUTF8: invalid))
                line += 1
                reset()
            default:
                quoteSeen = false
                field.append(byte)
            }
        }
    }

    mutating func finish() -> Record? {
        guard !skipping, recordBytes > 0 else { return nil }
        let unterminated = inQuotes
        endField()
        let record = Record(fields: fields, line: recordLine, invalidUTF8: invalid, unterminatedQuote: unterminated)
        reset()
        return record
    }

    private mutating func endField() {
        if field.withUnsafeBufferPointer(UTF8Validation.isValid) {
            fields.append(String(decoding: field, as: UTF8.self))
        } else {
            invalid = true
            fields.append("")
        }
        field.removeAll(keepingCapacity: true)
        quoteSeen = false
    }

    private mutating func reset() {
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        inQuotes = false
        quoteSeen = false
        recordBytes = 0
        recordLine = line
        invalid = false
    }
}
