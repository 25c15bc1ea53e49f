// A software prefetch for the pure core's hot loops.
//
// Swift has no prefetch: the clusterer used to "touch" the cache lines it would read next with ordinary loads,
// whose results it then discarded. Those loads overlap each other, but each must complete before it retires, so
// a handful of DRAM misses fill the reorder window and stall everything after them. A prefetch instruction
// retires at once: the lines arrive while the code goes on. It changes no result, only timing.
#ifndef CVEDETTA_PREFETCH_H
#define CVEDETTA_PREFETCH_H

/// Asks for the cache line holding `address` to be loaded for reading (no effect on any value; any address,
/// even an invalid one, is allowed).
static inline __attribute__((always_inline)) void vedetta_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
