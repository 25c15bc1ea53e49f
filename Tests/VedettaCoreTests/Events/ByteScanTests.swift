import Testing
@testable import VedettaCore

@Suite struct ByteScanTests {
    /// Bytes chosen to sit next to the values the word tests look for (borrows across bytes are the classic
    /// way such tests go wrong).
    static let alphabet: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0B, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C,
                                    0x5D, 0x61, 0x7F, 0x80, 0x81, 0xA2, 0xC3, 0xFF]

    /// Word results equal byte-by-byte results on many short buffers from a fixed seed.
    @Test func wordTestsMatchAByteLoop() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<20_000 {
            let count = next() % 40
            // Mostly plain letters, so that whole words pass the tests and the tails matter.
            let bytes: [UInt8] = (0..<count).map { _ in
                next() % 4 == 0 ? Self.alphabet[next() % Self.alphabet.count] : 0x61
            }
            bytes.withUnsafeBufferPointer { buffer in
                let from = count == 0 ? 0 : next() % count
                #expect(ByteScan.firstNewline(buffer, from: from) == bytes[from...].firstIndex(of: 0x0A))
                #expect(ByteScan.hasControlCharacter(buffer)
                    == bytes.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
                var i = 0
                while i + 8 <= count {
                    let x = ByteScan.word(buffer, i)
                    let part = bytes[i..<(i + 8)]
                    #expect(ByteScan.hasByte(x, 0x22) == part.contains(0x22))
                    #expect(ByteScan.hasByte(x, 0x5C) == part.contains(0x5C))
                    #expect(ByteScan.hasLess(x, 0x20) == part.contains { $0 < 0x20 })
                    #expect(ByteScan.hasHigh(x) == part.contains { $0 >= 0x80 })
                    i += 8
                }
            }
        }
    }
}
