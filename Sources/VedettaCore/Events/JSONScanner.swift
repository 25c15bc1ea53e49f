/// A small, strict JSON reader over UTF-8 bytes for the event contract.
///
/// It reads one top-level value and keeps only what the event contract needs: the members of an object as
/// scalars. Nested objects and arrays are validated and skipped (unknown fields are ignored, never rejected).
/// Written by hand rather than with `JSONDecoder` so that ingest runs at hundreds of thousands of events per
/// second and every error names the field and the byte where it happened.
public struct JSONScanner {
    /// A scalar member value.
    public enum Value: Hashable, Sendable {
        case string(String)
        case number(Double, text: String)
        case bool(Bool)
        case null
        /// A nested object or array (skipped, kept only as its kind for type errors).
        case object
        case array
    }

    /// A syntax error at a byte offset.
    public struct SyntaxError: Error, Hashable, Sendable {
        /// Byte offset of the error within the scanned text (0-based).
        public var offset: Int
        /// What was wrong.
        public var reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i: Int

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.i = 0
    }

    /// Parses one JSON object; returns its members in order (later duplicates override earlier ones at use).
    public static func object(in bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [(String, Value)] {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else {
            throw SyntaxError(offset: scanner.i, reason: scanner.peek == nil ? "empty input" : "expected a JSON object")
        }
        var members: [(String, Value)] = []
        try scanner.readObjectMembers { key, value in
            members.append((String(decoding: key, as: UTF8.self), value))
        }
        scanner.skipWhitespace()
        if scanner.i != bytes.count { throw SyntaxError(offset: scanner.i, reason: "unexpected data after the object") }
        return members
    }

    /// `object(in:)` without building the member list or a `String` per member name: each member's name is
    /// handed over as its (valid UTF-8) bytes, which live only for the call. Same errors as `object(in:)`.
    static func forEachMember(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Value) -> Void
    ) throws(SyntaxError) {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else {
            throw SyntaxError(offset: scanner.i, reason: scanner.peek == nil ? "empty input" : "expected a JSON object")
        }
        try scanner.readObjectMembers(body)
        scanner.skipWhitespace()
        if scanner.i != bytes.count { throw SyntaxError(offset: scanner.i, reason: "unexpected data after the object") }
    }

