import Foundation
import VedettaCore

/// The machine's latency of one dependent read from a random one of `blocks` separate blocks of memory: the
/// yardstick beside which the clusterer bench's time per report is read.
///
/// A report reads and writes the state of the few clusters it meets (the one it joins, its candidates, their
/// index lists): a bounded number of cache lines, but lines of a random cluster among K. With 100 clusters they
/// stay in the core's caches; with 100,000 each is a trip to memory (and a page-table walk). No structure keeps
/// such a read at the cost of a cached one, so the bench prints, for each K, what one read of a random cluster's
/// block costs on this machine, measured the way lmbench's `lat_mem_rd` does: a pointer chase through a random
/// cyclic order of the blocks, each hop waiting for the previous one.
enum MemoryReference {
    /// Bytes per block: about what one active cluster holds in the bench (its state, hot copy, centroid buffers,
    /// index lists and vocabulary share; peak memory grows by 3.7 KB per cluster from K = 100 to 100,000).
    static let blockBytes = 4096

    /// Where each chase ends (unread: it only keeps the chase from being optimised away).
    nonisolated(unsafe) static var chaseEnd: UnsafeMutableRawPointer?

    /// Nanoseconds per dependent read over `blocks` blocks of `blockBytes` (one cache line read per block), the
    /// mean of `hops` reads after one untimed pass over every block. Allocates and touches `blocks × blockBytes`
    /// (4 GB for a million clusters), after the bench's clusterer is gone.
    static func dependentReadLatency(blocks: Int, hops: Int = 4_000_000) -> Double {
        let n = max(2, blocks)
        let memory = UnsafeMutableRawPointer.allocate(byteCount: n * blockBytes, alignment: 4096)
        defer { memory.deallocate() }
        // Touch every page first, so that the timed reads pay no page faults.
        for offset in stride(from: 0, to: n * blockBytes, by: 4096) { memory.storeBytes(of: 0, toByteOffset: offset, as: Int.self) }
        // A random cyclic order (Sattolo's shuffle: one cycle through every block), seeded.
        var order = Array(0..<n)
        var generator = SplitMix64(seed: 7)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i))
            order.swapAt(i, j)
        }
        for i in 0..<n {
            let next = memory + order[i] * blockBytes
            (memory + i * blockBytes).storeBytes(of: next, as: UnsafeMutableRawPointer.self)
        }
        var p = memory
        for _ in 0..<n { p = p.load(as: UnsafeMutableRawPointer.self) }
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<hops { p = p.load(as: UnsafeMutableRawPointer.self) }
        let elapsed = clock.now - start
        // Kept where the optimiser cannot prove it unread, so the chase is not removed.
        chaseEnd = p
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) * 1e9 + Double(attoseconds) * 1e-9) / Double(hops)
    }
}
