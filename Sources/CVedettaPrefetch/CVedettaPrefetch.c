// Header-only: the function is static inline in include/CVedettaPrefetch.h, inlined into its Swift callers.
// This file exists because SwiftPM wants a source file in every C target.
#include "CVedettaPrefetch.h"
