/// Splits folded text into words, masked variable parts and error codes.
///
/// The recognisers are hand-written matchers over scalars (no regular expressions on the hot path); the
/// normaliser and the redactor share them, so a phone number is recognised the same way in both. Input must
/// be ASCII-lower-cased (`TextFolding`). Every recogniser is bounded in how far it looks ahead, and spans that
/// cannot start an e-mail are remembered, so the scan stays linear even on pathological input.
struct PatternScanner {
    private let s: [Unicode.Scalar]
    private let n: Int
    private var i = 0
    /// Items produced in advance (the "n't" after a contraction's stem).
    private var pending: ScannedItem?
    /// Context carried from a keyword to the next number: "errore 1021", "prot. n. 123", "P.IVA 0123…".
    private var context: Context = .none
    /// Positions before this one cannot start an e-mail address (their local-part run has no `@`).
    private var noEmailBefore = 0

    private enum Context { case none, error, protocolNumber, vat, ticket }

    init(_ scalars: [Unicode.Scalar]) {
        s = scalars
        n = scalars.count
    }

    // MARK: - Character helpers

    /// The scalar value at `k`, or 0 outside the text (0 is never part of a pattern).
    @inline(__always) private func v(_ k: Int) -> UInt32 { k >= 0 && k < n ? s[k].value : 0 }
    @inline(__always) private func isDigit(_ k: Int) -> Bool { let c = v(k); return c >= 0x30 && c <= 0x39 }
    @inline(__always) private func isLetter(_ k: Int) -> Bool { let c = v(k); return c >= 0x61 && c <= 0x7A }
    @inline(__always) private func isAlnum(_ k: Int) -> Bool { isDigit(k) || isLetter(k) }
    @inline(__always) private func isWord(_ k: Int) -> Bool { k >= 0 && k < n && TextFolding.isWordScalar(s[k]) }
    @inline(__always) private func digit(_ k: Int) -> Int { Int(v(k)) - 0x30 }

    /// The end of the run of ASCII digits starting at `k`.
    @inline(__always) private func digitsEnd(_ k: Int) -> Int {
        var e = k
        while isDigit(e) { e += 1 }
        return e
    }

    /// The end of the run of ASCII letters starting at `k`.
    @inline(__always) private func lettersEnd(_ k: Int) -> Int {
        var e = k
        while isLetter(e) { e += 1 }
        return e
    }

    /// The end of the run of word scalars starting at `k`.
    @inline(__always) private func wordEnd(_ k: Int) -> Int {
        var e = k
        while isWord(e) { e += 1 }
        return e
    }

    /// Whether the ASCII `literal` occurs at `k`.
    @inline(__always) private func matches(_ literal: StaticString, at k: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard k + count <= n else { return false }
        let p = literal.utf8Start
        for j in 0..<count where s[k + j].value != UInt32(p[j]) { return false }
        return true
    }

    /// No word scalar continues at `k`, and no `.`/`,`/`/`/`:`/`-` followed by a digit (a longer number).
    @inline(__always) private func isNumberBoundary(_ k: Int) -> Bool {
        if isWord(k) { return false }
        let c = v(k)
        if (c == 0x2E || c == 0x2C || c == 0x2F || c == 0x3A || c == 0x2D) && isDigit(k + 1) { return false }
        return true
    }

    // MARK: - Scanning

    /// The next item, or `nil` at the end of the text.
    mutating func next() -> ScannedItem? {
        if let p = pending { pending = nil; return p }
        while true {
            while i < n {
                let c = s[i].value
                if TextFolding.isWordScalar(s[i]) || (c == 0x2B && isDigit(i + 1)) { break }
                i += 1
            }
            guard i < n else { return nil }
            let start = i
            if let item = scan(at: start) {
                i = max(i, item.end)
                return item
            }
            // `scan` returned nothing: an elided article or a lone `+`; it moved `i` past it.
            if i == start { i += 1 }
        }
    }

