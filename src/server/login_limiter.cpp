#include "server/login_limiter.hpp"

#include <algorithm>

namespace truceline::server {

std::chrono::seconds LoginLimiter::WaitFor(std::deque<Clock::time_point>& failures,
                                           Clock::time_point now) {
  while (!failures.empty() && now - failures.front() >= window_)
    failures.pop_front();
  if (static_cast<int>(failures.size()) < max_failures_) return std::chrono::seconds(0);
  auto wait = std::chrono::ceil<std::chrono::seconds>(failures.front() + window_ - now);
  return std::max(wait, std::chrono::seconds(1));
}

std::chrono::seconds LoginLimiter::RetryAfter(const std::string& address, const std::string& user) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  std::chrono::seconds wait(0);
  if (auto it = by_address_.find(address); it != by_address_.end()) {
    wait = std::max(wait, WaitFor(it->second, now));
    if (it->second.empty()) by_address_.erase(it);
  }
  if (auto it = by_user_.find(user); it != by_user_.end()) {
    wait = std::max(wait, WaitFor(it->second, now));
    if (it->second.empty()) by_user_.erase(it);
  }
  return wait;
}

void LoginLimiter::RecordFailure(const std::string& address, const std::string& user) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  auto record = [&](std::deque<Clock::time_point>& failures) {
    failures.push_back(now);
    while (static_cast<int>(failures.size()) > max_failures_)
      failures.pop_front();
  };
  record(by_address_[address]);
  record(by_user_[user]);
  // Bound memory under a spray of made-up names: forget expired entries.
  if (by_user_.size() > 100'000) {
    std::erase_if(by_user_, [&](auto& entry) { return now - entry.second.back() >= window_; });
  }
}

void LoginLimiter::RecordSuccess(const std::string& user) {
  std::lock_guard lock(mutex_);
  by_user_.erase(user);
}

}  // namespace truceline::server
