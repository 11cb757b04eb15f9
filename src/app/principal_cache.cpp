#include "app/principal_cache.hpp"

#include "app/credentials.hpp"

namespace truceline::app {

std::string PrincipalCache::KeyOf(Credential kind, std::string_view secret) {
  std::string key = detail::HashSecret(secret);
  key.push_back(kind == Credential::kToken ? 't' : 's');
  return key;
}

std::optional<Principal> PrincipalCache::Find(const std::string& key, core::UtcMicros now) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || now >= it->second.expires_at) return std::nullopt;
  return it->second;
}

uint64_t PrincipalCache::epoch() const {
  std::lock_guard lock(mutex_);
  return epoch_;
}

void PrincipalCache::Insert(std::string key, const Principal& principal,
                            uint64_t epoch_before_lookup) {
  std::lock_guard lock(mutex_);
  if (epoch_ != epoch_before_lookup) return;
  if (entries_.size() >= capacity_) entries_.clear();
  entries_.insert_or_assign(std::move(key), principal);
}

void PrincipalCache::Clear() {
  std::lock_guard lock(mutex_);
  ++epoch_;
  entries_.clear();
}

size_t PrincipalCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace truceline::app
