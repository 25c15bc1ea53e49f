import Testing
@testable import VedettaCore

/// The parser's UTF-8 check must agree with the standard library's strict one.
@Suite struct UTF8ValidationTests {
    static func agree(_ bytes: [UInt8]) -> Bool {
        let ours = bytes.withUnsafeBufferPointer(UTF8Validation.isValid)
        return ours == (String(validating: bytes, as: UTF8.self) != nil)
    }

    @Test(arguments: [
        [0x41], [0xC3, 0xA8], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80],
        [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBD], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
        [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82],
        [0xFF], [0x61, 0xE2, 0x82, 0xAC, 0x62],
    ] as [[UInt8]])
    func craftedSequences(bytes: [UInt8]) { #expect(Self.agree(bytes), "\(bytes)") }

    @Test func randomBytesAgree() {
        var random = SplitMix64(seed: 11)
        // Bytes biased to the interesting ranges: ASCII, continuation bytes and lead bytes.
        let pool: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0,
                             0xF4, 0xF5, 0xFF]
        for _ in 0..<50_000 {
            let bytes = (0..<Int(random.next() % 7)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
            #expect(Self.agree(bytes), "\(bytes)")
        }
    }
}
