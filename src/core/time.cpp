#include "core/time.hpp"

#include <fmt/format.h>

namespace truceline::core {
namespace {

using std::chrono::days;
using std::chrono::microseconds;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Reads exactly `width` digits at `pos`; advances `pos`.
bool ReadDigits(std::string_view s, size_t& pos, int width, int& out) {
  if (pos + static_cast<size_t>(width) > s.size()) return false;
  int value = 0;
  for (int i = 0; i < width; ++i) {
    char c = s[pos + static_cast<size_t>(i)];
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<size_t>(width);
  out = value;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<UtcMicros> Fail(std::string* error, std::string_view reason) {
  if (error) *error = reason;
  return std::nullopt;
}

}  // namespace

std::optional<UtcMicros> ParseRfc3339(std::string_view s, std::string* error) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  constexpr std::string_view kShape = "expected an RFC 3339 date-time such as 2025-03-15T10:04:05Z";
  if (!ReadDigits(s, pos, 4, year) || !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, month) ||
      !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, day)) {
    return Fail(error, kShape);
  }
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) {
    return Fail(error,
                pos >= s.size() ? "a time and a time zone are required (e.g. T10:04:05Z)" : kShape);
  }
  ++pos;
  if (!ReadDigits(s, pos, 2, hour) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, minute) ||
      !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, second)) {
    return Fail(error, kShape);
  }
  int64_t fraction_us = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    int64_t scale = 100000;
    while (pos < s.size() && IsDigit(s[pos])) {
      if (digits < 6) {
        fraction_us += (s[pos] - '0') * scale;
        scale /= 10;
      }
      ++digits;
      ++pos;
    }
    if (digits == 0) return Fail(error, "a decimal point must be followed by digits");
  }
  int offset_minutes = 0;
  if (pos >= s.size()) return Fail(error, "a time zone (Z or ±hh:mm) is required");
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadDigits(s, pos, 2, oh) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, om)) {
      return Fail(error, "a time zone offset must look like +02:00");
    }
    if (oh > 23 || om > 59) return Fail(error, "time zone offset out of range");
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return Fail(error, "a time zone (Z or ±hh:mm) is required");
  }
  if (pos != s.size()) return Fail(error, "unexpected characters after the date-time");

  if (month < 1 || month > 12) return Fail(error, "month out of range");
  if (hour > 23 || minute > 59) return Fail(error, "time of day out of range");
  if (second == 60) return Fail(error, "leap seconds are not supported");
  if (second > 59) return Fail(error, "seconds out of range");
  std::chrono::year_month_day ymd{std::chrono::year(year),
                                  std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return Fail(error, "no such calendar date");

  auto t = std::chrono::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second) - std::chrono::minutes(offset_minutes);
  return UtcMicros(std::chrono::duration_cast<microseconds>(t.time_since_epoch()) +
                   microseconds(fraction_us));
}

std::string FormatRfc3339(UtcMicros t) {
  auto day_point = std::chrono::floor<days>(t);
  std::chrono::year_month_day ymd(day_point);
  std::chrono::hh_mm_ss hms(t - day_point);
  auto us = hms.subseconds().count();
  std::string out =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  hms.hours().count(), hms.minutes().count(), hms.seconds().count());
  if (us != 0) {
    if (us % 1000 == 0) {
      out += fmt::format(".{:03}", us / 1000);
    } else {
      out += fmt::format(".{:06}", us);
    }
  }
  out += 'Z';
  return out;
}

UtcMicros SystemClock::Now() const {
  return std::chrono::time_point_cast<microseconds>(std::chrono::system_clock::now());
}

std::optional<std::chrono::year_month_day> ParseCalendarDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (size_t i = 0; i < lengths[p]; ++i) {
      char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  std::chrono::year_month_day date{std::chrono::year{parts[0]},
                                   std::chrono::month{static_cast<unsigned>(parts[1])},
                                   std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string FormatCalendarDate(std::chrono::year_month_day date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

}  // namespace truceline::core
