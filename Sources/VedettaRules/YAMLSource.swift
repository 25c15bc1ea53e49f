import Yams

/// Turns the bytes of one rules file into a YAML node tree, or into a positioned syntax error.
///
/// Never traps: binary garbage, tabs, empty files and libyaml errors all become `RuleError`s.
enum YAMLSource {
    enum Outcome {
        case document(Node)
        case empty
        case failed(RuleError)
    }

    static func parse(_ bytes: [UInt8], file: String) -> Outcome {
        if let (position, problem) = firstUTF8Problem(bytes) {
            return .failed(RuleError(code: .syntax, file: file, line: position.line, column: position.column,
                                     message: problem))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            guard let node = try Yams.compose(yaml: text) else { return .empty }
            if case let .scalar(s) = node, s.tag.rawValue == Tag.Name.null.rawValue { return .empty }
            return .document(node)
        } catch let error as YamlError {
            let (position, message) = describe(error, text: text)
            return .failed(RuleError(code: .syntax, file: file, line: position.line, column: position.column,
                                     message: message))
        } catch {
            return .failed(RuleError(code: .syntax, file: file, line: 1, column: 1, message: "YAML syntax error: \(error)"))
        }
    }

    static func describe(_ error: YamlError, text: String) -> (SourcePosition, String) {
        func context(_ c: YamlError.Context?) -> String {
            guard let c else { return "" }
            return " (" + c.text + " at line \(c.mark.line), column \(c.mark.column))"
        }
        switch error {
        case let .scanner(c, problem, mark, _), let .parser(c, problem, mark, _), let .composer(c, problem, mark, _):
            return (SourcePosition(line: mark.line, column: mark.column), "YAML syntax error: " + problem + context(c))
        case let .reader(problem, offset, _, _):
            return (position(ofByteOffset: offset ?? 0, in: Array(text.utf8)), "YAML syntax error: " + problem)
        case let .duplicatedKeysInMapping(duplicates, c):
            let keys = duplicates.sorted().map { "`\($0)`" }.joined(separator: ", ")
            return (SourcePosition(line: c.mark.line, column: c.mark.column),
                    "duplicate key \(keys) in the same mapping")
        default:
            return (.start, "YAML syntax error: \(error)")
        }
    }

    /// Line and column (in scalars) of a byte offset into valid UTF-8.
    static func position(ofByteOffset offset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1
        var column = 1
        for b in bytes.prefix(offset) {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourcePosition(line: line, column: column)
    }

    /// The position of the first byte that is not valid UTF-8 or is a NUL (which libyaml would misread as the
    /// end of input), with a sentence saying so.
    static func firstUTF8Problem(_ bytes: [UInt8]) -> (SourcePosition, String)? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00:
                return (position(ofByteOffset: i, in: bytes), "not a text file: NUL byte")
            case 0x01...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default:
                return (position(ofByteOffset: i, in: bytes), "not valid UTF-8 text: unexpected byte 0x" + hex(b))
            }
            guard i + length <= bytes.count, bytes[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) else {
                return (position(ofByteOffset: i, in: bytes), "not valid UTF-8 text: truncated sequence at byte 0x" + hex(b))
            }
            i += length
        }
        return nil
    }

    static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }
}
