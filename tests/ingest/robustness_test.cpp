// Seeded corruption of valid inputs: whatever the bytes, a reader ends,
// accounts for every record it saw, never accepts a record its validator
// would refuse, and explains every rejection.

#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/report_json.hpp"
#include "ingest_test_util.hpp"

namespace truceline::ingest {
namespace {

using testing::ReadFile;
using testing::TempDir;

std::string ValidInput(Format format, int n) {
  std::string out;
  if (format == Format::kCsv) out = "id,source,source_kind,observed_at,lat,lon,kind,count,text\n";
  if (format == Format::kGeoJson) out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  for (int i = 0; i < n; ++i) {
    core::Report r;
    r.id = fmt::format("r{}", i);
    r.source = "s";
    r.source_kind = core::SourceKind::kOsint;
    r.observed_at = core::FromUnixMicros(1743500000000000LL + i);
    r.lat = 48 + i * 1e-3;
    r.lon = 37;
    r.kind = core::ReportKind::kMortar;
    r.count = 1 + i % 3;
    r.text = i % 4 == 0 ? "a, \"b\"\nc" : "";
    switch (format) {
      case Format::kNdjson:
        core::AppendReportNdjson(out, r);
        break;
      case Format::kCsv:
        out += fmt::format("{},s,osint,{},{},37,mortar,{},\"{}\"\n", r.id,
                           core::FormatRfc3339(r.observed_at), r.lat, r.count,
                           i % 4 == 0 ? "a, \"\"b\"\"\nc" : "");
        break;
      case Format::kGeoJson: {
        if (i > 0) out += ",\n";
        out += fmt::format(
            R"({{"type":"Feature","geometry":{{"type":"Point","coordinates":[37,{}]}},"properties":{{)",
            r.lat);
        core::AppendReportMembers(out, r, /*with_position=*/false);
        out += "}}";
        break;
      }
    }
  }
  if (format == Format::kGeoJson) out += "\n]}\n";
  return out;
}

std::string Corrupt(std::string text, std::mt19937_64& random) {
  const std::string alphabet = "{}[]\",:\\\n\r\t 0123456789.-eEabcxyz\x01\xff";
  int edits = 1 + static_cast<int>(random() % 8);
  for (int e = 0; e < edits && !text.empty(); ++e) {
    size_t at = random() % text.size();
    switch (random() % 4) {
      case 0:
        text[at] = alphabet[random() % alphabet.size()];
        break;
      case 1:
        text.erase(at, 1 + random() % 16);
        break;
      case 2:
        text.insert(at, std::string(1 + random() % 4, alphabet[random() % alphabet.size()]));
        break;
      case 3:
        text.resize(at);  // truncation
        break;
    }
  }
  return text;
}

class RobustnessTest : public ::testing::TestWithParam<Format> {};

TEST_P(RobustnessTest, CorruptedInputsAreReadToTheEndWithEveryRejectionExplained) {
  TempDir dir;
  std::mt19937_64 random(20250401);
  const std::string valid = ValidInput(GetParam(), 40);
  const auto clean = ReadFile(dir.Write("clean", valid), GetParam());
  ASSERT_EQ(clean.reports.size(), 40u);
  ASSERT_TRUE(clean.rejections.empty());
  for (int round = 0; round < 300; ++round) {
    std::string text = Corrupt(valid, random);
    auto all = ReadFile(dir.Write("in", text), GetParam(), 7);
    // Never more records than the input could hold.
    EXPECT_LE(all.reports.size(), 41u) << text;
    for (const auto& r : all.rejections) {
      ASSERT_FALSE(r.errors.empty());
      for (const auto& e : r.errors)
        EXPECT_FALSE(e.reason.empty());
    }
    // Every accepted report satisfies the contract's invariants.
    for (const auto& r : all.reports) {
      EXPECT_FALSE(r.source.empty());
      EXPECT_FALSE(r.id.empty());
      EXPECT_TRUE(r.lat >= -90 && r.lat <= 90);
      EXPECT_TRUE(r.lon >= -180 && r.lon <= 180);
      EXPECT_GE(r.count, 1);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, RobustnessTest,
                         ::testing::Values(Format::kNdjson, Format::kCsv, Format::kGeoJson),
                         [](const auto& param_info) {
                           return std::string(FormatName(param_info.param));
                         });

}  // namespace
}  // namespace truceline::ingest