    /// Splits a JSON array of objects into the byte ranges of its elements (for `POST /v1/events` with an array).
    public static func arrayElements(in bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [Range<Int>] {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "[") else { throw SyntaxError(offset: scanner.i, reason: "expected a JSON array") }
        scanner.i += 1
        var ranges: [Range<Int>] = []
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "]") {
            scanner.i += 1
        } else {
            while true {
                scanner.skipWhitespace()
                let start = scanner.i
                _ = try scanner.readValue(depth: 1)
                ranges.append(start..<scanner.i)
                scanner.skipWhitespace()
                guard let c = scanner.peek else { throw SyntaxError(offset: scanner.i, reason: "unterminated array") }
                scanner.i += 1
                if c == UInt8(ascii: "]") { break }
                guard c == UInt8(ascii: ",") else { throw SyntaxError(offset: scanner.i - 1, reason: "expected , or ] in array") }
            }
        }
        scanner.skipWhitespace()
        if scanner.i != bytes.count { throw SyntaxError(offset: scanner.i, reason: "unexpected data after the array") }
        return ranges
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func readObjectMembers(
        _ body: (UnsafeBufferPointer<UInt8>, Value) -> Void
    ) throws(SyntaxError) {
        i += 1  // {
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw SyntaxError(offset: i, reason: "expected a member name") }
            // A name without escapes stays in the input; one with escapes is decoded into a string.
            var escaped: String?
            let keyStart = i + 1
            let keyEnd: Int
            if let end = try skipPlainString() {
                keyEnd = end
            } else {
                escaped = try readString()
                keyEnd = keyStart
            }
            func keyText() -> String {
                escaped ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd]), as: UTF8.self)
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw SyntaxError(offset: i, reason: "expected : after \"\(keyText())\"") }
            i += 1
            skipWhitespace()
            let value = try readValue(depth: 1)
            if var escaped {
                escaped.withUTF8 { body($0, value) }
            } else {
                body(UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd]), value)
            }
            skipWhitespace()
            guard let c = peek else { throw SyntaxError(offset: i, reason: "unterminated object") }
            i += 1
            if c == UInt8(ascii: "}") { return }
            guard c == UInt8(ascii: ",") else { throw SyntaxError(offset: i - 1, reason: "expected , or } after member \"\(keyText())\"") }
        }
    }

    /// Moves past a string that holds no escape (valid UTF-8 checked as `readString` does) and returns the
    /// offset of its closing quote; returns nil, without moving, when the string has an escape.
    private mutating func skipPlainString() throws(SyntaxError) -> Int? {
        let quote = i
        var k = i + 1
        var ascii = true
        while k < bytes.count {
            let c = bytes[k]
            if c == UInt8(ascii: "\"") {
                guard ascii || UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[(quote + 1)..<k])) else {
                    throw SyntaxError(offset: quote + 1, reason: "string is not valid UTF-8")
                }
                i = k + 1
                return k
            }
            if c == UInt8(ascii: "\\") { return nil }
            if c < 0x20 { throw SyntaxError(offset: k, reason: "control character in string") }
            if c >= 0x80 { ascii = false }
            k += 1
        }
        throw SyntaxError(offset: quote, reason: "unterminated string")
    }

    private mutating func readValue(depth: Int) throws(SyntaxError) -> Value {
        guard depth < 64 else { throw SyntaxError(offset: i, reason: "nesting deeper than 64 levels") }
        guard let c = peek else { throw SyntaxError(offset: i, reason: "unexpected end of input") }
        switch c {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "{"):
            try skipContainer(open: c, close: UInt8(ascii: "}"), depth: depth)
            return .object
        case UInt8(ascii: "["):
            try skipContainer(open: c, close: UInt8(ascii: "]"), depth: depth)
            return .array
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber()
        default:
            throw SyntaxError(offset: i, reason: "unexpected character \(JSONScanner.describe(c))")
        }
    }

    private mutating func skipContainer(open: UInt8, close: UInt8, depth: Int) throws(SyntaxError) {
        if open == UInt8(ascii: "{") {
            var nested = self
            _ = try nested.readObjectMembersSkipping(depth: depth + 1)
            i = nested.i
            return
        }
        i += 1
        skipWhitespace()
        if peek == close {
            i += 1
            return
        }
        while true {
            skipWhitespace()
            _ = try readValue(depth: depth + 1)
            skipWhitespace()
            guard let c = peek else { throw SyntaxError(offset: i, reason: "unterminated array") }
            i += 1
            if c == close { return }
            guard c == UInt8(ascii: ",") else { throw SyntaxError(offset: i - 1, reason: "expected , or ] in array") }
        }
    }

    private mutating func readObjectMembersSkipping(depth: Int) throws(SyntaxError) {
        i += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw SyntaxError(offset: i, reason: "expected a member name") }
            _ = try readString()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw SyntaxError(offset: i, reason: "expected :") }
            i += 1
            skipWhitespace()
            _ = try readValue(depth: depth + 1)
            skipWhitespace()
            guard let c = peek else { throw SyntaxError(offset: i, reason: "unterminated object") }
            i += 1
            if c == UInt8(ascii: "}") { return }
            guard c == UInt8(ascii: ",") else { throw SyntaxError(offset: i - 1, reason: "expected , or }") }
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let n = word.utf8CodeUnitCount
        guard bytes.count - i >= n else { throw SyntaxError(offset: i, reason: "unexpected end of input") }
        let p = word.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] {
            throw SyntaxError(offset: i + k, reason: "invalid literal")
        }
        i += n
    }

    private mutating func readNumber() throws(SyntaxError) -> Value {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while let c = peek, c >= 0x30, c <= 0x39 { i += 1; digits += 1 }
        guard digits > 0 else { throw SyntaxError(offset: start, reason: "invalid number") }
        if peek == UInt8(ascii: ".") {
            i += 1
            var frac = 0
            while let c = peek, c >= 0x30, c <= 0x39 { i += 1; frac += 1 }
            guard frac > 0 else { throw SyntaxError(offset: start, reason: "invalid number") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            var exp = 0
            while let c = peek, c >= 0x30, c <= 0x39 { i += 1; exp += 1 }
            guard exp > 0 else { throw SyntaxError(offset: start, reason: "invalid number") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        return .number(Double(text) ?? .nan, text: text)
    }

    private mutating func readString() throws(SyntaxError) -> String {
        let quote = i
        i += 1
        let start = i
        // Fast path: no escapes, valid UTF-8 checked once at the end (and not at all for ASCII). Plain bytes
        // are skipped eight at a time; the byte loop below finds what stopped the skip.
        var ascii = true
        while i + 8 <= bytes.count {
            let x = ByteScan.word(bytes, i)
            if ByteScan.hasByte(x, 0x22) || ByteScan.hasByte(x, 0x5C) || ByteScan.hasLess(x, 0x20) { break }
            if ByteScan.hasHigh(x) { ascii = false }
            i += 8
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                guard ascii || UTF8Validation.isValid(slice) else {
                    throw SyntaxError(offset: start, reason: "string is not valid UTF-8")
                }
                return String(decoding: slice, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw SyntaxError(offset: i, reason: "control character in string") }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        guard i < bytes.count else { throw SyntaxError(offset: quote, reason: "unterminated string") }
        // Slow path with escapes.
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                guard out.withUnsafeBufferPointer(UTF8Validation.isValid) else {
                    throw SyntaxError(offset: start, reason: "string is not valid UTF-8")
                }
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw SyntaxError(offset: i, reason: "control character in string") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard let e = peek else { break }
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw SyntaxError(offset: i, reason: "unpaired surrogate in string")
                    }
                    i += 2
                    let low = try readHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw SyntaxError(offset: i, reason: "unpaired surrogate in string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw SyntaxError(offset: i, reason: "unpaired surrogate in string")
                }
                guard let u = Unicode.Scalar(scalar) else { throw SyntaxError(offset: i, reason: "invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw SyntaxError(offset: i - 1, reason: "invalid escape \\\(JSONScanner.describe(e))")
            }
        }
        throw SyntaxError(offset: quote, reason: "unterminated string")
    }

    private mutating func readHex4() throws(SyntaxError) -> UInt32 {
        guard bytes.count - i >= 4 else { throw SyntaxError(offset: i, reason: "invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw SyntaxError(offset: i, reason: "invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    static func describe(_ c: UInt8) -> String {
        if c >= 0x21, c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16, uppercase: true)
    }
}
