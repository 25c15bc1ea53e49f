/// Guesses whether a report is Italian or English from stop words and word endings.
///
/// Stop words are the strong evidence (two points each); endings typical of one language give one point.
/// Words that are stop words in both languages ("a", "in") count for neither. Ties go to Italian, the
/// institution's language.
enum LanguageGuesser {
    /// Scores the word `s[a..<b]`, whose stop-word flags are `flags`, into the running totals.
    @inline(__always)
    static func score(_ s: [Unicode.Scalar], _ a: Int, _ b: Int, flags: UInt8, italian: inout Int,
                      english: inout Int) {
        switch flags {
        case StopWordTable.italian: italian += 2; return
        case StopWordTable.english: english += 2; return
        case 0: break
        default: return
        }
        guard b - a >= 4 else { return }
        let last = s[b - 1].value
        if last >= 0xE0 && last <= 0xFA { italian += 1; return }
        if let m = endings.match(s, end: b, minStart: a + 1) {
            if m.id == 0 { italian += 1 } else { english += 1 }
        }
    }

    /// The guessed language for the totals.
    static func decide(italian: Int, english: Int) -> Language {
        english > italian ? .english : .italian
    }

    private static let endings = SuffixTable(groups: [
        ["zione", "zioni", "mente", "are", "ere", "ire", "ato", "ata", "ati", "ito", "ita", "uto", "ando", "endo",
         "abile", "ibile", "issimo", "ano", "ono", "ele", "ello", "etto", "etta", "ologia", "sso", "ssa", "zzo"],
        ["ing", "ed", "tion", "tions", "ly", "ness", "ful", "ous", "ght", "th", "sh", "ck", "ss", "ks", "ts", "ys",
         "ws"],
    ])
}
