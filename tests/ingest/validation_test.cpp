// Every validation rule of the Report contract, with its message.

#include <gtest/gtest.h>

#include "ingest_test_util.hpp"

namespace truceline::ingest {
namespace {

using testing::ReadFile;
using testing::TempDir;

constexpr const char* kValid =
    R"("source":"patrol-1","source_kind":"monitor","observed_at":"2025-04-01T10:00:00Z","lat":48.5,"lon":37.5,"kind":"artillery")";

std::string WithValid(const std::string& extra) {
  return "{" + std::string(kValid) + (extra.empty() ? "" : "," + extra) + "}";
}

struct RuleCase {
  std::string record;
  std::string field;
  std::string reason_part;
};

class ValidationRuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ValidationRuleTest, RejectsWithFieldAndReason) {
  const auto& c = GetParam();
  TempDir dir;
  // A valid record on each side: the bad one must not take them down.
  std::string valid = WithValid("");
  auto path =
      dir.Write("in.ndjson", valid + "\n" + c.record + "\n" + WithValid(R"("id":"after")") + "\n");
  auto all = ReadFile(path);
  ASSERT_EQ(all.rejections.size(), 1u) << c.record;
  EXPECT_EQ(all.reports.size(), 2u);
  const auto& r = all.rejections[0];
  EXPECT_EQ(r.file, path);
  EXPECT_EQ(r.location_kind, "line");
  EXPECT_EQ(r.location, 2u);
  EXPECT_EQ(r.raw, c.record);
  ASSERT_FALSE(r.errors.empty());
  bool found = false;
  std::string all_errors;
  for (const auto& e : r.errors) {
    all_errors += "[" + e.field + ": " + e.reason + "] ";
    found |= e.field == c.field && e.reason.find(c.reason_part) != std::string::npos;
  }
  EXPECT_TRUE(found) << "wanted [" << c.field << ": …" << c.reason_part << "…], got " << all_errors;
}

std::string Without(const std::string& field) {
  std::string fields = kValid;
  size_t start = fields.find("\"" + field + "\"");
  size_t end = fields.find(",\"", start + 1);
  if (end == std::string::npos) {
    fields.erase(start - 1);
  } else {
    fields.erase(start, end - start + 1);
  }
  return "{" + fields + "}";
}

std::string Replace(const std::string& field, const std::string& value) {
  std::string record = Without(field);
  record.insert(1, "\"" + field + "\":" + value + ",");
  return record;
}

INSTANTIATE_TEST_SUITE_P(
    Contract, ValidationRuleTest,
    ::testing::Values(
        // Required fields.
        RuleCase{Without("source"), "source", "is required"},
        RuleCase{Without("source_kind"), "source_kind", "is required"},
        RuleCase{Without("observed_at"), "observed_at", "is required"},
        RuleCase{Without("lat"), "lat", "is required"},
        RuleCase{Without("lon"), "lon", "is required"},
        RuleCase{Without("kind"), "kind", "is required"},
        RuleCase{Replace("source", "null"), "source", "is required"},
        // Strings.
        RuleCase{Replace("source", R"("")"), "source", "must not be empty"},
        RuleCase{Replace("source", "\"" + std::string(129, 's') + "\""), "source",
                 "129 bytes long; at most 128"},
        RuleCase{WithValid("\"id\":\"" + std::string(129, 'i') + "\""), "id",
                 "129 bytes long; at most 128"},
        RuleCase{WithValid(R"("id":"a\tb")"), "id", "control characters"},
        RuleCase{WithValid(R"("id":"")"), "id", "must not be empty"},
        RuleCase{WithValid(R"("id":17)"), "id", "must be a string, not a number"},
        RuleCase{WithValid("\"text\":\"" + std::string(4097, 't') + "\""), "text",
                 "4097 bytes long; at most 4096"},
        // Vocabularies.
        RuleCase{
            Replace("source_kind", R"("drone")"), "source_kind",
            "'drone' is not a source kind; must be one of monitor, sensor, osint, party, other"},
        RuleCase{Replace("kind", R"("artilery")"), "kind", "'artilery' is not a report kind"},
        RuleCase{Replace("kind", R"({"name":"artillery"})"), "kind",
                 "must be a string, not an object"},
        RuleCase{WithValid(R"("weapon_class":"howitzer")"), "weapon_class",
                 "'howitzer' is not a weapon class"},
        RuleCase{WithValid(R"("target_category":"school")"), "target_category",
                 "'school' is not a target category"},
        RuleCase{Replace("kind", R"("weapon_sighting")"), "weapon_class",
                 "is required when kind is weapon_sighting"},
        // Time.
        RuleCase{Replace("observed_at", R"("2025-04-01 10:00")"), "observed_at",
                 "is not a valid date-time"},
        RuleCase{Replace("observed_at", R"("2025-04-01T10:00:00")"), "observed_at",
                 "a time zone (Z or ±hh:mm) is required"},
        RuleCase{Replace("observed_at", R"("2025-02-30T10:00:00Z")"), "observed_at",
                 "no such calendar date"},
        RuleCase{Replace("observed_at", R"("2025-06-01T00:10:01Z")"), "observed_at",
                 "is in the future"},
        RuleCase{Replace("observed_at", "1743501600"), "observed_at",
                 "must be a string, not a number"},
        // Numbers and ranges.
        RuleCase{Replace("lat", "90.0001"), "lat", "latitude must be between -90 and 90"},
        RuleCase{Replace("lat", "-91"), "lat", "latitude must be between -90 and 90"},
        RuleCase{Replace("lon", "180.5"), "lon", "longitude must be between -180 and 180"},
        RuleCase{Replace("lat", R"("48.5")"), "lat", "must be a number, not a string"},
        RuleCase{Replace("lat", "true"), "lat", "must be a number, not a boolean"},
        RuleCase{Replace("lon", "[37.5]"), "lon", "must be a number, not an array"},
        RuleCase{WithValid(R"("time_uncertainty_s":-1)"), "time_uncertainty_s",
                 "must be between 0 and 2592000 seconds"},
        RuleCase{WithValid(R"("position_uncertainty_m":1000001)"), "position_uncertainty_m",
                 "must be between 0 and 1000000 metres"},
        RuleCase{WithValid(R"("count":0)"), "count", "must be between 1 and 1000000"},
        RuleCase{WithValid(R"("count":2.5)"), "count", "is not a whole number"},
        RuleCase{WithValid(R"("count":1000001)"), "count", "must be between 1 and 1000000"},
        RuleCase{WithValid(R"("bearing_deg":360.5)"), "bearing_deg",
                 "a bearing must be between 0 and 360 degrees"},
        // Record-level.
        RuleCase{WithValid(R"("lat":48.6)"), "lat", "appears more than once"},
        RuleCase{R"({"source":"patrol-1",)", "", "malformed JSON"},
        RuleCase{R"([1,2,3])", "", "a record must be a JSON object"},
        RuleCase{WithValid("") + " {}", "", "unexpected text after the record"},
        RuleCase{R"({"type":"FeatureCollection","features":[]})", "",
                 "a FeatureCollection cannot be a single record"},
        // GeoJSON features (newline-delimited).
        RuleCase{
            R"({"type":"Feature","geometry":{"type":"LineString","coordinates":[[37,48],[38,48]]},"properties":{}})",
            "geometry", "is a LineString; a Point is required"},
        RuleCase{R"({"type":"Feature","geometry":null,"properties":{}})", "geometry",
                 "is null; a Point is required"},
        RuleCase{R"({"type":"Feature","properties":{}})", "geometry", "is required (a Point)"},
        RuleCase{
            R"({"type":"Feature","geometry":{"type":"Point","coordinates":[37]},"properties":{}})",
            "geometry", "coordinates must be [longitude, latitude]"},
        RuleCase{
            R"({"type":"Feature","geometry":{"type":"Point","coordinates":[37.5,48.5]},"properties":{"lat":48.5,"source":"x"}})",
            "lat", "may not be given in properties as well"},
        RuleCase{
            R"({"type":"Feature","geometry":{"type":"Point","coordinates":[37.5,48.5]},"properties":7})",
            "properties", "must be an object, not a number"}));

TEST(ValidationTest, ReportsEveryProblemOfARecordAtOnce) {
  TempDir dir;
  auto path = dir.Write("in.ndjson",
                        R"({"source":"","source_kind":"x","observed_at":"no","lat":100,"lon":0})");
  auto all = ReadFile(path);
  ASSERT_EQ(all.rejections.size(), 1u);
  std::set<std::string> fields;
  for (const auto& e : all.rejections[0].errors)
    fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"source", "source_kind", "observed_at", "lat", "kind"}));
}

