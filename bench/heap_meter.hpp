#pragma once
// Counts the heap bytes the process holds, and the peak since a reset, by
// replacing the global operator new/delete of the benchmark executable
// that links heap_meter.cpp. Lets a benchmark state the extra memory a
// step needs beyond its input, per report, without reading /proc.

#include <cstddef>

namespace truceline::bench {

// Bytes currently allocated through operator new.
size_t HeapBytesInUse();
// Sets the peak to the current use; returns the current use.
size_t ResetHeapPeak();
// The largest HeapBytesInUse() since the last reset.
size_t HeapPeakBytes();

}  // namespace truceline::bench
