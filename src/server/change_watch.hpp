#pragma once
// ChangeWatch: when a cache of durable state held by the server (the
// incident view, the authenticated principals) must look at the store for
// changes. A look is due at once after this process changed the state
// (Touch), and otherwise once `lag` has passed since the last look began:
// another process's changes reach the cache within `lag`. Thread-safe.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>

namespace truceline::server {

class ChangeWatch {
 public:
  explicit ChangeWatch(std::chrono::steady_clock::duration lag) : lag_(lag.count()) {}

  // This process has changed the state (after the change is committed).
  void Touch() { ++changes_; }

  // Whether the cache must look for changes before it is used.
  bool Due() const {
    return changes_.load() != changes_seen_.load() || Now() - looked_at_.load() >= lag_;
  }

  // Marks a look's beginning: what it will have seen once it ends.
  struct Look {
    uint64_t changes;
    int64_t at;
  };
  Look Begin() const { return Look{changes_.load(), Now()}; }

  // The look `begun` has ended: changes made after it began stay due.
  void Looked(const Look& begun) {
    changes_seen_.store(begun.changes);
    looked_at_.store(begun.at);
  }

 private:
  static int64_t Now() { return std::chrono::steady_clock::now().time_since_epoch().count(); }

  const int64_t lag_;
  std::atomic<uint64_t> changes_{0};
  std::atomic<uint64_t> changes_seen_{0};
  std::atomic<int64_t> looked_at_{std::numeric_limits<int64_t>::min() / 2};
};

}  // namespace truceline::server
