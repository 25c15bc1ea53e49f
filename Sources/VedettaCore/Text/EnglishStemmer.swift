/// The Snowball English ("Porter2") stemmer, in pure Swift.
///
/// Reproduces the reference vocabulary of the Snowball project word for word. Input is expected in lower case
/// (the normaliser folds case first); the word is processed as Unicode scalars.
public enum EnglishStemmer {
    /// The stem of `word` (lower case).
    public static func stem(_ word: String) -> String {
        var scalars = Array(word.unicodeScalars)
        stem(&scalars)
        return String(scalars: scalars)
    }

    /// Stems `word` in place; the fast path used by the normaliser.
    public static func stem(_ word: inout [Unicode.Scalar]) {
        if let special = exception1(word) {
            word.replaceTail(from: 0, with: special)
            return
        }
        if word.count < 3 { return }

        // Prelude: drop a leading apostrophe, mark consonant-y as `Y`.
        if word[0] == "'" { word.removeFirst() }
        var hasY = false
        if !word.isEmpty, word[0] == "y" { word[0] = "Y"; hasY = true }
        if word.count > 1 {
            for i in 1..<word.count where word[i] == "y" && isVowel(word[i - 1]) {
                word[i] = "Y"; hasY = true
            }
        }

        let (p1, p2) = regions(word)
        step1a(&word)
        if !isException2(word) {
            step1b(&word, p1: p1)
            step1c(&word)
            step2(&word, p1: p1)
            step3(&word, p1: p1, p2: p2)
            step4(&word, p2: p2)
            step5(&word, p1: p1, p2: p2)
        }
        if hasY {
            for i in word.indices where word[i] == "Y" { word[i] = "y" }
        }
    }

    // MARK: - Character classes