    private mutating func scan(at k: Int) -> ScannedItem? {
        let c = v(k)
        let saved = context
        context = .none
        if c == 0x2B {  // '+'
            if let e = phone(at: k) { return item(.placeholder(.phone), k, e) }
            i = k + 1
            return nil
        }
        // One pass over the ASCII letters and digits decides which recognisers can possibly match: most words
        // are plain letters followed by a space and go straight to `scanWord`.
        var runEnd = k
        var hasDigit = false
        while runEnd < n {
            let x = s[runEnd].value
            if x >= 0x30 && x <= 0x39 { hasDigit = true } else if x < 0x61 || x > 0x7A { break }
            runEnd += 1
        }
        let after = v(runEnd)
        let joined = after == 0x40 || after == 0x2E || after == 0x2D || after == 0x5F || after == 0x25
            || after == 0x2B || after == 0x3A || after == 0x2F
        if c == 0x68 || c == 0x66 || c == 0x77, let e = url(at: k) { return item(.placeholder(.url), k, e) }
        if joined, k >= noEmailBefore, let e = email(at: k) { return item(.placeholder(.email), k, e) }
        if isDigit(k) { return scanNumber(at: k, context: saved) }
        if isLetter(k), !hasDigit, !joined {
            if after == 0x20 {
                if runEnd - k == 2, let e = iban(at: k) { return item(.placeholder(.iban), k, e) }
                if isDigit(runEnd + 1), let e = monthFirstDate(at: k) { return item(.placeholder(.date), k, e) }
            }
        } else if isLetter(k) {
            if let e = iban(at: k) { return item(.placeholder(.iban), k, e) }
            if let e = codiceFiscale(at: k) { return item(.placeholder(.codiceFiscale), k, e) }
            if saved == .vat, matches("it", at: k), let e = partitaIVA(at: k + 2, requireChecksum: false) {
                return item(.placeholder(.partitaIVA), k, e)
            }
            if matches("it", at: k), let e = partitaIVA(at: k + 2, requireChecksum: true) {
                return item(.placeholder(.partitaIVA), k, e)
            }
            if let e = ticket(at: k) { return item(.placeholder(.ticket), k, e) }
            if let e = monthFirstDate(at: k) { return item(.placeholder(.date), k, e) }
            if let e = letterCode(at: k) { return item(.errorCode, k, e) }
        }
        return scanWord(at: k, knownWordUpTo: runEnd, context: saved)
    }

    @inline(__always) private func item(_ kind: ScannedItem.Kind, _ start: Int, _ end: Int) -> ScannedItem {
        ScannedItem(kind: kind, start: start, end: end)
    }

    // MARK: - Words, elisions, contractions, keywords

    /// `known`: `s[k..<known]` are already known to be word scalars (ASCII letters and digits), not read again.
    private mutating func scanWord(at k: Int, knownWordUpTo known: Int, context saved: Context) -> ScannedItem? {
        let e = wordEnd(max(k, known))
        if v(e) == 0x27, isWord(e + 1) {  // apostrophe between letters
            let after = wordEnd(e + 1)
            if isEnglishClitic(e + 1, after) {
                if after - (e + 1) == 1, v(e + 1) == 0x74, e - k >= 2, v(e - 1) == 0x6E {
                    // "don't" -> "do" + negation; "can't" keeps its n.
                    let stemEnd = (e - k == 3 && matches("can", at: k)) ? e : e - 1
                    pending = item(.negation, e - 1, after)
                    i = after
                    return item(.word, k, stemEnd)
                }
                i = after
                return item(.word, k, e)
            }
            if e - k <= 7, isLetter(k) || v(k) >= 0xC0 {
                // Italian elision: "l'accesso", "dell'INAIL", "un'altra", "c'è": keep only the second word.
                i = e + 1
                context = saved
                return nil
            }
        }
        // A word closed by `]` is a redaction marker (`[P.IVA]`), not a keyword: redacting an already redacted
        // text must not turn the number after a marker into a partita IVA (found by fuzzing).
        context = v(e) == 0x5D ? .none : (keywordContext(k, e) ?? (isContextFiller(k, e) ? saved : .none))
        return item(.word, k, e)
    }

