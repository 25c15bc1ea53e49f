/// Standard base64 (RFC 4648 §4, with padding), for packing numeric arrays into checkpoints: the core does not
/// import Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Byte → 6-bit value, 0xFF for a byte outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// The base64 text of `bytes`.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        let n = bytes.count
        guard n > 0 else { return "" }
        return String(unsafeUninitializedCapacity: (n + 2) / 3 * 4) { out in
            alphabet.withUnsafeBufferPointer { a in
                var i = 0
                var o = 0
                while i + 3 <= n {
                    let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                    out[o] = a[Int(v >> 18)]
                    out[o + 1] = a[Int(v >> 12 & 63)]
                    out[o + 2] = a[Int(v >> 6 & 63)]
                    out[o + 3] = a[Int(v & 63)]
                    i += 3
                    o += 4
                }
                if i < n {
                    let v = UInt32(bytes[i]) << 16 | (i + 1 < n ? UInt32(bytes[i + 1]) << 8 : 0)
                    out[o] = a[Int(v >> 18)]
                    out[o + 1] = a[Int(v >> 12 & 63)]
                    out[o + 2] = i + 1 < n ? a[Int(v >> 6 & 63)] : UInt8(ascii: "=")
                    out[o + 3] = UInt8(ascii: "=")
                    o += 4
                }
                return o
            }
        }
    }

    /// The bytes of base64 `text`, or nil when it is not base64 (a length that is not a multiple of 4,
    /// a character outside the alphabet, padding anywhere but at the end).
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { utf8 -> [UInt8]? in
            let n = utf8.count
            guard n % 4 == 0 else { return nil }
            guard n > 0 else { return [] }
            let padding = utf8[n - 1] == UInt8(ascii: "=") ? (utf8[n - 2] == UInt8(ascii: "=") ? 2 : 1) : 0
            let count = n / 4 * 3 - padding
            return values.withUnsafeBufferPointer { table -> [UInt8]? in
                var failed = false
                let bytes = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
                    var o = 0
                    var i = 0
                    while i < n {
                        let last = i + 4 == n
                        let c2 = last && padding == 2 ? 0 : table[Int(utf8[i + 2])]
                        let c3 = last && padding >= 1 ? 0 : table[Int(utf8[i + 3])]
                        let c0 = table[Int(utf8[i])]
                        let c1 = table[Int(utf8[i + 1])]
                        if (c0 | c1 | c2 | c3) & 0xC0 != 0 {
                            failed = true
                            break
                        }
                        let v = UInt32(c0) << 18 | UInt32(c1) << 12 | UInt32(c2) << 6 | UInt32(c3)
                        out[o] = UInt8(truncatingIfNeeded: v >> 16)
                        if o + 1 < count { out[o + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                        if o + 2 < count { out[o + 2] = UInt8(truncatingIfNeeded: v) }
                        o += 3
                        i += 4
                    }
                    initialized = failed ? 0 : count
                }
                return failed ? nil : bytes
            }
        }
    }
}
