import Foundation
import Testing
@testable import VedettaCore

/// Checks the stemmers against the Snowball project's reference vocabularies, read in place.
@Suite struct SnowballVocabularyTests {
    /// `<repo root>/../shared/data/snowball`, also looked up one level higher for git worktrees under `wt/`.
    static let dataRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(4)
        while parts.count > 1 {
            let candidate = parts.joined(separator: "/") + "/../shared/data/snowball"
            if FileManager.default.fileExists(atPath: candidate + "/COPYING") { return candidate }
            parts.removeLast()
        }
        return "/nonexistent"
    }()

    static func readLines(_ path: String) -> [String]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func available(_ language: String) -> Bool {
        readLines(dataRoot + "/\(language)/voc.txt") != nil
    }

    static func check(_ language: String, stem: (String) -> String) throws {
        let words = try #require(readLines(dataRoot + "/\(language)/voc.txt"))
        let expected = try #require(readLines(dataRoot + "/\(language)/output.txt"))
        try #require(words.count == expected.count)
        var mismatches: [String] = []
        var count = 0
        for (word, want) in zip(words, expected) {
            let got = stem(word)
            if got != want {
                count += 1
                if mismatches.count < 200 { mismatches.append("\(word) -> \(got) (want \(want))") }
            }
        }
        #expect(count == 0, "\(count) of \(words.count) mismatches, first: \(mismatches.joined(separator: "; "))")
    }

    @Test(.enabled(if: available("italian"))) func italianVocabulary() throws {
        try Self.check("italian", stem: ItalianStemmer.stem)
    }

    @Test(.enabled(if: available("english"))) func englishVocabulary() throws {
        try Self.check("english", stem: EnglishStemmer.stem)
    }
}