    /// `s`, `t`, `m`, `d`, `re`, `ve`, `ll` after an apostrophe: an English contraction or possessive.
    private func isEnglishClitic(_ a: Int, _ b: Int) -> Bool {
        switch b - a {
        case 1:
            let c = v(a)
            return c == 0x73 || c == 0x74 || c == 0x6D || c == 0x64
        case 2:
            return matches("re", at: a) || matches("ve", at: a) || matches("ll", at: a)
        default:
            return false
        }
    }

    /// The context a keyword opens for the next number.
    private func keywordContext(_ a: Int, _ b: Int) -> Context? {
        switch b - a {
        case 3:
            if matches("err", at: a) || matches("cod", at: a) { return .error }
            if matches("iva", at: a) || matches("vat", at: a) { return .vat }
            if matches("tkt", at: a) { return .ticket }
        case 4:
            if matches("code", at: a) { return .error }
            if matches("prot", at: a) { return .protocolNumber }
            if matches("piva", at: a) { return .vat }
        case 5:
            if matches("error", at: a) || matches("errno", at: a) { return .error }
        case 6:
            if matches("errore", at: a) || matches("codice", at: a) || matches("status", at: a) { return .error }
            if matches("errori", at: a) { return .error }
            if matches("ticket", at: a) { return .ticket }
        case 8:
            if matches("protocol", at: a) { return .protocolNumber }
        case 10:
            if matches("protocollo", at: a) { return .protocolNumber }
        default:
            break
        }
        return nil
    }

    /// Words that may sit between a keyword and its number without breaking the context ("prot. n. 12").
    private func isContextFiller(_ a: Int, _ b: Int) -> Bool {
        switch b - a {
        case 1: return v(a) == 0x6E  // n
        case 2: return matches("nr", at: a) || matches("no", at: a)
        case 3: return matches("num", at: a)
        case 6: return matches("numero", at: a) || matches("number", at: a)
        default: return false
        }
    }

    // MARK: - Numbers

    private mutating func scanNumber(at k: Int, context saved: Context) -> ScannedItem? {
        if let e = numericDate(at: k) { return item(.placeholder(.date), k, e) }
        if let e = textualDate(at: k) { return item(.placeholder(.date), k, e) }
        if let e = time(at: k) { return item(.placeholder(.time), k, e) }
        if matches("0x", at: k) {
            var e = k + 2
            while e - k < 18, isHex(e) { e += 1 }
            if e - k >= 4, !isWord(e) { return item(.errorCode, k, e) }
        }
        switch saved {
        case .protocolNumber:
            if let e = protocolNumber(at: k, requireYear: false) { return item(.placeholder(.protocolNumber), k, e) }
        case .ticket:
            let e = digitsEnd(k)
            if isNumberBoundary(e) { return item(.placeholder(.ticket), k, e) }
        case .vat:
            if let e = partitaIVA(at: k, requireChecksum: false) { return item(.placeholder(.partitaIVA), k, e) }
        case .error:
            let e = digitsEnd(k)
            if e - k <= 6, isNumberBoundary(e) { return item(.errorCode, k, e) }
        case .none:
            break
        }
        if let e = partitaIVA(at: k, requireChecksum: true) { return item(.placeholder(.partitaIVA), k, e) }
        if let e = phone(at: k) { return item(.placeholder(.phone), k, e) }
        if let e = protocolNumber(at: k, requireYear: true) { return item(.placeholder(.protocolNumber), k, e) }
        let e = digitsEnd(k)
        if let code = enhancedStatus(at: k) { return item(.errorCode, k, code) }
        if e - k == 3, v(k) == 0x34 || v(k) == 0x35, isNumberBoundary(e), !isDigit(k - 1) {
            return item(.errorCode, k, e)  // 4xx/5xx standing alone: HTTP-like status
        }
        // A plain number, with decimal or thousands separators; letters right after it ("10mb") start a word.
        var end = e
        while (v(end) == 0x2E || v(end) == 0x2C), isDigit(end + 1) { end = digitsEnd(end + 1) }
        return item(.placeholder(.number), k, end)
    }

