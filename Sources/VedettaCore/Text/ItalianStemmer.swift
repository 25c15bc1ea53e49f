/// The Snowball Italian stemmer, in pure Swift.
///
/// Reproduces the reference vocabulary of the Snowball project word for word. Input is expected in lower case
/// with accents composed (`è`, not `e` + U+0300); accented vowels matter to the algorithm.
public enum ItalianStemmer {
    /// The stem of `word` (lower case, composed accents).
    public static func stem(_ word: String) -> String {
        var scalars = Array(word.unicodeScalars)
        stem(&scalars)
        return String(scalars: scalars)
    }

    /// Stems `word` in place; the fast path used by the normaliser.
    public static func stem(_ word: inout [Unicode.Scalar]) {
        prelude(&word)
        let (pV, p1, p2) = regions(word)
        attachedPronoun(&word, pV: pV)
        if !standardSuffix(&word, pV: pV, p1: p1, p2: p2) {
            verbSuffix(&word, pV: pV)
        }
        vowelSuffix(&word, pV: pV)
        for i in word.indices {
            if word[i] == "I" { word[i] = "i" } else if word[i] == "U" { word[i] = "u" }
        }
    }

    // MARK: - Character classes

    @inline(__always)
    static func isVowel(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a", "e", "i", "o", "u", "\u{E0}", "\u{E8}", "\u{EC}", "\u{F2}", "\u{F9}": return true
        default: return false
        }
    }

    // MARK: - Prelude and regions

    /// Acute accents become grave, `qu` protects its `u`, and `i`/`u` between vowels become consonants.
    private static func prelude(_ w: inout [Unicode.Scalar]) {
        let n = w.count
        var i = 0
        while i < n {
            switch w[i] {
            case "\u{E1}": w[i] = "\u{E0}"
            case "\u{E9}": w[i] = "\u{E8}"
            case "\u{ED}": w[i] = "\u{EC}"
            case "\u{F3}": w[i] = "\u{F2}"
            case "\u{FA}": w[i] = "\u{F9}"
            case "q":
                if i + 1 < n, w[i + 1] == "u" { w[i + 1] = "U"; i += 1 }
            default: break
            }
            i += 1
        }
        guard n >= 3 else { return }
        for i in 0..<(n - 2) where isVowel(w[i]) && isVowel(w[i + 2]) {
            if w[i + 1] == "u" { w[i + 1] = "U" } else if w[i + 1] == "i" { w[i + 1] = "I" }
        }
    }

    private static func regions(_ w: [Unicode.Scalar]) -> (pV: Int, p1: Int, p2: Int) {
        let n = w.count
        var pV = n
        if n >= 2 {
            if isVowel(w[0]) {
                if !isVowel(w[1]) {
                    var i = 2
                    while i < n, !isVowel(w[i]) { i += 1 }
                    if i < n { pV = i + 1 }
                } else {
                    var i = 2
                    while i < n, isVowel(w[i]) { i += 1 }
                    if i < n { pV = i + 1 }
                }
            } else {
                if !isVowel(w[1]) {
                    var i = 2
                    while i < n, !isVowel(w[i]) { i += 1 }
                    if i < n { pV = i + 1 }
                } else if n >= 3 {
                    pV = 3
                }
            }
        }
        // Snowball 3 keeps "divano" apart from "diva".
        if n >= 5, w[0] == "d", w[1] == "i", w[2] == "v", w[3] == "a", w[4] == "n" { pV = 5 }
        let p1 = afterVowelConsonant(w, from: 0)
        let p2 = p1 < n ? afterVowelConsonant(w, from: p1) : n
        return (pV, p1, p2)
    }

    @inline(__always)
    private static func afterVowelConsonant(_ w: [Unicode.Scalar], from: Int) -> Int {
        var i = from
        while i < w.count, !isVowel(w[i]) { i += 1 }
        while i < w.count, isVowel(w[i]) { i += 1 }
        return i < w.count ? i + 1 : w.count
    }

    // MARK: - Step 0: attached pronouns

    private static let pronouns = SuffixTable(groups: [[
        "ci", "gli", "la", "le", "li", "lo", "mi", "ne", "si", "ti", "vi",
        "sene", "gliela", "gliele", "glieli", "glielo", "gliene",
        "mela", "mele", "meli", "melo", "mene", "tela", "tele", "teli", "telo", "tene",
        "cela", "cele", "celi", "celo", "cene", "vela", "vele", "veli", "velo", "vene",
    ]])
    private static let pronounHosts = SuffixTable(groups: [["ando", "endo"], ["ar", "er", "ir"]])

    private static func attachedPronoun(_ w: inout [Unicode.Scalar], pV: Int) {
        guard let p = pronouns.match(w, end: w.count),
              let h = pronounHosts.match(w, end: p.start), h.start >= pV else { return }
        if h.id == 0 { w.removeSubrange(p.start...) } else { w.replaceTail(from: p.start, with: "e") }
    }

    // MARK: - Step 1: standard suffixes

    private static let standardTable = SuffixTable(groups: [
        ["anza", "anze", "ico", "ici", "ica", "ice", "iche", "ichi", "ismo", "ismi", "abile", "abili", "ibile",
         "ibili", "ista", "iste", "isti", "ist\u{E0}", "ist\u{E8}", "ist\u{EC}", "oso", "osi", "osa", "ose",
         "mente", "atrice", "atrici", "ante", "anti"],
        ["azione", "azioni", "atore", "atori"],
        ["logia", "logie"],
        ["uzione", "uzioni", "usione", "usioni"],
        ["enza", "enze"],
        ["amento", "amenti", "imento", "imenti"],
        ["amente"],
        ["it\u{E0}"],
        ["ivo", "ivi", "iva", "ive"],
    ])
    private static let amenteTail = SuffixTable(groups: [["iv"], ["os", "ic", "abil"]])
    private static let itaTail = SuffixTable(groups: [["abil", "ic", "iv"]])

    /// Returns whether a suffix was removed (Snowball's success of `standard_suffix`).
    private static func standardSuffix(_ w: inout [Unicode.Scalar], pV: Int, p1: Int, p2: Int) -> Bool {
        guard let m = standardTable.match(w, end: w.count) else { return false }
        let s = m.start
        switch m.id {
        case 0:
            guard s >= p2 else { return false }
            w.removeSubrange(s...)
        case 1:
            guard s >= p2 else { return false }
            w.removeSubrange(s...)
            removeIfInR2(&w, "ic", p2: p2)
        case 2:
            guard s >= p2 else { return false }
            w.replaceTail(from: s, with: "log")
        case 3:
            guard s >= p2 else { return false }
            w.replaceTail(from: s, with: "u")
        case 4:
            guard s >= p2 else { return false }
            w.replaceTail(from: s, with: "ente")
        case 5:
            guard s >= pV else { return false }
            w.removeSubrange(s...)
        case 6:
            guard s >= p1 else { return false }
            w.removeSubrange(s...)
            if let t = amenteTail.match(w, end: w.count), t.start >= p2 {
                w.removeSubrange(t.start...)
                if t.id == 0 { removeIfInR2(&w, "at", p2: p2) }
            }
        case 7:
            guard s >= p2 else { return false }
            w.removeSubrange(s...)
            if let t = itaTail.match(w, end: w.count), t.start >= p2 { w.removeSubrange(t.start...) }
        default:
            guard s >= p2 else { return false }
            w.removeSubrange(s...)
            if removeIfInR2(&w, "at", p2: p2) { removeIfInR2(&w, "ic", p2: p2) }
        }
        return true
    }

    /// Removes the two-letter `suffix` when it ends the word inside R2.
    @discardableResult @inline(__always)
    private static func removeIfInR2(_ w: inout [Unicode.Scalar], _ suffix: StaticString, p2: Int) -> Bool {
        let n = w.count
        guard n >= 2, n - 2 >= p2 else { return false }
        let bytes = suffix.utf8Start
        guard w[n - 2].value == UInt32(bytes[0]), w[n - 1].value == UInt32(bytes[1]) else { return false }
        w.removeLast(2)
        return true
    }

    // MARK: - Step 2: verb suffixes

    private static let verbTable = SuffixTable(groups: [[
        "ammo", "ando", "ano", "are", "arono", "asse", "assero", "assi", "assimo", "ata", "ate", "ati", "ato",
        "ava", "avamo", "avano", "avate", "avi", "avo", "emmo", "enda", "ende", "endi", "endo", "er\u{E0}", "erai",
        "eranno", "ere", "erebbe", "erebbero", "erei", "eremmo", "eremo", "ereste", "eresti", "erete", "er\u{F2}",
        "erono", "essero", "ete", "eva", "evamo", "evano", "evate", "evi", "evo", "iamo", "immo", "ir\u{E0}",
        "irai", "iranno", "ire", "irebbe", "irebbero", "irei", "iremmo", "iremo", "ireste", "iresti", "irete",
        "ir\u{F2}", "irono", "isca", "iscano", "isce", "isci", "isco", "iscono", "issero", "ita", "ite", "iti",
        "ito", "iva", "ivamo", "ivano", "ivate", "ivi", "ivo", "ono", "uta", "ute", "uti", "uto", "ar", "ir",
    ]])

    private static func verbSuffix(_ w: inout [Unicode.Scalar], pV: Int) {
        // `setlimit tomark pV`: the suffix must lie wholly inside RV.
        guard let m = verbTable.match(w, end: w.count, minStart: pV) else { return }
        w.removeSubrange(m.start...)
    }

    // MARK: - Step 3: residual vowels

    private static func vowelSuffix(_ w: inout [Unicode.Scalar], pV: Int) {
        if let last = w.last, w.count - 1 >= pV {
            switch last {
            case "a", "e", "i", "o", "\u{E0}", "\u{E8}", "\u{EC}", "\u{F2}":
                w.removeLast()
                if let l = w.last, l == "i", w.count - 1 >= pV { w.removeLast() }
            default: break
            }
        }
        let n = w.count
        if n >= 2, w[n - 1] == "h", w[n - 2] == "c" || w[n - 2] == "g", n - 2 >= pV { w.removeLast() }
    }
}
