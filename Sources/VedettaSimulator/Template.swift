/// A compiled sentence template: `[a|b|c]` picks one alternative (nestable, `[x|]` makes `x` optional) and
/// `{slot}` is filled by the caller (service names, error codes, personal data). Compiled once, expanded many
/// times, so that text generation costs little per ticket.
struct Template: Sendable {
    indirect enum Piece: Sendable {
        case literal(String)
        case choice([[Piece]])
        case slot(String)
    }

    let pieces: [Piece]

    init(_ source: String) {
        var scalars = Array(source.unicodeScalars)[...]
        pieces = Template.parseSequence(&scalars, nested: false)
    }

    private static func parseSequence(_ s: inout ArraySlice<Unicode.Scalar>, nested: Bool) -> [Piece] {
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        func flush() {
            if !literal.isEmpty {
                pieces.append(.literal(String(literal)))
                literal = String.UnicodeScalarView()
            }
        }
        while let c = s.first {
            if nested, c == "|" || c == "]" { break }
            s.removeFirst()
            switch c {
            case "[":
                flush()
                var alternatives: [[Piece]] = []
                while true {
                    alternatives.append(parseSequence(&s, nested: true))
                    guard let end = s.first else { break }
                    s.removeFirst()
                    if end == "]" { break }
                }
                pieces.append(.choice(alternatives))
            case "{":
                flush()
                var name = String.UnicodeScalarView()
                while let d = s.first, d != "}" {
                    name.append(d)
                    s.removeFirst()
                }
                if !s.isEmpty { s.removeFirst() }
                pieces.append(.slot(String(name)))
            default:
                literal.append(c)
            }
        }
        flush()
        return pieces
    }

    /// The expanded text; `fill` answers slots.
    func expand(_ rng: inout SeededGenerator, _ fill: (String, inout SeededGenerator) -> String) -> String {
        var out = ""
        Template.append(pieces, to: &out, &rng, fill)
        return Template.tidy(out)
    }

    private static func append(_ pieces: [Piece], to out: inout String, _ rng: inout SeededGenerator,
                               _ fill: (String, inout SeededGenerator) -> String) {
        for piece in pieces {
            switch piece {
            case let .literal(text): out += text
            case let .choice(alternatives): append(alternatives[rng.index(alternatives.count)], to: &out, &rng, fill)
            case let .slot(name): out += fill(name, &rng)
            }
        }
    }

    /// Collapses the double spaces that empty alternatives leave behind and trims the ends.
    static func tidy(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastSpace = true
        for c in text.unicodeScalars {
            if c == " " {
                if lastSpace { continue }
                lastSpace = true
            } else {
                if lastSpace, (c == "," || c == "." || c == "?" || c == "!"), let last = out.last, last == " " {
                    out.removeLast()
                }
                lastSpace = false
            }
            out.append(c)
        }
        while let last = out.last, last == " " { out.removeLast() }
        return String(out)
    }
}
