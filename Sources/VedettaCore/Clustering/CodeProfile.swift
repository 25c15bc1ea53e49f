/// What a vector being scored (a report, or a cluster's unit centroid) holds in error codes new to the stream
/// (`CodeNovelty`): the part of its squared norm on them, and those entries. It lets a comparison leave those
/// codes out when the vector quotes none (`ClusteringConfiguration.codeShareFloor`, `ClusterTable.cosine`).
struct CodeProfile: Sendable {
    /// Squared norm of the whole vector.
    var norm2: Float = 0
    /// Squared norm of its entries on new error codes (0 exactly when it has none).
    var codeNorm2: Float = 0
    /// Its entries on new error codes, ascending ids (usually none, or one).
    var codes: [ClusterTable.Entry] = []

    /// A profile with no codes (what every vector of a stream without codes has).
    init() {}

    /// The profile of `vector`, whose new codes are the features `isCode` says.
    @inline(__always)
    init(_ vector: SparseVector, isCode: (UInt32) -> Bool) {
        vector.withBuffers { ids, weights in
            for k in 0..<ids.count {
                let w = weights[k]
                norm2 += w * w
                if isCode(ids[k]) {
                    codeNorm2 += w * w
                    codes.append(ClusterTable.Entry(id: ids[k], weight: w))
                }
            }
        }
    }

    /// Whether it quotes a new code: those hold at least `floor` of its squared norm.
    @inline(__always)
    func quotesCode(_ floor: Float) -> Bool { codeNorm2 > 0 && codeNorm2 >= floor * norm2 }
}
