extension SparseVector {
    /// Encodes as one base64 string of the entries, 8 bytes each (the id, then the weight's bits, both little
    /// endian). Checkpoints hold a vector per live ticket: as JSON numbers these made most of a 26 MB checkpoint
    /// and most of its 2 s of encoding, since every `Float` went through its shortest decimal form.
    public func encode(to encoder: any Encoder) throws {
        var bytes = [UInt8](repeating: 0, count: ids.count * 8)
        bytes.withUnsafeMutableBytes { out in
            for k in ids.indices {
                out.storeBytes(of: ids[k].littleEndian, toByteOffset: k * 8, as: UInt32.self)
                out.storeBytes(of: weights[k].bitPattern.littleEndian, toByteOffset: k * 8 + 4, as: UInt32.self)
            }
        }
        var container = encoder.singleValueContainer()
        try container.encode(bytes.withUnsafeBytes(Base64.encode))
    }

    /// Decodes the base64 form; refuses (a `DecodingError` naming the reason) text that is not base64, a length
    /// that is not whole entries, ids that do not strictly increase, and weights that are not finite: a vector
    /// that broke these would break every merge and dot product later.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        func refuse(_ reason: String) -> DecodingError {
            .dataCorruptedError(in: container, debugDescription: "sparse vector: \(reason)")
        }
        guard let bytes = Base64.decode(text) else { throw refuse("not base64") }
        guard bytes.count % 8 == 0 else { throw refuse("\(bytes.count) bytes are not whole 8-byte entries") }
        let n = bytes.count / 8
        var ids = [UInt32](repeating: 0, count: n)
        var weights = [Float](repeating: 0, count: n)
        try bytes.withUnsafeBytes { raw in
            for k in 0..<n {
                let id = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt32.self))
                let w = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8 + 4, as: UInt32.self)))
                guard k == 0 || id > ids[k - 1] else { throw refuse("ids do not strictly increase at entry \(k)") }
                guard w.isFinite else { throw refuse("weight of entry \(k) is not finite") }
                ids[k] = id
                weights[k] = w
            }
        }
        self.init(sortedIDs: ids, weights: weights)
    }
}
