import Foundation
import Testing
@testable import VedettaCore

/// The detector's vocabulary table finds what it holds across growth and removal, and encodes as the dictionary it
/// replaced.
@Suite struct TermHistoryTableTests {
    static func history(_ i: Int) -> TermHistory {
        TermHistory(first: Timestamp(milliseconds: Int64(i) * 1000), last: Timestamp(milliseconds: Int64(i) * 2000),
                    reports: i % 3 + 1, firstRequester: i % 2 == 0 ? "r-\(i)" : nil)
    }

    static func filled(_ n: Int) -> TermHistoryTable {
        var table = TermHistoryTable()
        for i in 0..<n {
            let term = "termine\(i)"
            #expect(table.index(of: term, hash: DistinctWindow.key(term)) == nil)
            table.insert(term, hash: DistinctWindow.key(term), history(i))
        }
        return table
    }

    @Test func findsEveryTermAfterGrowing() {
        let table = Self.filled(5000)
        #expect(table.count == 5000)
        for i in stride(from: 0, to: 5000, by: 7) {
            let term = "termine\(i)"
            let index = table.index(of: term, hash: DistinctWindow.key(term))
            #expect(index.map { table[$0] } == Self.history(i))
        }
        #expect(table.index(of: "assente", hash: DistinctWindow.key("assente")) == nil)
        // A term under another term's hash is not that term.
        #expect(table.index(of: "assente", hash: DistinctWindow.key("termine3")) == nil)
    }

    @Test func removalKeepsTheRestFindableAndInOrder() {
        var table = Self.filled(3000)
        table.removeAll { $0.reports == 1 }
        #expect(table.count == 2000)
        for i in 0..<3000 {
            let term = "termine\(i)"
            let index = table.index(of: term, hash: DistinctWindow.key(term))
            if i % 3 == 0 { #expect(index == nil) } else { #expect(index.map { table[$0] } == Self.history(i)) }
        }
        #expect(table.terms == (0..<3000).filter { $0 % 3 != 0 }.map { "termine\($0)" })
        // Writes in place land on the entry found.
        let index = try! #require(table.index(of: "termine4", hash: DistinctWindow.key("termine4")))
        table[index].reports = 42
        #expect(table[table.index(of: "termine4", hash: DistinctWindow.key("termine4"))!].reports == 42)
    }

    @Test func encodesAsTheDictionaryItReplacedAndDecodesBack() throws {
        let table = Self.filled(300)
        let dictionary = Dictionary(uniqueKeysWithValues: (0..<300).map { ("termine\($0)", Self.history($0)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = try encoder.encode(table)
        #expect(encoded == (try encoder.encode(dictionary)))
        let decoded = try JSONDecoder().decode(TermHistoryTable.self, from: encoded)
        #expect(decoded.count == 300)
        for i in 0..<300 {
            let term = "termine\(i)"
            #expect(decoded.index(of: term, hash: DistinctWindow.key(term)).map { decoded[$0] } == Self.history(i))
        }
    }
}