    @inline(__always)
    static func isVowel(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a", "e", "i", "o", "u", "y": return true
        default: return false
        }
    }

    /// A short syllable ends at `end`: consonant-vowel-consonant (last not w, x, Y) or vowel-consonant at start.
    @inline(__always)
    static func isShortSyllable(_ w: [Unicode.Scalar], end: Int) -> Bool {
        guard end >= 2 else { return false }
        // Snowball 3 treats the "past" of "paste"/"pasted" as short so that they keep their e.
        if end == 4, w[0] == "p", w[1] == "a", w[2] == "s", w[3] == "t" { return true }
        let last = w[end - 1]
        guard !isVowel(last), isVowel(w[end - 2]) else { return false }
        if end == 2 { return true }
        if last == "w" || last == "x" || last == "Y" { return false }
        return !isVowel(w[end - 3])
    }

    // MARK: - Regions

    private static let regionPrefixes: [[Unicode.Scalar]] = [
        "gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter",
    ].map {
        Array($0.unicodeScalars)
    }

    private static func regions(_ w: [Unicode.Scalar]) -> (Int, Int) {
        let n = w.count
        var p1 = n
        var found = false
        for prefix in regionPrefixes where w.count >= prefix.count && w.starts(with: prefix) {
            p1 = prefix.count; found = true; break
        }
        if !found { p1 = afterVowelConsonant(w, from: 0) }
        let p2 = p1 < n ? afterVowelConsonant(w, from: p1) : n
        return (p1, p2)
    }

    /// The position after the first non-vowel that follows a vowel, searching from `from`; `count` if none.
    @inline(__always)
    private static func afterVowelConsonant(_ w: [Unicode.Scalar], from: Int) -> Int {
        var i = from
        while i < w.count, !isVowel(w[i]) { i += 1 }
        while i < w.count, isVowel(w[i]) { i += 1 }
        return i < w.count ? i + 1 : w.count
    }

    // MARK: - Exceptions

    private static let exceptions1: [(word: [Unicode.Scalar], stem: StaticString)] = [
        ("skis", "ski"), ("skies", "sky"), ("dying", "die"), ("lying", "lie"), ("tying", "tie"),
        ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"), ("early", "earli"), ("only", "onli"),
        ("singly", "singl"), ("sky", "sky"), ("news", "news"), ("howe", "howe"), ("atlas", "atlas"),
        ("cosmos", "cosmos"), ("bias", "bias"), ("andes", "andes"),
    ].map { (Array($0.0.unicodeScalars), $0.1) }

    @inline(__always)
    private static func exception1(_ w: [Unicode.Scalar]) -> StaticString? {
        guard w.count >= 3, w.count <= 6 else { return nil }
        for e in exceptions1 where e.word.count == w.count && e.word[0] == w[0] && e.word == w { return e.stem }
        return nil
    }

    private static let exceptions2: [[Unicode.Scalar]] = [
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed", "evening",
    ].map { Array($0.unicodeScalars) }

    @inline(__always)
    private static func isException2(_ w: [Unicode.Scalar]) -> Bool {
        guard w.count >= 6, w.count <= 7 else { return false }
        for e in exceptions2 where e.count == w.count && e[0] == w[0] && e == w { return true }
        return false
    }

    // MARK: - Steps

    private static let apostrophes = SuffixTable(groups: [["'", "'s", "'s'"]])
    private static let step1aTable = SuffixTable(groups: [["sses"], ["ied", "ies"], ["s"], ["us", "ss"]])

    private static func step1a(_ w: inout [Unicode.Scalar]) {
        if let m = apostrophes.match(w, end: w.count) { w.removeSubrange(m.start...) }
        guard let m = step1aTable.match(w, end: w.count) else { return }
        switch m.id {
        case 0: w.replaceTail(from: m.start, with: "ss")
        case 1: w.replaceTail(from: m.start, with: m.start >= 2 ? "i" : "ie")
        case 2:
            // Delete the s if a vowel occurs before the letter that precedes it.
            guard m.start >= 1 else { return }
            var k = m.start - 2
            while k >= 0, !isVowel(w[k]) { k -= 1 }
            if k >= 0 { w.removeLast() }
        default: break
        }
    }

    private static let step1bTable = SuffixTable(groups: [["eed", "eedly"], ["ed", "edly", "ing", "ingly"]])
    private static let step1bTail = SuffixTable(groups: [
        ["at", "bl", "iz"], ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"],
    ])

    private static func step1b(_ w: inout [Unicode.Scalar], p1: Int) {
        guard let m = step1bTable.match(w, end: w.count) else { return }
        if m.id == 0 {
            if m.start >= p1 { w.replaceTail(from: m.start, with: "ee") }
            return
        }
        var hasVowel = false
        for k in 0..<m.start where isVowel(w[k]) { hasVowel = true; break }
        guard hasVowel else { return }
        let isIng = w.count - m.start == 3 && w[m.start] == "i"
        w.removeSubrange(m.start...)
        // Consonant + y + ing: "dying", "vying" become "die", "vie".
        if isIng, w.count == 2, w[1] == "y", !isVowel(w[0]) {
            w[1] = "i"; w.append("e"); return
        }
        if let t = step1bTail.match(w, end: w.count) {
            if t.id == 0 {
                w.append("e")
            } else if !(w.count == 3 && isVowel(w[0])) {
                // Undouble, except a vowel + double at the start ("added" stays "add").
                w.removeLast()
            }
        } else if w.count == p1, isShortSyllable(w, end: w.count) {
            w.append("e")
        }
    }

    private static func step1c(_ w: inout [Unicode.Scalar]) {
        let n = w.count
        guard n >= 3, w[n - 1] == "y" || w[n - 1] == "Y", !isVowel(w[n - 2]) else { return }
        w[n - 1] = "i"
    }

    private static let step2Table = SuffixTable(groups: [
        ["tional"], ["enci"], ["anci"], ["abli"], ["entli"], ["izer", "ization"], ["ational", "ation", "ator"],
        ["alism", "aliti", "alli"], ["fulness"], ["ousli", "ousness"], ["iveness", "iviti"], ["biliti", "bli"],
        ["ogi", "ogist"], ["fulli"], ["lessli"], ["li"],
    ])

    private static func step2(_ w: inout [Unicode.Scalar], p1: Int) {
        guard let m = step2Table.match(w, end: w.count), m.start >= p1 else { return }
        switch m.id {
        case 0: w.replaceTail(from: m.start, with: "tion")
        case 1: w.replaceTail(from: m.start, with: "ence")
        case 2: w.replaceTail(from: m.start, with: "ance")
        case 3: w.replaceTail(from: m.start, with: "able")
        case 4: w.replaceTail(from: m.start, with: "ent")
        case 5: w.replaceTail(from: m.start, with: "ize")
        case 6: w.replaceTail(from: m.start, with: "ate")
        case 7: w.replaceTail(from: m.start, with: "al")
        case 8: w.replaceTail(from: m.start, with: "ful")
        case 9: w.replaceTail(from: m.start, with: "ous")
        case 10: w.replaceTail(from: m.start, with: "ive")
        case 11: w.replaceTail(from: m.start, with: "ble")
        case 12:
            if m.start >= 1, w[m.start - 1] == "l" { w.replaceTail(from: m.start, with: "og") }
        case 13: w.replaceTail(from: m.start, with: "ful")
        case 14: w.replaceTail(from: m.start, with: "less")
        default:
            if m.start >= 1, isValidLI(w[m.start - 1]) { w.removeSubrange(m.start...) }
        }
    }

    @inline(__always)
    private static func isValidLI(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "c", "d", "e", "g", "h", "k", "m", "n", "r", "t": return true
        default: return false
        }
    }

    private static let step3Table = SuffixTable(groups: [
        ["tional"], ["ational"], ["alize"], ["icate", "iciti", "ical"], ["ful", "ness"], ["ative"],
    ])

    private static func step3(_ w: inout [Unicode.Scalar], p1: Int, p2: Int) {
        guard let m = step3Table.match(w, end: w.count), m.start >= p1 else { return }
        switch m.id {
        case 0: w.replaceTail(from: m.start, with: "tion")
        case 1: w.replaceTail(from: m.start, with: "ate")
        case 2: w.replaceTail(from: m.start, with: "al")
        case 3: w.replaceTail(from: m.start, with: "ic")
        case 4: w.removeSubrange(m.start...)
        default: if m.start >= p2 { w.removeSubrange(m.start...) }
        }
    }

    private static let step4Table = SuffixTable(groups: [
        ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous",
         "ive", "ize"],
        ["ion"],
    ])

    private static func step4(_ w: inout [Unicode.Scalar], p2: Int) {
        guard let m = step4Table.match(w, end: w.count), m.start >= p2 else { return }
        if m.id == 0 {
            w.removeSubrange(m.start...)
        } else if m.start >= 1, w[m.start - 1] == "s" || w[m.start - 1] == "t" {
            w.removeSubrange(m.start...)
        }
    }

    private static func step5(_ w: inout [Unicode.Scalar], p1: Int, p2: Int) {
        guard let last = w.last else { return }
        let start = w.count - 1
        if last == "e" {
            if start >= p2 || (start >= p1 && !isShortSyllable(w, end: start)) { w.removeLast() }
        } else if last == "l" {
            if start >= p2, start >= 1, w[start - 1] == "l" { w.removeLast() }
        }
    }
}
