/// The active clusters by sequence number, stored in reusable slots of one contiguous array.
///
/// A `Dictionary` of `ClusterState` copies the whole state (a dozen reference-counted buffers) on every read;
/// here the hot path reads a cluster in place (`read`) and mutates it in place (`update`), and a retired
/// cluster's slot is reused, so memory follows the active clusters, not all clusters ever created. Slots are
/// never observable: iteration goes through `sortedKeys` and the encoded form is keyed by sequence.
struct ClusterTable: Sendable {
    private var slots: ContiguousArray<ClusterState> = []
    private var slotOf: [Int32: Int32] = [:]
    private var free: [Int32] = []

    init() {}

    /// Number of active clusters.
    var count: Int { slotOf.count }

    /// Sequence numbers of the active clusters, ascending.
    var sortedKeys: [Int32] { slotOf.keys.sorted() }

    func contains(_ seq: Int32) -> Bool { slotOf[seq] != nil }

    /// Runs `body` on cluster `seq` without copying it; nil when it is not active.
    @inline(__always)
    func read<R>(_ seq: Int32, _ body: (ClusterState) -> R) -> R? {
        guard let s = slotOf[seq] else { return nil }
        // Through the buffer, whose subscript borrows: the array's getter would copy the state (and retain
        // every buffer it holds) for each candidate scored.
        return slots.withUnsafeBufferPointer { body($0[Int(s)]) }
    }

    /// Mutates cluster `seq` in place; nil when it is not active.
    @inline(__always) @discardableResult
    mutating func update<R>(_ seq: Int32, _ body: (inout ClusterState) -> R) -> R? {
        guard let s = slotOf[seq] else { return nil }
        return slots.withUnsafeMutableBufferPointer { body(&$0[Int(s)]) }
    }

    /// A copy of cluster `seq` (cold paths); assigning stores or, with nil, removes it.
    subscript(seq: Int32) -> ClusterState? {
        get { slotOf[seq].map { slots[Int($0)] } }
        set {
            if let newValue {
                insert(newValue, seq: seq)
            } else {
                _ = removeValue(forKey: seq)
            }
        }
    }

    private mutating func insert(_ state: ClusterState, seq: Int32) {
        if let s = slotOf[seq] {
            slots[Int(s)] = state
        } else if let s = free.popLast() {
            slotOf[seq] = s
            slots[Int(s)] = state
        } else {
            slotOf[seq] = Int32(slots.count)
            slots.append(state)
        }
    }

    /// Takes cluster `seq` out (moving it, not copying) and frees its slot.
    mutating func removeValue(forKey seq: Int32) -> ClusterState? {
        guard let s = slotOf.removeValue(forKey: seq) else { return nil }
        var state = ClusterState(seq: -1, at: Timestamp(milliseconds: 0))
        swap(&state, &slots[Int(s)])
        free.append(s)
        return state
    }
}

extension ClusterTable: Codable {
    /// Decodes the sequence-keyed form; slots are assigned in ascending sequence order.
    init(from decoder: any Decoder) throws {
        let byID = try [Int32: ClusterState](from: decoder)
        for seq in byID.keys.sorted() { insert(byID[seq]!, seq: seq) }
    }

    /// Encodes as a dictionary keyed by sequence (the slots are an implementation detail).
    func encode(to encoder: any Encoder) throws {
        var byID: [Int32: ClusterState] = [:]
        for (seq, s) in slotOf { byID[seq] = slots[Int(s)] }
        try byID.encode(to: encoder)
    }
}