TEST(ValidationTest, AcceptsTheFullContractAndDefaults) {
  TempDir dir;
  auto path = dir.Write(
      "in.ndjson",
      WithValid(R"("id":"x-1","time_uncertainty_s":30,"position_uncertainty_m":250.5,"count":4,)"
                R"("weapon_class":"mlrs_heavy","target_category":"energy","bearing_deg":360,)"
                R"("text":"Tornado-S seen \u2014 4 launchers","extra_field":{"ignored":true})") +
          "\n" + WithValid(R"("id":null,"text":null,"count":null)"));
  auto all = ReadFile(path);
  ASSERT_TRUE(all.rejections.empty()) << all.rejections[0].errors[0].reason;
  ASSERT_EQ(all.reports.size(), 2u);
  const auto& r = all.reports[0];
  EXPECT_EQ(r.id, "x-1");
  EXPECT_EQ(r.source, "patrol-1");
  EXPECT_EQ(r.source_kind, core::SourceKind::kMonitor);
  EXPECT_EQ(core::FormatRfc3339(r.observed_at), "2025-04-01T10:00:00Z");
  EXPECT_EQ(r.time_uncertainty_s, 30);
  EXPECT_EQ(r.position_uncertainty_m, 250.5);
  EXPECT_EQ(r.count, 4);
  EXPECT_EQ(r.weapon_class, core::WeaponClass::kMlrsHeavy);
  EXPECT_EQ(r.target_category, core::TargetCategory::kEnergy);
  EXPECT_EQ(r.bearing_deg, 360);
  EXPECT_EQ(r.text, "Tornado-S seen \xE2\x80\x94 4 launchers");
  // Absent or null optional fields take the contract's defaults; a missing
  // id is derived from the content.
  const auto& d = all.reports[1];
  EXPECT_EQ(d.count, 1);
  EXPECT_EQ(d.time_uncertainty_s, 0);
  EXPECT_FALSE(d.weapon_class.has_value());
  EXPECT_EQ(d.id, core::ContentDerivedId(core::DigestReportContent(d)));
}

TEST(ValidationTest, ContentDerivedIdsAreStableAcrossFormatsAndFieldOrder) {
  TempDir dir;
  auto a = dir.Write(
      "a.ndjson",
      R"({"lat":48.5,"lon":37.5,"kind":"artillery","source":"s","source_kind":"osint","observed_at":"2025-04-01T13:00:00+03:00"})");
  auto b = dir.Write("b.csv",
                     "kind,observed_at,source,source_kind,lon,lat\n"
                     "artillery,2025-04-01T10:00:00Z,s,osint,37.5,48.5\n");
  auto ra = ReadFile(a), rb = ReadFile(b);
  ASSERT_EQ(ra.reports.size(), 1u);
  ASSERT_EQ(rb.reports.size(), 1u);
  EXPECT_EQ(ra.reports[0].id, rb.reports[0].id);
  EXPECT_EQ(ra.reports[0], rb.reports[0]);
}

}  // namespace
}  // namespace truceline::ingest
