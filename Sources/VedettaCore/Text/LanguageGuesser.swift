/// Guesses whether a report is Italian or English from stop words and word endings.
///
/// Stop words are the strong evidence (two points each); endings typical of one language give one point.
/// Words that are stop words in both languages ("a", "in") count for neither. Ties go to Italian, the
/// institution's language.
enum LanguageGuesser {
    /// Scores one word (folded, accents kept) into the running totals.
    @inline(__always)
    static func score(_ word: String, scalars: ArraySlice<Unicode.Scalar>, italian: inout Int, english: inout Int) {
        let it = StopWords.italian.contains(word)
        let en = StopWords.english.contains(word)
        if it && !en { italian += 2; return }
        if en && !it { english += 2; return }
        if it || scalars.count < 4 { return }
        if let last = scalars.last, last.value >= 0xE0, last.value <= 0xFA { italian += 1; return }
        if hasEnding(scalars, italianEndings) { italian += 1 } else if hasEnding(scalars, englishEndings) { english += 1 }
    }

    /// The guessed language for the totals.
    static func decide(italian: Int, english: Int) -> Language {
        english > italian ? .english : .italian
    }

    private static let italianEndings: [[Unicode.Scalar]] = [
        "zione", "zioni", "mente", "are", "ere", "ire", "ato", "ata", "ati", "ito", "ita", "uto", "ando", "endo",
        "abile", "ibile", "issimo", "ano", "ono", "ele", "ello", "etto", "etta", "ologia", "sso", "ssa", "zzo",
    ].map { Array($0.unicodeScalars) }
    private static let englishEndings: [[Unicode.Scalar]] = [
        "ing", "ed", "tion", "tions", "ly", "ness", "ful", "ous", "ght", "th", "sh", "ck", "ss", "ks", "ts", "ys",
        "ws",
    ].map { Array($0.unicodeScalars) }

    @inline(__always)
    private static func hasEnding(_ w: ArraySlice<Unicode.Scalar>, _ endings: [[Unicode.Scalar]]) -> Bool {
        for e in endings where e.count < w.count && w.suffix(e.count).elementsEqual(e) { return true }
        return false
    }
}
