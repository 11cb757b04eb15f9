#pragma once
// Time in Truceline: UTC instants with microsecond resolution, RFC 3339 text,
// and the injected Clock that engines read instead of the system clock.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace truceline::core {

using UtcMicros = std::chrono::sys_time<std::chrono::microseconds>;

// Parses an RFC 3339 date-time ("2025-03-15T10:04:05Z", "…05.25+02:00").
// A time zone designator is required; fractions beyond microseconds are
// truncated; a lowercase 't'/'z' and a space instead of 'T' are accepted.
// Leap seconds (":60") are rejected. Returns nullopt with `error` set to
// the reason when the text is not a valid date-time.
std::optional<UtcMicros> ParseRfc3339(std::string_view text, std::string* error = nullptr);

// Formats as RFC 3339 in UTC with a 'Z' designator; the fraction is printed
// only when non-zero, with 3 or 6 digits ("2025-03-15T10:04:05.250Z").
std::string FormatRfc3339(UtcMicros t);

// Parses a calendar date "YYYY-MM-DD" (four-digit year, a real date);
// nullopt otherwise.
std::optional<std::chrono::year_month_day> ParseCalendarDate(std::string_view text);

// Formats a calendar date as "YYYY-MM-DD".
std::string FormatCalendarDate(std::chrono::year_month_day date);

// Microseconds since the Unix epoch and back.
inline int64_t ToUnixMicros(UtcMicros t) {
  return t.time_since_epoch().count();
}
inline UtcMicros FromUnixMicros(int64_t us) {
  return UtcMicros(std::chrono::microseconds(us));
}

// The source of "now". Engines take a Clock& so tests and replays are
// deterministic. Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual UtcMicros Now() const = 0;
};

// Reads the system's real-time clock.
class SystemClock final : public Clock {
 public:
  UtcMicros Now() const override;
};

// A clock that stands still until told to move; for tests and replays.
// Not thread-safe against concurrent Set/Advance.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(UtcMicros now) : now_(now) {}
  UtcMicros Now() const override { return now_; }
  void Set(UtcMicros now) { now_ = now; }
  void Advance(std::chrono::microseconds by) { now_ += by; }

 private:
  UtcMicros now_;
};

}  // namespace truceline::core
