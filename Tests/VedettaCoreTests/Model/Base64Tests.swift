import Foundation
import Testing
@testable import VedettaCore

/// The core's base64 (it has no Foundation) against RFC 4648's test vectors and Foundation's own.
@Suite struct Base64Tests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Array(plain.utf8).withUnsafeBytes(Base64.encode) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func agreesWithFoundationOnEveryLengthAndByte() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = bytes.withUnsafeBytes(Base64.encode)
            #expect(text == Data(bytes).base64EncodedString(), "length \(length)")
            #expect(Base64.decode(text) == bytes)
        }
        let all = (0...255).map(UInt8.init)
        #expect(all.withUnsafeBytes(Base64.encode) == Data(all).base64EncodedString())
    }

    @Test(arguments: ["Zg=", "Zg", "Z===", "Zm9v!A==", "Zm=v", "=Zm9", "Zm9vYg==Zm9v", "é123"])
    func refusesWhatIsNotBase64(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}

/// Sparse vectors encode as base64 entries and refuse damaged ones with a reason, never a crash.
@Suite struct SparseVectorCodingTests {
    struct Box: Codable { var vector: SparseVector }

    static func decode(_ json: String) throws -> SparseVector {
        try JSONDecoder().decode(Box.self, from: Data(json.utf8)).vector
    }

    @Test func roundTripsExactly() throws {
        let vectors = [
            SparseVector(),
            SparseVector(sortedIDs: [0], weights: [1]),
            SparseVector(sortedIDs: [2, 17, 4_000_000_000], weights: [0.25, -0.5, 1e-30]),
        ]
        for vector in vectors {
            let data = try JSONEncoder().encode(Box(vector: vector))
            let back = try JSONDecoder().decode(Box.self, from: data).vector
            #expect(back == vector)
            #expect(back.weights.map(\.bitPattern) == vector.weights.map(\.bitPattern), "bit for bit")
        }
    }

    /// Entries of 8 bytes: id then weight bits, little endian (as a reader in another language would expect).
    @Test func layoutIsLittleEndianIDThenWeight() throws {
        let data = try JSONEncoder().encode(Box(vector: SparseVector(sortedIDs: [1], weights: [1])))
        let expected = Data([1, 0, 0, 0, 0x00, 0x00, 0x80, 0x3F]).base64EncodedString()
        #expect(String(decoding: data, as: UTF8.self) == "{\"vector\":\"\(expected)\"}")
    }

    @Test(arguments: [
        ("{\"vector\":\"not base64!\"}", "not base64"),
        ("{\"vector\":\"AQAAAA==\"}", "not whole 8-byte entries"),
        // ids 2 then 1
        ("{\"vector\":\"\(Data([2, 0, 0, 0, 0, 0, 0x80, 0x3F, 1, 0, 0, 0, 0, 0, 0x80, 0x3F]).base64EncodedString())\"}",
         "ids do not strictly increase at entry 1"),
        // a NaN weight
        ("{\"vector\":\"\(Data([1, 0, 0, 0, 0, 0, 0xC0, 0x7F]).base64EncodedString())\"}", "weight of entry 0 is not finite"),
        ("{\"vector\":{\"ids\":[1],\"weights\":[1]}}", ""),
        ("{\"vector\":12}", ""),
    ])
    func refusesDamagedVectors(json: String, reason: String) {
        do {
            _ = try Self.decode(json)
            Issue.record("decoded \(json)")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains(reason), "\(context.debugDescription)")
        } catch {
            #expect(reason.isEmpty, "\(error)")
        }
    }
}
