/// Turns a report into tokens: Unicode folding, elision splitting, masking, stop words, stemming.
///
/// The pipeline, per report: fold (lower case, composed accents, ASCII apostrophes); scan into words, masked
/// variable parts (`<number>`, `<date>`, `<email>`…) and error codes (`#503`, `#E-1021`); guess the language
/// from the words; drop that language's stop words and single letters; stem each word with the language's
/// Snowball stemmer and strip its diacritics so "perché" and "perche" meet. Pure and deterministic; one
/// instance is shared by the engine and by every evaluation.
public struct TextNormalizer: Sendable {
    /// Creates a normaliser with the built-in Italian and English resources.
    public init() {}

    /// Normalises `text`.
    public func normalize(_ text: String) -> NormalizedText {
        let folded = TextFolding.fold(text)
        var scanner = PatternScanner(folded)
        return StemCache.shared.withLock { cache in
            cache.prepareForReport()
            // Words carry their memo entry (-1: too long for the memo, computed here).
            var items: [(item: ScannedItem, entry: Int32, stop: UInt8)] = []
            items.reserveCapacity(folded.count / 5 + 1)
            var italianScore = 0, englishScore = 0
            while let item = scanner.next() {
                if item.kind == .word {
                    if let entry = cache.entry(folded, item.start, item.end) {
                        italianScore += Int(cache.italianPoints[entry])
                        englishScore += Int(cache.englishPoints[entry])
                        items.append((item, Int32(entry), cache.stops[entry]))
                    } else {
                        let flags = StopWordTable.shared.flags(folded, item.start, item.end)
                        LanguageGuesser.score(folded, item.start, item.end, flags: flags, italian: &italianScore,
                                              english: &englishScore)
                        items.append((item, -1, flags))
                    }
                } else {
                    items.append((item, -1, 0))
                }
            }
            let language = LanguageGuesser.decide(italian: italianScore, english: englishScore)
            let stopFlag = language == .italian ? StopWordTable.italian : StopWordTable.english

            var tokens: [Token] = []
            tokens.reserveCapacity(items.count)
            var scratch: [Unicode.Scalar] = []
            scratch.reserveCapacity(32)
            for (item, entry, stop) in items {
                switch item.kind {
                case .word:
                    if item.end - item.start < 2 || stop & stopFlag != 0 { continue }
                    let variant: StemCache.Variant = language == .english ? .english
                        : Self.typedAccentFollows(folded, item.end) ? .italianTypedAccent : .italian
                    if entry >= 0 {
                        let index = Int(entry)
                        if let term = cache.term(index, variant, folded, item.start, item.end, scratch: &scratch) {
                            tokens.append(Token(term: term, surface: cache.surfaces[index], kind: .word))
                        }
                    } else if let term = Self.term(folded, item.start, item.end, variant, scratch: &scratch) {
                        tokens.append(Token(term: term, surface: Self.makeString(folded, item.start, item.end),
                                            kind: .word))
                    }
                case .errorCode:
                    let code = Self.canonicalCode(folded, item.start, item.end)
                    tokens.append(Token(term: "#" + code, surface: Self.makeString(folded, item.start, item.end),
                                        kind: .errorCode))
                case .placeholder(let kind):
                    // Personal data never reaches a label: its surface is the redaction marker.
                    let surface = kind.redactionMarker ?? Self.makeString(folded, item.start, item.end)
                    tokens.append(Token(term: kind.term, surface: surface, kind: .placeholder(kind)))
                case .negation:
                    tokens.append(Token(term: "not", surface: "not", kind: .word))
                }
            }
            return NormalizedText(language: language, tokens: tokens)
        }
    }

    /// The term of the word `s[a..<b]`: its stem in the variant's language, diacritics stripped; nil when
    /// stemming leaves nothing.
    static func term(_ s: [Unicode.Scalar], _ a: Int, _ b: Int, _ variant: StemCache.Variant,
                     scratch: inout [Unicode.Scalar]) -> String? {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: s[a..<b])
        switch variant {
        case .english: EnglishStemmer.stem(&scratch)
        case .italian: ItalianStemmer.stem(&scratch)
        case .italianTypedAccent:
            restoreTypedAccent(&scratch)
            ItalianStemmer.stem(&scratch)
        }
        for k in scratch.indices { scratch[k] = TextFolding.strippingDiacritic(scratch[k]) }
        return scratch.isEmpty ? nil : makeString(scratch, 0, scratch.count)
    }

    /// Whether the word ending at `end` is followed by the apostrophe-accent of keyboards without accented
    /// letters ("perche'", "qualita'", "e'"): an apostrophe that no word letter follows.
    /// Only for Italian reports: in English a closing quote after a vowel is just a quote.
    @inline(__always)
    static func typedAccentFollows(_ s: [Unicode.Scalar], _ end: Int) -> Bool {
        end < s.count && s[end] == "'" && (end + 1 == s.count || !TextFolding.isWordScalar(s[end + 1]))
    }

    /// Turns the vowel before an apostrophe-accent into the accented vowel the stemmer and stop list expect.
    @inline(__always)
    static func restoreTypedAccent(_ word: inout [Unicode.Scalar]) {
        guard let last = word.last else { return }
        switch last {
        case "a": word[word.count - 1] = "\u{E0}"
        case "e": word[word.count - 1] = "\u{E8}"
        case "i": word[word.count - 1] = "\u{EC}"
        case "o": word[word.count - 1] = "\u{F2}"
        case "u": word[word.count - 1] = "\u{F9}"
        default: break
        }
    }

    /// The canonical upper-case form of an error code: `E-1021` for "e1021", "E_1021" and "e-1021"; `503`;
    /// `0X80070005`; `5.7.1`.
    static func canonicalCode(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(b - a + 1)
        var sawLetter = false
        let hex = b - a > 2 && s[a] == "0" && s[a + 1] == "x"
        for k in a..<b {
            let v = s[k].value
            if v >= 0x61 && v <= 0x7A {
                out.append(Unicode.Scalar(UInt8(v - 0x20)))
                sawLetter = true
            } else if v >= 0x30 && v <= 0x39 {
                if sawLetter && !hex, let last = out.last, last.value >= 0x41, last.value <= 0x5A { out.append("-") }
                out.append(s[k])
            } else if v == 0x2E, !sawLetter {
                out.append(s[k])
            }
        }
        return makeString(out, 0, out.count)
    }

    /// A string from `s[a..<b]`, encoded straight into the string's storage.
    @inline(__always)
    static func makeString(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        var ascii = true
        for k in a..<b where s[k].value >= 0x80 { ascii = false; break }
        if ascii {
            return String(unsafeUninitializedCapacity: b - a) { buffer in
                for k in a..<b { buffer[k - a] = UInt8(truncatingIfNeeded: s[k].value) }
                return b - a
            }
        }
        return String(scalars: s[a..<b])
    }
}
