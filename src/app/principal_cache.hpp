#pragma once
// PrincipalCache: the principals of credentials authenticated recently, so
// that a request presenting an API token or a session cookie seen before is
// authenticated without a store lookup.
//
// Keys are BLAKE2b hashes of the secrets, never the secrets themselves. The
// cache cannot see accounts change: its owner calls Clear whenever they may
// have (a revocation, a logout, a disabled user). An entry looked up before
// a Clear and inserted after it is dropped, so a lookup racing with a
// revocation never brings the revoked credential back. Expiry is checked on
// every Find. Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "app/accounts.hpp"
#include "core/time.hpp"

namespace truceline::app {

class PrincipalCache {
 public:
  enum class Credential { kToken, kSession };

  // Holds at most `capacity` entries; when full, an insert clears it first
  // (entries are cheap to look up again).
  explicit PrincipalCache(size_t capacity = 4096) : capacity_(capacity) {}

  // The cache key of a presented secret of `kind`.
  static std::string KeyOf(Credential kind, std::string_view secret);

  // The cached principal of `key`, unless absent or expired at `now`.
  std::optional<Principal> Find(const std::string& key, core::UtcMicros now) const;

  // Read before looking a credential up in the store; pass it to Insert.
  uint64_t epoch() const;

  // Caches `principal` under `key`, unless the cache was cleared since
  // `epoch_before_lookup` was read (the lookup may predate the change).
  void Insert(std::string key, const Principal& principal, uint64_t epoch_before_lookup);

  // Forgets every entry.
  void Clear();

  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  uint64_t epoch_ = 0;
  std::unordered_map<std::string, Principal> entries_;
};

}  // namespace truceline::app
