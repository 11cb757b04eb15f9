// TZif parsing, POSIX footer rules and local day bounds, checked against
// the 2025 transitions of Europe/Kyiv (last Sunday of March 01:00 UTC,
// last Sunday of October 01:00 UTC) and hand-built zones.

#include "core/time_zone.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace truceline::core {
namespace {

namespace chr = std::chrono;
using chr::day;
using chr::month;
using chr::year;

int64_t UnixS(const char* rfc3339) {
  return ToUnixMicros(*ParseRfc3339(rfc3339)) / 1'000'000;
}

std::string ReadKyiv() {
  std::ifstream in("/usr/share/zoneinfo/Europe/Kyiv", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

chr::year_month_day Date(int y, unsigned m, unsigned d) {
  return {year{y}, month{m}, day{d}};
}

TEST(TimeZoneTest, KyivHasTheTwoTransitionsOf2025) {
  std::string bytes = ReadKyiv();
  ASSERT_FALSE(bytes.empty()) << "tzdata is not installed (scripts/install-deps)";
  auto zone = ParseTzif("Europe/Kyiv", bytes);
  ASSERT_TRUE(zone.ok()) << zone.status().ToString();
  auto t = zone->Transitions(UnixS("2025-01-01T00:00:00Z"), UnixS("2026-01-01T00:00:00Z"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0], (ZoneTransition{UnixS("2025-03-30T01:00:00Z"), 3 * 3600, true, "EEST"}));
  EXPECT_EQ(t[1], (ZoneTransition{UnixS("2025-10-26T01:00:00Z"), 2 * 3600, false, "EET"}));
  EXPECT_EQ(zone->UtcOffsetAt(UnixS("2025-03-30T00:59:59Z")), 7200);
  EXPECT_EQ(zone->UtcOffsetAt(UnixS("2025-03-30T01:00:00Z")), 10800);
  EXPECT_EQ(zone->UtcOffsetAt(UnixS("2025-10-26T00:59:59Z")), 10800);
  EXPECT_EQ(zone->UtcOffsetAt(UnixS("2025-10-26T01:00:00Z")), 7200);
}

TEST(TimeZoneTest, KyivLocalDaysAroundDst) {
  auto zone = ParseTzif("Europe/Kyiv", ReadKyiv());
  ASSERT_TRUE(zone.ok());
  auto start = [&](int y, unsigned m, unsigned d) { return zone->StartOfLocalDay(Date(y, m, d)); };
  EXPECT_EQ(start(2025, 3, 30), *ParseRfc3339("2025-03-29T22:00:00Z"));
  EXPECT_EQ(start(2025, 3, 31), *ParseRfc3339("2025-03-30T21:00:00Z"));
  EXPECT_EQ(start(2025, 3, 31) - start(2025, 3, 30), chr::hours(23));
  EXPECT_EQ(start(2025, 10, 26), *ParseRfc3339("2025-10-25T21:00:00Z"));
  EXPECT_EQ(start(2025, 10, 27) - start(2025, 10, 26), chr::hours(25));
  EXPECT_EQ(start(2025, 4, 2) - start(2025, 4, 1), chr::hours(24));
  EXPECT_EQ(zone->LocalDate(*ParseRfc3339("2025-03-29T22:00:00Z")), Date(2025, 3, 30));
  EXPECT_EQ(zone->LocalDate(*ParseRfc3339("2025-03-29T21:59:59Z")), Date(2025, 3, 29));
}

TEST(TimeZoneTest, FooterRuleContinuesBeyondTheRecordedTransitions) {
  auto zone = ParseTzif("Europe/Kyiv", ReadKyiv());
  ASSERT_TRUE(zone.ok());
  // Fat files end in 2037; the footer rule takes over.
  auto t = zone->Transitions(UnixS("2040-01-01T00:00:00Z"), UnixS("2041-01-01T00:00:00Z"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].at_s, UnixS("2040-03-25T01:00:00Z"));
  EXPECT_EQ(t[1].at_s, UnixS("2040-10-28T01:00:00Z"));
  EXPECT_EQ(zone->UtcOffsetAt(UnixS("2040-07-01T00:00:00Z")), 10800);
  EXPECT_EQ(zone->UtcOffsetAt(UnixS("2040-12-01T00:00:00Z")), 7200);
}

TEST(TimeZoneTest, PosixRule) {
  auto rule = ParsePosixZoneRule("EET-2EEST,M3.5.0/3,M10.5.0/4");
  ASSERT_TRUE(rule);
  EXPECT_EQ(rule->std_offset_s, 7200);
  EXPECT_EQ(rule->dst_offset_s, 10800);
  auto t = PosixRuleTransitions(*rule, 2025);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].at_s, UnixS("2025-03-30T01:00:00Z"));
  EXPECT_EQ(t[1].at_s, UnixS("2025-10-26T01:00:00Z"));

  auto julian = ParsePosixZoneRule("<+03>-3<+04>,J60/2,300/2");
  ASSERT_TRUE(julian);
  EXPECT_EQ(julian->std_abbreviation, "+03");
  auto j = PosixRuleTransitions(*julian, 2024);  // leap year
  // J60 is March 1 (February 29 never counted); 300 is zero-based.
  EXPECT_EQ(j[0].at_s, UnixS("2024-03-01T02:00:00+03:00"));
  EXPECT_EQ(j[1].at_s, UnixS("2024-10-27T02:00:00+04:00"));

  EXPECT_TRUE(ParsePosixZoneRule("UTC0"));
  EXPECT_FALSE(ParsePosixZoneRule(""));
  EXPECT_FALSE(ParsePosixZoneRule("EET-2EEST,M13.5.0,M10.5.0"));
  EXPECT_FALSE(ParsePosixZoneRule("E-2"));
}

// A minimal version 1 file: one transition from +01:00 to +02:00.
std::string TinyTzif() {
  std::string b = "TZif";
  b += std::string(16, '\0');  // version 1 ('\0') and reserved bytes
  auto be32 = [&](int64_t v) {
    for (int s = 24; s >= 0; s -= 8)
      b += static_cast<char>((v >> s) & 0xff);
  };
  be32(0);  // isutcnt
  be32(0);  // isstdcnt
  be32(0);  // leapcnt
  be32(1);  // timecnt
  be32(2);  // typecnt
  be32(8);  // charcnt
  be32(1'000'000'000);
  b += '\1';
  be32(3600);
  b += '\0';
  b += '\0';
  be32(7200);
  b += '\1';
  b += '\4';
  b += std::string("AAA\0BBB\0", 8);
  return b;
}

TEST(TimeZoneTest, HandBuiltVersionOneFile) {
  auto zone = ParseTzif("Test/Tiny", TinyTzif());
  ASSERT_TRUE(zone.ok()) << zone.status().ToString();
  EXPECT_EQ(zone->UtcOffsetAt(999'999'999), 3600);
  EXPECT_EQ(zone->UtcOffsetAt(1'000'000'000), 7200);
  auto t = zone->Transitions(0, 2'000'000'000);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].abbreviation, "BBB");
}

TEST(TimeZoneTest, MalformedFilesAreParseErrors) {
  std::string tiny = TinyTzif();
  EXPECT_EQ(ParseTzif("X", "").status().code(), ErrorCode::kParseError);
  EXPECT_EQ(ParseTzif("X", "TZXX" + tiny.substr(4)).status().code(), ErrorCode::kParseError);
  auto truncated = ParseTzif("X", tiny.substr(0, tiny.size() - 3));
  EXPECT_EQ(truncated.status().code(), ErrorCode::kParseError);
  EXPECT_NE(truncated.status().message().find("X"), std::string::npos);
  std::string bad_index = tiny;
  bad_index[44 + 4] = '\7';  // the transition's type index
  EXPECT_EQ(ParseTzif("X", bad_index).status().code(), ErrorCode::kParseError);
}

TEST(TimeZoneTest, DayStartsAtTheEndOfAGapOverMidnight) {
  // Clocks jump from 00:00 to 01:00 at 2025-09-07T00:00 local (-04:00 → -03:00).
  int64_t jump = UnixS("2025-09-07T04:00:00Z");
  TimeZone zone("Test/Gap", {0, -4 * 3600, false, "A"}, {{jump, -3 * 3600, true, "B"}},
                std::nullopt);
  EXPECT_EQ(zone.StartOfLocalDay(Date(2025, 9, 7)), *ParseRfc3339("2025-09-07T04:00:00Z"));
  EXPECT_EQ(zone.StartOfLocalDay(Date(2025, 9, 8)), *ParseRfc3339("2025-09-08T03:00:00Z"));
  EXPECT_EQ(zone.StartOfLocalDay(Date(2025, 9, 6)), *ParseRfc3339("2025-09-06T04:00:00Z"));
}

TEST(TimeZoneTest, UtcIsFixed) {
  TimeZone utc = TimeZone::Utc();
  EXPECT_EQ(utc.UtcOffsetAt(UnixS("2025-03-30T01:00:00Z")), 0);
  EXPECT_EQ(utc.StartOfLocalDay(Date(2025, 3, 30)), *ParseRfc3339("2025-03-30T00:00:00Z"));
}

}  // namespace
}  // namespace truceline::core
