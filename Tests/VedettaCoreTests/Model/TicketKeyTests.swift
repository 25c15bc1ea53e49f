import Foundation
import Testing
@testable import VedettaCore

@Suite struct TicketKeyTests {
    @Test func equalIdsAreEqualKeysWithTheSameHash() {
        let a = TicketKey("BO-2026-000001")
        let b = TicketKey(String("BO-2026-00000") + "1")
        #expect(a == b)
        #expect(a.hash == b.hash)
        #expect(a._rawHashValue(seed: 42) == b._rawHashValue(seed: 42))
        #expect(a != TicketKey("BO-2026-000002"))
        #expect((TicketKey("A-2") < TicketKey("A-10")) == ("A-2" < "A-10"))
    }

    @Test func aTableOfManyKeysFindsEachAndOnlyThose() {
        var table: [TicketKey: Int] = [:]
        var members = Set<TicketKey>()
        for n in 0..<20_000 {
            table[TicketKey("T-\(n)")] = n
            members.insert(TicketKey("T-\(n)"))
        }
        for n in stride(from: 0, to: 20_000, by: 7) {
            #expect(table[TicketKey("T-\(n)")] == n)
            #expect(members.contains(TicketKey("T-\(n)")))
        }
        #expect(table[TicketKey("T-20000")] == nil)
        #expect(!members.contains(TicketKey("T-x")))
    }

    /// The snapshot format is that of `String` ids: a key encodes as its id, and a dictionary keyed by tickets as
    /// an object keyed by ids.
    @Test func encodesAsTheBareIdAndDecodesBack() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let keyed: [TicketKey: String] = [TicketKey("T-1"): "durc", TicketKey("T-2"): "pagamenti"]
        let plain: [String: String] = ["T-1": "durc", "T-2": "pagamenti"]
        #expect(try encoder.encode(keyed) == encoder.encode(plain))
        #expect(try encoder.encode([TicketKey("T-9")]) == encoder.encode(["T-9"]))
        let decoded = try JSONDecoder().decode([TicketKey: String].self, from: encoder.encode(plain))
        #expect(decoded == keyed)
        #expect(decoded[TicketKey("T-2")] == "pagamenti")
    }
}
