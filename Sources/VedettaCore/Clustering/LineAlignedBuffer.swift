/// A fixed-capacity buffer of trivial values aligned on a cache line (64 bytes), for the clustering's flat
/// layouts: a Swift array's elements start 32 bytes into its allocation, so its 64-byte blocks would each
/// straddle two cache lines.
///
/// A reference type: its owner (a value type) copies it before writing when it is shared (copy on write), so
/// the owner keeps value semantics; the buffer never escapes its owner. Elements are not initialised: the owner
/// writes each before reading it (so that capacity reserved ahead costs address space, not touched memory).
final class LineAlignedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    /// Elements allocated.
    let capacity: Int

    /// A buffer of `capacity` elements, not initialised.
    init(capacity: Int) {
        self.capacity = capacity
        let n = max(capacity, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<Element>.stride, alignment: 64)
        base = raw.bindMemory(to: Element.self, capacity: n)
    }

    /// A new buffer of `capacity` elements starting with the first `count` of this one.
    func copy(count: Int, capacity: Int) -> LineAlignedBuffer {
        let copy = LineAlignedBuffer(capacity: capacity)
        copy.base.update(from: base, count: min(count, capacity))
        return copy
    }

    deinit { base.deallocate() }
}
