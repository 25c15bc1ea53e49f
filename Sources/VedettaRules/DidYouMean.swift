/// Suggestions for misspelt keys, ids and values.
enum DidYouMean {
    /// The closest candidate to `word` within a small edit distance, or nil. Ties go to the first candidate in
    /// sorted order, so the suggestion never depends on dictionary order.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3))
        var best: (distance: Int, candidate: String)? = nil
        for c in candidates.sorted() where c != word {
            let d = distance(word.lowercased(), c.lowercased())
            if d <= limit, best.map({ d < $0.distance }) ?? true { best = (d, c) }
        }
        return best?.candidate
    }

    /// `; did you mean `x`?` or the empty string.
    static func hint(for word: String, among candidates: [String]) -> String {
        suggestion(for: word, among: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
