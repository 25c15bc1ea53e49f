/// Byte searches eight bytes at a time (SWAR: one 64-bit word per step), for the long runs of plain bytes in
/// event lines: finding the end of a line, the end of a string, a control character.
///
/// The word tests are exact for "some byte of the word matches" (the classic has-zero / has-less tricks); the
/// caller then finds which byte with a plain loop, so results equal a byte-by-byte scan.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `x` equals `byte`.
    @inline(__always)
    static func hasByte(_ x: UInt64, _ byte: UInt8) -> Bool {
        let y = x ^ (ones &* UInt64(byte))
        return (y &- ones) & ~y & highs != 0
    }

    /// Whether some byte of `x` is below `limit` (at most 0x80).
    @inline(__always)
    static func hasLess(_ x: UInt64, _ limit: UInt8) -> Bool {
        (x &- ones &* UInt64(limit)) & ~x & highs != 0
    }

    /// Whether some byte of `x` is 0x80 or above (not ASCII).
    @inline(__always)
    static func hasHigh(_ x: UInt64) -> Bool { x & highs != 0 }

    /// The eight bytes at `i` (the caller checks `i + 8 <= bytes.count`).
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self))
    }

    /// The index of the first newline at or after `from`, or nil.
    @inline(__always)
    static func firstNewline(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        let n = bytes.count
        while i + 8 <= n, !hasByte(word(bytes, i), 0x0A) { i += 8 }
        while i < n {
            if bytes[i] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    /// Whether `bytes` hold a control character other than tab, line feed and carriage return.
    @inline(__always)
    static func hasControlCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i + 8 <= n, !hasLess(word(bytes, i), 0x20) { i += 8 }
        while i < n {
            let b = bytes[i]
            if b < 0x20 && b != 0x0A && b != 0x0D && b != 0x09 { return true }
            i += 1
        }
        return false
    }
}
