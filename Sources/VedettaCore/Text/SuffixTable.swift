/// Longest-suffix lookup, the `among` of the Snowball language, bucketed by last scalar for speed.
///
/// Snowball's `among` picks the longest listed suffix that ends the word and then runs that suffix's action,
/// with no fall-back to a shorter one when the action's condition fails; callers reproduce that by acting only
/// on the single result.
struct SuffixTable: Sendable {
    private struct Entry: Sendable {
        var scalars: [Unicode.Scalar]
        var id: Int
    }

    /// Buckets indexed by the last scalar's value (all suffixes end in Latin-1 letters).
    private var buckets: [[Entry]]

    /// Builds a table; `entries` pairs each suffix with the id returned on a match.
    init(_ entries: [(String, Int)]) {
        var buckets = [[Entry]](repeating: [], count: 256)
        for (text, id) in entries {
            let scalars = Array(text.unicodeScalars)
            let last = Int(scalars.last!.value)
            precondition(last < 256, "suffix \(text) must end in a Latin-1 scalar")
            buckets[last].append(Entry(scalars: scalars, id: id))
        }
        for i in buckets.indices { buckets[i].sort { $0.scalars.count > $1.scalars.count } }
        self.buckets = buckets
    }

    /// Builds a table where every suffix of a group shares the group's id (its index).
    init(groups: [[String]]) {
        var entries: [(String, Int)] = []
        for (id, group) in groups.enumerated() { for s in group { entries.append((s, id)) } }
        self.init(entries)
    }

    /// The longest suffix of `word[..<end]` starting at or after `minStart` (Snowball's `setlimit`): its id and
    /// the index where it starts.
    @inline(__always)
    func match(_ word: [Unicode.Scalar], end: Int, minStart: Int = 0) -> (id: Int, start: Int)? {
        guard end > 0 else { return nil }
        let last = Int(word[end - 1].value)
        guard last < 256 else { return nil }
        for entry in buckets[last] {
            let n = entry.scalars.count
            guard n <= end - minStart else { continue }
            var i = 0
            let base = end - n
            while i < n - 1 {
                if word[base + i] != entry.scalars[i] { break }
                i += 1
            }
            if i == n - 1 { return (entry.id, base) }
        }
        return nil
    }
}

extension Array where Element == Unicode.Scalar {
    /// Replaces `self[start...]` with `replacement` (Snowball's slice assignment at the end of the word).
    @inline(__always)
    mutating func replaceTail(from start: Int, with replacement: StaticString) {
        removeSubrange(start...)
        replacement.withUTF8Buffer { buf in
            for b in buf { append(Unicode.Scalar(b)) }
        }
    }
}

extension String {
    /// A string made of `scalars`.
    @inline(__always)
    init(scalars: some Sequence<Unicode.Scalar>) {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self = String(view)
    }
}
