#include "core/time.hpp"

#include <gtest/gtest.h>

namespace truceline::core {
namespace {

int64_t Micros(std::string_view text) {
  auto t = ParseRfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t ? ToUnixMicros(*t) : 0;
}

TEST(Rfc3339Test, ParsesUtcAndOffsets) {
  EXPECT_EQ(Micros("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Micros("2025-03-15T10:04:05Z"), 1742033045LL * 1000000);
  // The same instant written with an offset.
  EXPECT_EQ(Micros("2025-03-15T12:04:05+02:00"), 1742033045LL * 1000000);
  EXPECT_EQ(Micros("2025-03-15T06:34:05-03:30"), 1742033045LL * 1000000);
  EXPECT_EQ(Micros("2025-03-15t10:04:05z"), 1742033045LL * 1000000);
  EXPECT_EQ(Micros("2025-03-15 10:04:05Z"), 1742033045LL * 1000000);
}

TEST(Rfc3339Test, ParsesFractions) {
  EXPECT_EQ(Micros("1970-01-01T00:00:00.5Z"), 500000);
  EXPECT_EQ(Micros("1970-01-01T00:00:00.123456Z"), 123456);
  EXPECT_EQ(Micros("1970-01-01T00:00:00.1234569Z"), 123456);  // truncated, not rounded
  EXPECT_EQ(Micros("1969-12-31T23:59:59.75Z"), -250000);
}

TEST(Rfc3339Test, LeapDays) {
  EXPECT_TRUE(ParseRfc3339("2024-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2025-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("1900-02-29T00:00:00Z"));
  EXPECT_TRUE(ParseRfc3339("2000-02-29T00:00:00Z"));
}

TEST(Rfc3339Test, RejectsWithReasons) {
  struct Case {
    const char* text;
    const char* reason_part;
  } cases[] = {
      {"2025-03-15", "time and a time zone are required"},
      {"2025-03-15T10:04:05", "time zone"},
      {"2025-03-15T10:04Z", "RFC 3339"},
      {"2025-13-15T10:04:05Z", "month out of range"},
      {"2025-04-31T10:04:05Z", "no such calendar date"},
      {"2025-03-15T24:00:00Z", "time of day out of range"},
      {"2025-03-15T23:59:60Z", "leap seconds"},
      {"2025-03-15T10:04:05.Z", "followed by digits"},
      {"2025-03-15T10:04:05+0200", "+02:00"},
      {"2025-03-15T10:04:05Z junk", "unexpected characters"},
      {"15/03/2025 10:04", "RFC 3339"},
      {"", "RFC 3339"},
  };
  for (const auto& c : cases) {
    std::string reason;
    EXPECT_FALSE(ParseRfc3339(c.text, &reason)) << c.text;
    EXPECT_NE(reason.find(c.reason_part), std::string::npos) << c.text << " -> " << reason;
  }
}

TEST(Rfc3339Test, FormatsInUtcAndRoundTrips) {
  EXPECT_EQ(FormatRfc3339(FromUnixMicros(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(FromUnixMicros(1742033045LL * 1000000 + 250000)),
            "2025-03-15T10:04:05.250Z");
  EXPECT_EQ(FormatRfc3339(FromUnixMicros(1742033045LL * 1000000 + 7)),
            "2025-03-15T10:04:05.000007Z");
  EXPECT_EQ(FormatRfc3339(FromUnixMicros(-250000)), "1969-12-31T23:59:59.750Z");
  for (int64_t us : {0LL, 1LL, 999999LL, 1742033045123456LL, 4102444799999999LL, -1LL}) {
    auto t = FromUnixMicros(us);
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(t)), t) << us;
  }
}

TEST(ClockTest, FixedClockIsInjectable) {
  FixedClock clock(FromUnixMicros(1000));
  const Clock& c = clock;
  EXPECT_EQ(ToUnixMicros(c.Now()), 1000);
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(ToUnixMicros(c.Now()), 1001000);
  SystemClock system;
  EXPECT_GT(ToUnixMicros(system.Now()), 1742033045LL * 1000000);
}

}  // namespace
TEST(CalendarDateTest, DatesParseStrictly) {
  using std::chrono::year_month_day;
  auto date = [](int y, unsigned m, unsigned d) {
    return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  };
  EXPECT_EQ(ParseCalendarDate("2025-03-30"), date(2025, 3, 30));
  EXPECT_FALSE(ParseCalendarDate("2025-02-29"));
  EXPECT_FALSE(ParseCalendarDate("2025-3-30"));
  EXPECT_FALSE(ParseCalendarDate("2025-03-30T00:00"));
  EXPECT_FALSE(ParseCalendarDate("yesterday"));
  EXPECT_EQ(FormatCalendarDate(date(2025, 3, 30)), "2025-03-30");
}

}  // namespace truceline::core
