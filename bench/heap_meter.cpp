#include "heap_meter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

#include <malloc.h>

namespace truceline::bench {
namespace {

std::atomic<size_t> in_use{0};
std::atomic<size_t> peak{0};

void* Allocate(size_t size, size_t alignment) {
  void* p = alignment <= alignof(std::max_align_t)
                ? std::malloc(size)
                : std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
  if (p == nullptr) throw std::bad_alloc();
  size_t now =
      in_use.fetch_add(malloc_usable_size(p), std::memory_order_relaxed) + malloc_usable_size(p);
  size_t seen = peak.load(std::memory_order_relaxed);
  while (now > seen && !peak.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
  }
  return p;
}

void Release(void* p) {
  if (p == nullptr) return;
  in_use.fetch_sub(malloc_usable_size(p), std::memory_order_relaxed);
  std::free(p);
}

}  // namespace

size_t HeapBytesInUse() {
  return in_use.load();
}
size_t ResetHeapPeak() {
  size_t now = in_use.load();
  peak.store(now);
  return now;
}
size_t HeapPeakBytes() {
  return peak.load();
}

}  // namespace truceline::bench

void* operator new(size_t size) {
  return truceline::bench::Allocate(size, alignof(std::max_align_t));
}
void* operator new[](size_t size) {
  return truceline::bench::Allocate(size, alignof(std::max_align_t));
}
void* operator new(size_t size, std::align_val_t alignment) {
  return truceline::bench::Allocate(size, static_cast<size_t>(alignment));
}
void* operator new[](size_t size, std::align_val_t alignment) {
  return truceline::bench::Allocate(size, static_cast<size_t>(alignment));
}
void operator delete(void* p) noexcept {
  truceline::bench::Release(p);
}
void operator delete[](void* p) noexcept {
  truceline::bench::Release(p);
}
void operator delete(void* p, size_t) noexcept {
  truceline::bench::Release(p);
}
void operator delete[](void* p, size_t) noexcept {
  truceline::bench::Release(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  truceline::bench::Release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  truceline::bench::Release(p);
}
void operator delete(void* p, size_t, std::align_val_t) noexcept {
  truceline::bench::Release(p);
}
void operator delete[](void* p, size_t, std::align_val_t) noexcept {
  truceline::bench::Release(p);
}