    /// An SMTP enhanced status code such as `5.7.1` or `4.4.2` (RFC 3463).
    private func enhancedStatus(at k: Int) -> Int? {
        guard v(k) == 0x34 || v(k) == 0x35, v(k + 1) == 0x2E, isDigit(k + 2) else { return nil }
        let a = digitsEnd(k + 2)
        guard a - k - 2 <= 3, v(a) == 0x2E, isDigit(a + 1) else { return nil }
        let b = digitsEnd(a + 1)
        return b - a - 1 <= 3 && isNumberBoundary(b) ? b : nil
    }

    @inline(__always) private func isHex(_ k: Int) -> Bool {
        let c = v(k)
        return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)
    }

    /// `dd/mm/yyyy`, `dd-mm-yy`, `dd.mm.yyyy`, `yyyy-mm-dd` (optionally with `Thh:mm[:ss[.fff]][z|±hh:mm]`).
    private func numericDate(at k: Int) -> Int? {
        let a = digitsEnd(k)
        let sep = v(a)
        guard sep == 0x2F || sep == 0x2D || sep == 0x2E else { return nil }
        let b = digitsEnd(a + 1)
        guard b > a + 1, b - a - 1 <= 2, v(b) == sep else { return nil }
        let c = digitsEnd(b + 1)
        let first = number(k, a), second = number(a + 1, b)
        if a - k == 4 {
            guard c - b - 1 >= 1, c - b - 1 <= 2, (1...12).contains(second), (1...31).contains(number(b + 1, c))
            else { return nil }
            var e = c
            if v(e) == 0x74, let t = time(at: e + 1, boundary: false) {  // ISO 8601 date-time
                e = t
                if v(e) == 0x7A { e += 1 } else if (v(e) == 0x2B || v(e) == 0x2D), isDigit(e + 1), isDigit(e + 2) {
                    e += 3
                    if v(e) == 0x3A { e += 1 }
                    if isDigit(e), isDigit(e + 1) { e += 2 }
                }
            }
            return isNumberBoundary(e) ? e : nil
        }
        guard a - k <= 2, c - b - 1 == 2 || c - b - 1 == 4, isNumberBoundary(c),
              (1...31).contains(first), (1...31).contains(second), first <= 12 || second <= 12
        else { return nil }
        return c
    }

    /// The decimal value of the digits in `a..<b` (at most 9 digits are read).
    @inline(__always) private func number(_ a: Int, _ b: Int) -> Int {
        var x = 0
        for k in a..<min(b, a + 9) { x = x * 10 + digit(k) }
        return x
    }

    private static let monthNames: [StaticString] = [
        "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
        "novembre", "dicembre", "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december",
    ]
    private static let monthAbbreviations: [StaticString] = [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic", "jan", "may", "jun",
        "jul", "aug", "sep", "sept", "oct", "dec",
    ]

    /// Whether the letters `a..<b` are a month name (or, with `abbreviations`, a month abbreviation).
    private func isMonth(_ a: Int, _ b: Int, abbreviations: Bool) -> Bool {
        for name in Self.monthNames where name.utf8CodeUnitCount == b - a && matches(name, at: a) { return true }
        guard abbreviations else { return false }
        for name in Self.monthAbbreviations where name.utf8CodeUnitCount == b - a && matches(name, at: a) {
            return true
        }
        return false
    }

    /// "12 marzo 2026", "1 mar", "3 march 2026".
    private func textualDate(at k: Int) -> Int? {
        var a = digitsEnd(k)
        guard a - k <= 2 else { return nil }
        if v(a) == 0xB0 || v(a) == 0xBA { a += 1 }  // "1° marzo"
        guard v(a) == 0x20, isLetter(a + 1) else { return nil }
        let b = lettersEnd(a + 1)
        guard isMonth(a + 1, b, abbreviations: true) else { return nil }
        var e = b
        if v(e) == 0x2E { e += 1 }  // "mar."
        if v(e) == 0x20, isDigit(e + 1) {
            let y = digitsEnd(e + 1)
            if y - e - 1 == 4, isNumberBoundary(y) { return y }
        }
        return isWord(e) ? nil : e
    }

    /// "marzo 2026", "march 12, 2026", "march 12".
    private func monthFirstDate(at k: Int) -> Int? {
        let b = lettersEnd(k)
        guard b - k >= 4, v(b) == 0x20, isDigit(b + 1), isMonth(k, b, abbreviations: false) else { return nil }
        let d = digitsEnd(b + 1)
        if d - b - 1 == 4 { return isNumberBoundary(d) ? d : nil }
        guard d - b - 1 <= 2, !isWord(d) else { return nil }
        var e = d
        if v(e) == 0x2C { e += 1 }
        if v(e) == 0x20, isDigit(e + 1) {
            let y = digitsEnd(e + 1)
            if y - e - 1 == 4, isNumberBoundary(y) { return y }
        }
        return isNumberBoundary(d) ? d : nil
    }

    /// `hh:mm` or `hh:mm:ss` (with optional fraction).
    private func time(at k: Int, boundary: Bool = true) -> Int? {
        let a = digitsEnd(k)
        guard a - k >= 1, a - k <= 2, v(a) == 0x3A, number(k, a) <= 24 else { return nil }
        let b = digitsEnd(a + 1)
        guard b - a - 1 == 2, number(a + 1, b) <= 59 else { return nil }
        var e = b
        if v(e) == 0x3A {
            let c = digitsEnd(e + 1)
            guard c - e - 1 == 2 else { return nil }
            e = c
            if v(e) == 0x2E, isDigit(e + 1) { e = digitsEnd(e + 1) }
        }
        return boundary && isWord(e) ? nil : e
    }

    /// "2026/12345", "12345/2026" (a year on one side) or, after "prot.", any `n[/n…]`.
    private func protocolNumber(at k: Int, requireYear: Bool) -> Int? {
        var e = digitsEnd(k)
        var parts = 1
        var hasYear = isYear(k, e)
        while (v(e) == 0x2F || v(e) == 0x2D), isDigit(e + 1), parts < 4 {
            let f = digitsEnd(e + 1)
            hasYear = hasYear || isYear(e + 1, f)
            e = f
            parts += 1
        }
        guard !isWord(e) else { return nil }
        if requireYear { return parts >= 2 && hasYear && e - k >= 8 ? e : nil }
        return e
    }

    @inline(__always) private func isYear(_ a: Int, _ b: Int) -> Bool {
        b - a == 4 && (matches("19", at: a) || matches("20", at: a))
    }

    // MARK: - Personal data

    /// Eleven digits of an Italian partita IVA; with `requireChecksum` only when the check digit is right.
    private func partitaIVA(at k: Int, requireChecksum: Bool) -> Int? {
        let e = digitsEnd(k)
        guard e - k == 11, isNumberBoundary(e), !isDigit(k - 1) else { return nil }
        guard requireChecksum else { return e }
        var sum = 0
        for j in 0..<10 {
            let d = digit(k + j)
            if j % 2 == 0 { sum += d } else { sum += d * 2 > 9 ? d * 2 - 9 : d * 2 }
        }
        return (10 - sum % 10) % 10 == digit(k + 10) ? e : nil
    }

    /// Italian mobile (3xx, 9–10 digits) and landline (0x, 6–11 digits) numbers, with `+39`/`0039` or any other
    /// `+` country code; groups separated by single spaces, dashes, dots or slashes.
    private func phone(at k: Int) -> Int? {
        var p = k
        var international = false
        if v(p) == 0x2B {
            guard isDigit(p + 1) else { return nil }
            p += 1
            international = true
        } else if matches("00", at: p), isDigit(p + 2), v(p + 2) != 0x30 {
            p += 2
            international = true
        }
        var countryIsItaly = false
        if international {
            if matches("39", at: p) {
                countryIsItaly = true
                p += 2
                if v(p) == 0x20 || v(p) == 0x2D || v(p) == 0x2E { p += 1 }
            }
        }
        guard isDigit(p) else { return nil }
        let lead = v(p)
        let minDigits: Int, maxDigits: Int
        if international && !countryIsItaly {
            (minDigits, maxDigits) = (7, 14)
        } else if lead == 0x33 {
            (minDigits, maxDigits) = (9, 10)
        } else if lead == 0x30, v(p + 1) != 0x30 {
            (minDigits, maxDigits) = (6, 11)
        } else {
            return nil
        }
        var total = 0
        var e = p
        var groupStart = p
        while true {
            let g = digitsEnd(groupStart)
            let len = g - groupStart
            guard len >= 1 else { break }
            if groupStart > p, len < 2 { break }
            if total + len > maxDigits { break }
            total += len
            e = g
            let sep = v(g)
            guard sep == 0x20 || sep == 0x2D || sep == 0x2E || sep == 0x2F, isDigit(g + 1) else { break }
            groupStart = g + 1
        }
        guard total >= minDigits, !isWord(e), !isDigit(e) else { return nil }
        // The group after the last one taken must not glue onto it: "06 1234 56789012" is not a phone.
        if (v(e) == 0x2E || v(e) == 0x2C || v(e) == 0x2F || v(e) == 0x3A), isDigit(e + 1) { return nil }
        return e
    }

    /// An Italian IBAN: `it`, two check digits, a CIN letter, ten digits of ABI and CAB, twelve characters of
    /// account; single spaces allowed anywhere between characters.
    private func iban(at k: Int) -> Int? {
        guard matches("it", at: k), isDigit(k + 2) || v(k + 2) == 0x20 else { return nil }
        var count = 0
        var p = k
        var last = k
        while count < 27 {
            if v(p) == 0x20, count > 0, isAlnum(p + 1) { p += 1 }
            guard isAlnum(p) else { return nil }
            let ok: Bool
            switch count {
            case 0, 1: ok = isLetter(p)
            case 2, 3: ok = isDigit(p)
            case 4: ok = isLetter(p)
            case 5...14: ok = isDigit(p)
            default: ok = true
            }
            guard ok else { return nil }
            count += 1
            last = p
            p += 1
        }
        return isWord(last + 1) ? nil : last + 1
    }

    /// A codice fiscale: 6 letters, 2 digits, month letter, 2 digits, letter, 3 digits, check letter; digits may
    /// be replaced by the omocodia letters L–V.
    private func codiceFiscale(at k: Int) -> Int? {
        guard k + 16 <= n, !isWord(k + 16) else { return nil }
        for j in 0..<16 {
            let c = v(k + j)
            let ok: Bool
            switch j {
            case 0...5, 11, 15: ok = c >= 0x61 && c <= 0x7A
            case 8: ok = "abcdehlmprst".utf8.contains(UInt8(truncatingIfNeeded: c)) && c < 0x80
            default: ok = (c >= 0x30 && c <= 0x39) || (c < 0x80 && "lmnpqrstuv".utf8.contains(UInt8(c)))
            }
            if !ok { return nil }
        }
        return k + 16
    }

    /// An e-mail address: local part, `@`, a dotted domain with a final label of at least two letters.
    private mutating func email(at k: Int) -> Int? {
        var p = k
        while p < n {
            let c = v(p)
            if isAlnum(p) || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D { p += 1 } else { break }
        }
        guard v(p) == 0x40, p > k else {
            noEmailBefore = p
            return nil
        }
        // Any later start inside this local part reaches the same `@` and the same domain.
        noEmailBefore = p
        var e = p + 1
        var lastDot = -1
        while e < n {
            let c = v(e)
            if isAlnum(e) || c == 0x2D { e += 1 } else if c == 0x2E, isAlnum(e + 1) { lastDot = e; e += 1 } else { break }
        }
        guard lastDot > p + 1, e - lastDot - 1 >= 2 else { return nil }
        noEmailBefore = k
        for j in (lastDot + 1)..<e where !isLetter(j) { return nil }
        return e
    }

    /// `http://`, `https://`, `ftp://` or `www.` up to the next space, minus trailing punctuation.
    private func url(at k: Int) -> Int? {
        guard matches("http://", at: k) || matches("https://", at: k) || matches("ftp://", at: k)
            || (matches("www.", at: k) && isAlnum(k + 4)) else { return nil }
        var e = k
        while e < n {
            let c = v(e)
            if c <= 0x20 || c == 0x22 || c == 0x3C || c == 0x3E || c == 0xAB || c == 0xBB || c == 0x201C
                || c == 0x201D { break }
            e += 1
        }
        while e > k {
            let c = v(e - 1)
            if c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F || c == 0x29
                || c == 0x5D || c == 0x7D || c == 0x27 { e -= 1 } else { break }
        }
        return e
    }

    // MARK: - Tickets and codes

    /// `BO-2026-004711` (letters, year, number) or `INC0012345`-style ids of the usual ticketing systems.
    private func ticket(at k: Int) -> Int? {
        let a = lettersEnd(k)
        let letters = a - k
        guard letters >= 2, letters <= 6 else { return nil }
        if v(a) == 0x2D, isDigit(a + 1) {
            let b = digitsEnd(a + 1)
            if b - a - 1 == 4, v(b) == 0x2D, isDigit(b + 1) {
                let c = digitsEnd(b + 1)
                if c - b - 1 >= 3, !isWord(c) { return c }
            }
        }
        let known = (letters == 3 && (matches("inc", at: k) || matches("req", at: k) || matches("chg", at: k)
            || matches("tkt", at: k))) || (letters == 4 && matches("ritm", at: k))
        guard known else { return nil }
        let d = v(a) == 0x2D || v(a) == 0x23 ? a + 1 : a
        let e = digitsEnd(d)
        return e - d >= 5 && !isWord(e) ? e : nil
    }

    /// Letters followed by digits: `ERR-45`, `E-1021`, `E1021`, `ORA-00942`.
    private func letterCode(at k: Int) -> Int? {
        let a = lettersEnd(k)
        let letters = a - k
        guard letters >= 1, letters <= 4 else { return nil }
        let d = (v(a) == 0x2D || v(a) == 0x5F) ? a + 1 : a
        let e = digitsEnd(d)
        guard e - d >= 2, e - d <= 6, !isWord(e), !(v(e) == 0x2D && isAlnum(e + 1)) else { return nil }
        if isUnitOrWord(k, a) { return nil }
        return e
    }

    /// Letter prefixes that are units, abbreviations or versions, not error codes ("h24", "win10", "art12").
    private func isUnitOrWord(_ a: Int, _ b: Int) -> Bool {
        switch b - a {
        case 1: return v(a) == 0x68 || v(a) == 0x6E || v(a) == 0x76  // h, n, v
        case 2:
            return matches("nr", at: a) || matches("no", at: a) || matches("mb", at: a) || matches("gb", at: a)
                || matches("kb", at: a) || matches("tb", at: a) || matches("ms", at: a)
        case 3:
            return matches("art", at: a) || matches("cap", at: a) || matches("pag", at: a) || matches("tel", at: a)
                || matches("ver", at: a) || matches("win", at: a) || matches("ore", at: a) || matches("min", at: a)
                || matches("ipv", at: a)
        default: return false
        }
    }
}
