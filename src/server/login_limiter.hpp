#pragma once
// LoginLimiter: slows password guessing. After `max_failures` failed logins
// within `window` from one address, or for one user name, further attempts
// from it (or for it) are refused until the window has passed since the
// oldest of them. Thread-safe; memory is bounded by pruning old entries.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace truceline::server {

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  LoginLimiter(int max_failures = 10, std::chrono::seconds window = std::chrono::minutes(5))
      : max_failures_(max_failures), window_(window) {}

  // Zero when an attempt may go ahead, else how long to wait.
  std::chrono::seconds RetryAfter(const std::string& address, const std::string& user);
  void RecordFailure(const std::string& address, const std::string& user);
  // A successful login clears the user's failures (not the address's).
  void RecordSuccess(const std::string& user);

 private:
  std::chrono::seconds WaitFor(std::deque<Clock::time_point>& failures, Clock::time_point now);

  const int max_failures_;
  const std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> by_address_;
  std::map<std::string, std::deque<Clock::time_point>> by_user_;
};

}  // namespace truceline::server
