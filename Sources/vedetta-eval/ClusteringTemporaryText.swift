import Foundation
import VedettaCore

// TEMPORARY — delete when the full TextNormalizer (Snowball stemmers, stop words) lands in VedettaCore/Text.
// The provisional normaliser returns raw lowercase words; measuring clustering on those would say more about the
// missing stemmer than about the clusterer. This applies an English stop-word list and stems on top of its
// tokens: the Snowball English vocabulary table (word → stem) when `../snowball/english` sits beside the
// Banking77 folder, otherwise a crude suffix stripper. Used only by `vedetta-eval clustering`.
struct TemporaryEnglishText: CustomStringConvertible {
    private var table: [String: String] = [:]
    var description: String { table.isEmpty ? "temporary suffix stripper" : "temporary Snowball table (\(table.count) words)" }

    init(banking77Path: String) {
        let folder = URL(fileURLWithPath: banking77Path).deletingLastPathComponent().deletingLastPathComponent()
        let english = folder.appendingPathComponent("snowball/english")
        if let voc = try? String(contentsOf: english.appendingPathComponent("voc.txt"), encoding: .utf8),
           let out = try? String(contentsOf: english.appendingPathComponent("output.txt"), encoding: .utf8)
        {
            let words = voc.split(separator: "\n")
            let stems = out.split(separator: "\n")
            if words.count == stems.count {
                for (w, s) in zip(words, stems) { table[String(w)] = String(s) }
            }
        }
    }

    static let stopWords: Set<String> = Set("""
        a about above after again against all am an and any are as at be because been before being below between \
        both but by can could did do does doing down during each few for from further had has have having he her \
        here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not \
        now of off on once only or other our ours ourselves out over own same she should so some such than that the \
        their theirs them themselves then there these they this those through to too under until up very was we \
        were what when where which while who whom why will with would you your yours yourself yourselves im ive \
        id dont cant didnt doesnt isnt wasnt ill youre thats whats hi hello please thanks thank also get got
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    func stem(_ word: String) -> String {
        if let s = table[word] { return s }
        var w = word
        for suffix in ["ingly", "edly", "ing", "ies", "ied", "ed", "es", "ly", "s"] where w.count > suffix.count + 3 {
            if w.hasSuffix(suffix) {
                w.removeLast(suffix.count)
                if suffix == "ies" || suffix == "ied" { w += "y" }
                break
            }
        }
        return w
    }

    func apply(_ text: NormalizedText) -> NormalizedText {
        var tokens: [Token] = []
        for t in text.tokens {
            guard case .word = t.kind else {
                tokens.append(t)
                continue
            }
            let w = t.term.replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "’", with: "")
            if Self.stopWords.contains(w) || w.count < 2 { continue }
            tokens.append(Token(term: stem(w), surface: t.surface, kind: .word))
        }
        return NormalizedText(language: .english, tokens: tokens)
    }
}
