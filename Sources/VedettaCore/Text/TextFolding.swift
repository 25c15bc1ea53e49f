/// Unicode folding into a scalar buffer: the first stage shared by the normaliser and the redactor.
///
/// No Foundation: the cases that matter for Italian and English reports (Latin-1, Latin Extended-A, combining
/// accents, typographic quotes, dashes and spaces) are handled by table; other scripts fall back to the
/// standard library's Unicode properties, which are slower but rare in this input.
enum TextFolding {
    /// Folds `text` for normalisation: lower case, combining accents composed onto their base letter (the
    /// NFC forms the stemmers expect), stray combining marks and zero-width characters dropped, typographic
    /// apostrophes turned into `'`, dashes into `-`, exotic spaces into ` `.
    static func fold(_ text: String) -> [Unicode.Scalar] {
        let capacity = text.utf8.count
        var complete = true
        // Written straight into the result's storage, decoded by hand from the bytes (a String's storage is
        // valid UTF-8). No scalar folds into more scalars than it has bytes, except maybe through a lower-case
        // mapping of another script: that is bounds-checked and sends the text to the general loop below.
        let fast: [Unicode.Scalar]? = text.utf8.withContiguousStorageIfAvailable { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: capacity) { out, count in
                let n = bytes.count
                var o = 0
                var k = 0
                while k < n {
                    let b0 = UInt32(bytes[k])
                    if b0 < 0x80 {
                        out[o] = Unicode.Scalar(UInt8(b0 >= 0x41 && b0 <= 0x5A ? b0 + 0x20 : b0))
                        o += 1
                        k += 1
                        continue
                    }
                    let v: UInt32
                    if b0 < 0xE0 {
                        v = (b0 & 0x1F) << 6 | UInt32(bytes[k + 1] & 0x3F)
                        k += 2
                    } else if b0 < 0xF0 {
                        v = (b0 & 0x0F) << 12 | UInt32(bytes[k + 1] & 0x3F) << 6 | UInt32(bytes[k + 2] & 0x3F)
                        k += 3
                    } else {
                        v = (b0 & 0x07) << 18 | UInt32(bytes[k + 1] & 0x3F) << 12 | UInt32(bytes[k + 2] & 0x3F) << 6
                            | UInt32(bytes[k + 3] & 0x3F)
                        k += 4
                    }
                    if v >= 0x300 && v <= 0x36F {
                        if o > 0, let composed = compose(out[o - 1], v) { out[o - 1] = composed }
                        continue
                    }
                    let c = Unicode.Scalar(v) ?? "\u{FFFD}"
                    if let folded = foldedLatin(c) {
                        if let folded {
                            out[o] = folded
                            o += 1
                        }
                        continue
                    }
                    if !lowercased(c, into: out, at: &o) {
                        complete = false
                        break
                    }
                }
                count = o
            }
        }
        if let fast, complete { return fast }
        return foldByScalars(text)
    }

    /// `fold(_:)` scalar by scalar through the standard library's decoding: the reference the fast path
    /// reproduces, and the path for the texts it hands over.
    static func foldByScalars(_ text: String) -> [Unicode.Scalar] {
        let capacity = text.utf8.count
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(capacity)
        for c in text.unicodeScalars {
            let v = c.value
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : c)
                continue
            }
            if v >= 0x300 && v <= 0x36F {
                if let last = out.last, let composed = compose(last, v) { out[out.count - 1] = composed }
                continue
            }
            appendFolded(c, to: &out)
        }
        return out
    }

    /// Folds `text` one scalar for one scalar (ASCII lower case, apostrophes, dashes, spaces), so that positions
    /// in the result are positions in `text.unicodeScalars`: what the redactor needs to rewrite the original.
    static func foldKeepingPositions(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            let v = c.value
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : c)
            } else {
                out.append(punctuation(v) ?? c)
            }
        }
        return out
    }

    /// Typographic punctuation mapped to ASCII; `nil` when `v` is not such a character.
    @inline(__always)
    private static func punctuation(_ v: UInt32) -> Unicode.Scalar? {
        switch v {
        case 0x2018, 0x2019, 0x201B, 0xB4, 0x2BC, 0x2032: return "'"
        case 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return " "
        case 0x2010...0x2015, 0x2212: return "-"
        default: return nil
        }
    }

    /// Writes the lower-case mapping of `c` (combining marks dropped) at `out[o...]`; false when it does not
    /// fit. Out of line for the same reason as `isWordScalarOfOtherScripts`.
    @inline(never)
    private static func lowercased(_ c: Unicode.Scalar, into out: UnsafeMutableBufferPointer<Unicode.Scalar>,
                                   at o: inout Int) -> Bool {
        guard c.properties.changesWhenLowercased else {
            guard o < out.count else { return false }
            out[o] = c
            o += 1
            return true
        }
        for l in c.properties.lowercaseMapping.unicodeScalars where !(0x300...0x36F).contains(l.value) {
            guard o < out.count else { return false }
            out[o] = l
            o += 1
        }
        return true
    }

    private static func appendFolded(_ c: Unicode.Scalar, to out: inout [Unicode.Scalar]) {
        if let folded = foldedLatin(c) {
            if let folded { out.append(folded) }
            return
        }
        if c.properties.changesWhenLowercased {
            for l in c.properties.lowercaseMapping.unicodeScalars where !(0x300...0x36F).contains(l.value) {
                out.append(l)
            }
        } else {
            out.append(c)
        }
    }

    /// The folded form of a non-ASCII scalar that is punctuation, a zero-width character or a Latin letter
    /// (`.some(nil)`: dropped); nil for any other scalar, which its lower-case mapping folds.
    @inline(__always)
    private static func foldedLatin(_ c: Unicode.Scalar) -> Unicode.Scalar?? {
        let v = c.value
        if let p = punctuation(v) { return .some(p) }
        switch v {
        case 0x200B...0x200D, 0xFEFF, 0xAD:
            return .some(nil)  // zero-width characters and soft hyphens join words
        case 0xC0...0xDE where v != 0xD7:
            return .some(Unicode.Scalar(v + 0x20)!)
        case 0x80...0xFF:
            return .some(c)
        case 0x100...0x137, 0x14A...0x177:
            return .some(Unicode.Scalar(v | 1)!)
        case 0x139...0x148, 0x179...0x17E:
            return .some(Unicode.Scalar(v & 1 == 1 ? v + 1 : v)!)
        case 0x178:
            return .some("\u{FF}")
        case 0x138, 0x149, 0x17F:
            return .some(c)
        default:
            return nil
        }
    }

    /// The composed form of `base` + combining mark `mark` for the Latin letters that occur in Italian and
    /// English text; `nil` for other pairs (the mark is then dropped).
    @inline(__always)
    private static func compose(_ base: Unicode.Scalar, _ mark: UInt32) -> Unicode.Scalar? {
        let b = base.value
        let r: UInt32
        switch (mark, b) {
        case (0x300, 0x61): r = 0xE0
        case (0x300, 0x65): r = 0xE8
        case (0x300, 0x69): r = 0xEC
        case (0x300, 0x6F): r = 0xF2
        case (0x300, 0x75): r = 0xF9
        case (0x301, 0x61): r = 0xE1
        case (0x301, 0x65): r = 0xE9
        case (0x301, 0x69): r = 0xED
        case (0x301, 0x6F): r = 0xF3
        case (0x301, 0x75): r = 0xFA
        case (0x301, 0x79): r = 0xFD
        case (0x302, 0x61): r = 0xE2
        case (0x302, 0x65): r = 0xEA
        case (0x302, 0x69): r = 0xEE
        case (0x302, 0x6F): r = 0xF4
        case (0x302, 0x75): r = 0xFB
        case (0x303, 0x61): r = 0xE3
        case (0x303, 0x6E): r = 0xF1
        case (0x303, 0x6F): r = 0xF5
        case (0x308, 0x61): r = 0xE4
        case (0x308, 0x65): r = 0xEB
        case (0x308, 0x69): r = 0xEF
        case (0x308, 0x6F): r = 0xF6
        case (0x308, 0x75): r = 0xFC
        case (0x308, 0x79): r = 0xFF
        case (0x327, 0x63): r = 0xE7
        case (0x30A, 0x61): r = 0xE5
        default: return nil
        }
        return Unicode.Scalar(r)
    }

    /// Whether `c` belongs to a word: ASCII letters and digits, Latin letters, and letters or digits of other
    /// scripts. Emoji, symbols and punctuation separate words.
    @inline(__always)
    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 {
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A)
        }
        if v >= 0xC0 && v <= 0x24F { return v != 0xD7 && v != 0xF7 }
        if v < 0xC0 { return v == 0xAA || v == 0xB5 || v == 0xBA }
        if v >= 0x300 && v <= 0x36F { return true }
        return isWordScalarOfOtherScripts(c)
    }

    /// The Unicode-properties half of `isWordScalar`, kept out of line: inlined, the metadata lookups of the
    /// property types run in the prologue of every caller, even for ASCII (a third of a scanner's time).
    @inline(never)
    private static func isWordScalarOfOtherScripts(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// `c` without its diacritic (Latin-1 and common Latin Extended-A letters), so "perché" meets "perche".
    @inline(__always)
    static func strippingDiacritic(_ c: Unicode.Scalar) -> Unicode.Scalar {
        let v = c.value
        guard v >= 0xE0 else { return c }
        switch v {
        case 0xE0...0xE5: return "a"
        case 0xE7: return "c"
        case 0xE8...0xEB: return "e"
        case 0xEC...0xEF: return "i"
        case 0xF1: return "n"
        case 0xF2...0xF6, 0xF8: return "o"
        case 0xF9...0xFC: return "u"
        case 0xFD, 0xFF: return "y"
        case 0x101, 0x103, 0x105: return "a"
        case 0x107, 0x109, 0x10B, 0x10D: return "c"
        case 0x113, 0x115, 0x117, 0x119, 0x11B: return "e"
        case 0x129, 0x12B, 0x12D, 0x12F, 0x131: return "i"
        case 0x144, 0x146, 0x148: return "n"
        case 0x14D, 0x14F, 0x151: return "o"
        case 0x15B, 0x15D, 0x15F, 0x161: return "s"
        case 0x169, 0x16B, 0x16D, 0x16F, 0x171, 0x173: return "u"
        case 0x17A, 0x17C, 0x17E: return "z"
        default: return c
        }
    }
}
