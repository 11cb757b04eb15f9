#pragma once
// Time zones from TZif data (RFC 8536, the files of the system's tzdata
// under /usr/share/zoneinfo): UTC offsets at an instant and the UTC bounds
// of a local calendar day, DST-correct. libstdc++ 12 has no std::chrono
// time-zone database, so the file's bytes are parsed here; reading the file
// is the caller's job (core does no I/O).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"

namespace truceline::core {

// A change of the local time type at `at_s` (seconds since the Unix epoch,
// UTC): from that instant on, local time is UTC + `utc_offset_s`.
struct ZoneTransition {
  int64_t at_s = 0;
  int32_t utc_offset_s = 0;
  bool is_dst = false;
  std::string abbreviation;  // "EEST", "EET", …

  friend bool operator==(const ZoneTransition&, const ZoneTransition&) = default;
};

// A POSIX TZ rule of a TZif footer ("EET-2EEST,M3.5.0/3,M10.5.0/4"): local
// time beyond the file's last transition. Offsets are seconds east of UTC.
struct PosixZoneRule {
  std::string std_abbreviation;
  int32_t std_offset_s = 0;
  // No DST when `dst_abbreviation` is empty; then the rest is unused.
  std::string dst_abbreviation;
  int32_t dst_offset_s = 0;
  // A rule date: Jn (day 1-365, February 29 never counted), n (day 0-365,
  // zero-based, leap days counted) or Mm.w.d (day d, 0 = Sunday, of week
  // w, 5 = last, of month m); `time_s` is local wall time in the offset in
  // effect before the change (may be negative or beyond 24 h).
  struct Date {
    enum class Form { kJulian1, kJulian0, kMonthWeekDay } form = Form::kMonthWeekDay;
    int day = 0;
    int month = 0;
    int week = 0;
    int32_t time_s = 2 * 3600;
  };
  Date dst_start;
  Date dst_end;
};

// Parses a POSIX TZ string as found in TZif footers. Returns nullopt when
// it is malformed or empty.
std::optional<PosixZoneRule> ParsePosixZoneRule(std::string_view text);

// The two DST changes of `year` under `rule` (start, then end, as UTC
// transitions); empty when the rule has no DST.
std::vector<ZoneTransition> PosixRuleTransitions(const PosixZoneRule& rule, int year);

// A time zone: its recorded transitions and the rule that continues them.
// Immutable after parsing; copies are independent; thread-safe to read.
class TimeZone {
 public:
  // UTC itself (no transitions, offset 0).
  static TimeZone Utc();

  const std::string& name() const { return name_; }

  // Every transition in [from_s, to_s) (Unix seconds), the recorded ones
  // and, after the last recorded one, those of the footer rule; in time
  // order. Only real changes of offset, DST flag or abbreviation count.
  std::vector<ZoneTransition> Transitions(int64_t from_s, int64_t to_s) const;

  // The offset east of UTC (seconds) in effect at `unix_s`.
  int32_t UtcOffsetAt(int64_t unix_s) const;

  // The first instant whose local date is `date` or later: local midnight,
  // or the end of a gap when a transition skips midnight.
  UtcMicros StartOfLocalDay(std::chrono::year_month_day date) const;

  // The local calendar date of an instant.
  std::chrono::year_month_day LocalDate(UtcMicros t) const;

  // Builds a zone from its parts (for ParseTzif and tests). `initial` is
  // the local time type before the first transition.
  TimeZone(std::string name, ZoneTransition initial, std::vector<ZoneTransition> transitions,
           std::optional<PosixZoneRule> rule);

 private:
  const ZoneTransition& TypeAt(int64_t unix_s, ZoneTransition& scratch) const;

  std::string name_;
  ZoneTransition initial_;
  std::vector<ZoneTransition> transitions_;  // sorted by at_s
  std::optional<PosixZoneRule> rule_;
};

// Parses TZif data (versions 1 to 4; the 64-bit block when present, and
// its footer rule). `name` labels the zone and error messages ("Europe/Kyiv").
// Errors: kParseError naming `name` and what is wrong (bad magic, truncated
// data, an index out of range, a malformed footer).
Result<TimeZone> ParseTzif(std::string_view name, std::string_view bytes);

}  // namespace truceline::core
