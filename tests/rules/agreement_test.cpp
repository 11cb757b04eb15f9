// The agreement loader: a valid document with every rule type and geometry
// kind, references, and each kind of bad document refused with a clear
// message that names the file and the JSON path.

#include "rules/agreement.hpp"

#include <string>

#include <gtest/gtest.h>

#include "rules_test_util.hpp"

namespace truceline::rules {
namespace {

using testing::FakeResolver;
using testing::MustParse;
using testing::Time;

// Every rule, a MultiLineString with sides, a line by reference, a
// MultiPolygon with a hole, an inline asset set and one by reference.
constexpr std::string_view kFull = R"({
  "id": "t", "title": "Test", "effective_from": "2025-04-01T00:00:00+03:00",
  "effective_to": "2026-04-01T00:00:00+03:00", "timezone": "Europe/Kyiv",
  "lines": {
    "front": {"type": "MultiLineString", "coordinates": [[[30, 49], [30, 48]], [[31, 47.5], [32, 47.5]]],
              "sides": {"left": "east side", "right": "west side"}},
    "bundled": {"ref": "bundled:test_line"}
  },
  "zones": {
    "sea": {"type": "MultiPolygon", "coordinates": [
      [[[31, 46], [32, 46], [32, 46.5], [31, 46.5], [31, 46]],
       [[31.4, 46.2], [31.6, 46.2], [31.6, 46.3], [31.4, 46.3], [31.4, 46.2]]]]}
  },
  "assets": {
    "plants": {"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [31, 48.5]},
       "properties": {"name": "Plant A", "category": "energy"}}]},
    "more": {"ref": "bundled:test_assets"}
  },
  "clauses": [
    {"id": "1", "rule": "no_fire", "families": ["indirect_fire", "small_arms"], "line": "front", "within_km": 10},
    {"id": "2", "rule": "withdrawal", "weapon_classes": ["artillery_ge100"], "line": "bundled", "min_km": 25},
    {"id": "3", "rule": "protected_target", "target_categories": ["energy"], "assets": "plants", "radius_m": 2000},
    {"id": "4", "rule": "zone_prohibition", "families": ["maritime"], "zone": "sea"},
    {"id": "5", "rule": "no_flight", "zone": "sea", "effective_from": "2025-06-01T00:00:00Z"}
  ]
})";

// The error message of a document that must be refused.
std::string Refusal(std::string_view text) {
  FakeResolver resolver;
  auto parsed = ParseAgreement(text, "bad.json", &resolver);
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok()) return {};
  EXPECT_EQ(parsed.status().code(), core::ErrorCode::kInvalidArgument);
  return parsed.status().message();
}

// kFull with `from` replaced by `to` (which must occur once).
std::string FullWith(std::string_view from, std::string_view to) {
  std::string text(kFull);
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(AgreementTest, ReadsEveryRuleAndGeometry) {
  const Agreement a = MustParse(kFull);
  EXPECT_EQ(a.id, "t");
  EXPECT_EQ(a.timezone, "Europe/Kyiv");
  EXPECT_EQ(a.effective_from, Time("2025-03-31T21:00:00Z"));
  ASSERT_TRUE(a.effective_to);
  ASSERT_EQ(a.lines.size(), 2u);
  const AgreementLine* front = a.FindLine("front");
  ASSERT_NE(front, nullptr);
  ASSERT_EQ(front->parts.size(), 2u);
  EXPECT_EQ(front->parts[1][1], (core::geo::LatLon{47.5, 32}));
  EXPECT_EQ(front->left_side, "east side");
  EXPECT_EQ(front->right_side, "west side");
  const AgreementLine* bundled = a.FindLine("bundled");
  ASSERT_NE(bundled, nullptr);
  EXPECT_EQ(bundled->ref, "bundled:test_line");
  EXPECT_EQ(bundled->parts.at(0).size(), 2u);
  const AgreementZone* sea = a.FindZone("sea");
  ASSERT_NE(sea, nullptr);
  ASSERT_EQ(sea->area.size(), 1u);
  EXPECT_EQ(sea->area[0].holes.size(), 1u);
  ASSERT_NE(a.FindAssetSet("plants"), nullptr);
  EXPECT_EQ(a.FindAssetSet("plants")->assets.at(0).name, "Plant A");
  EXPECT_EQ(a.FindAssetSet("more")->assets.at(0).category, "energy");
  ASSERT_EQ(a.clauses.size(), 5u);
  EXPECT_EQ(a.clauses[0].rule, RuleType::kNoFire);
  EXPECT_EQ(a.clauses[0].within_km, 10);
  EXPECT_EQ(a.clauses[0].family_mask, (1u << static_cast<unsigned>(core::Family::kIndirectFire)) |
                                          (1u << static_cast<unsigned>(core::Family::kSmallArms)));
  EXPECT_EQ(a.clauses[1].rule, RuleType::kWithdrawal);
  EXPECT_EQ(a.clauses[2].radius_m, 2000);
  EXPECT_EQ(a.clauses[3].zone, "sea");
  EXPECT_EQ(a.clauses[4].rule, RuleType::kNoFlight);
  EXPECT_EQ(a.clauses[4].effective_from, Time("2025-06-01T00:00:00Z"));
}

TEST(AgreementTest, ClausePeriodsIntersectTheAgreements) {
  const Agreement a = MustParse(kFull);
  const Clause& no_flight = a.clauses[4];
  EXPECT_FALSE(InForce(a, a.clauses[0], Time("2025-03-31T20:59:59.999999Z")));
  EXPECT_TRUE(InForce(a, a.clauses[0], Time("2025-03-31T21:00:00Z")));
  EXPECT_FALSE(InForce(a, no_flight, Time("2025-05-31T23:59:59Z")));
  EXPECT_TRUE(InForce(a, no_flight, Time("2025-06-01T00:00:00Z")));
  // effective_to is exclusive.
  EXPECT_TRUE(InForce(a, no_flight, Time("2026-03-31T20:59:59Z")));
  EXPECT_FALSE(InForce(a, no_flight, Time("2026-03-31T21:00:00Z")));
}

TEST(AgreementTest, NotJson) {
  EXPECT_EQ(Refusal("{\"id\": "), "bad.json: not valid JSON");
}

TEST(AgreementTest, InvalidGeometry) {
  // An open ring, a ring of 3 positions, a latitude out of range, a
  // one-position line.
  std::string text = FullWith("[[31, 46], [32, 46], [32, 46.5], [31, 46.5], [31, 46]]",
                              "[[31, 46], [32, 46], [32, 46.5], [31, 46.5]]");
  text.replace(text.find("[[31.4, 46.2], [31.6, 46.2], [31.6, 46.3], [31.4, 46.3], [31.4, 46.2]]"),
               std::string_view("[[31.4, 46.2], [31.6, 46.2], [31.6, 46.3], [31.4, 46.3], "
                                "[31.4, 46.2]]")
                   .size(),
               "[[31.4, 46.2], [31.6, 46.2], [31.4, 46.2]]");
  text.replace(text.find("[31, 48.5]"), 10, "[31, 98.5]");
  text.replace(text.find("[[31, 47.5], [32, 47.5]]"), 24, "[[31, 47.5]]");
  const std::string message = Refusal(text);
  EXPECT_NE(message.find("bad.json: $.zones.sea.coordinates[0][0]: ring not closed: the last "
                         "position must equal the first"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("bad.json: $.zones.sea.coordinates[0][1]: a ring needs at least 4 "
                         "positions, this one has 3"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("bad.json: $.assets.plants.features[0].geometry.coordinates: latitude "
                         "98.5 outside [-90, 90]"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("bad.json: $.lines.front.coordinates[1]: a line needs at least 2 "
                         "positions, this one has 1"),
            std::string::npos)
      << message;
}

TEST(AgreementTest, LongitudeOutOfRangeAndNotAPosition) {
  const std::string message =
      Refusal(FullWith("[[30, 49], [30, 48]]", R"([[190, 49], ["30", 48]])"));
  EXPECT_NE(message.find("$.lines.front.coordinates[0][0]: longitude 190 outside [-180, 180]"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("$.lines.front.coordinates[0][1]: expected a position [lon, lat]"),
            std::string::npos)
      << message;
}

TEST(AgreementTest, UnknownRule) {
  const std::string message = Refusal(FullWith(R"("rule": "no_flight")", R"("rule": "no_fly")"));
  EXPECT_EQ(message,
            "bad.json: $.clauses[4].rule: unknown rule 'no_fly' (expected one of: no_fire, "
            "withdrawal, protected_target, zone_prohibition, no_flight)");
}

TEST(AgreementTest, MissingLine) {
  const std::string message = Refusal(
      FullWith(R"("line": "front", "within_km": 10)", R"("line": "frnt", "within_km": 10)"));
  EXPECT_EQ(message,
            "bad.json: $.clauses[0].line: unknown line 'frnt' (the agreement's lines: bundled, "
            "front)");
}

TEST(AgreementTest, MissingZoneAndAssetSet) {
  std::string text =
      FullWith(R"("zone": "sea", "effective_from")", R"("zone": "lake", "effective_from")");
  text = std::string(text).replace(text.find(R"("assets": "plants")"), 18, R"("assets": "plantz")");
  const std::string message = Refusal(text);
  EXPECT_NE(message.find("$.clauses[2].assets: unknown asset set 'plantz' (the agreement's asset "
                         "sets: more, plants)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("$.clauses[4].zone: unknown zone 'lake' (the agreement's zones: sea)"),
            std::string::npos)
      << message;
}

TEST(AgreementTest, UnknownReference) {
  const std::string message =
      Refusal(FullWith(R"("ref": "bundled:test_line")", R"("ref": "bundled:nowhere")"));
  EXPECT_EQ(message, "bad.json: $.lines.bundled.ref: unknown bundled line 'nowhere'");
  const std::string bad_scheme =
      Refusal(FullWith(R"("ref": "bundled:test_assets")", R"("ref": "file:/etc/passwd")"));
  EXPECT_EQ(bad_scheme,
            "bad.json: $.assets.more.ref: 'file:/etc/passwd' is not a reference of the form "
            "bundled:NAME");
}

TEST(AgreementTest, NoResolverMeansNoReferences) {
  auto parsed = ParseAgreement(kFull, "x.json", nullptr);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find(
                "x.json: $.lines.bundled.ref: 'bundled:test_line' cannot be resolved"),
            std::string::npos);
}

TEST(AgreementTest, DuplicateClauseId) {
  const std::string message = Refusal(FullWith(R"({"id": "4", "rule")", R"({"id": "2", "rule")"));
  EXPECT_EQ(message,
            "bad.json: $.clauses[3].id: duplicate clause id '2' (first used at "
            "$.clauses[1])");
}

TEST(AgreementTest, MalformedDates) {
  std::string text = FullWith(R"("effective_from": "2025-04-01T00:00:00+03:00")",
                              R"("effective_from": "2025-04-01")");
  text = std::string(text).replace(
      text.find(R"("effective_from": "2025-06-01T00:00:00Z")"),
      std::string_view(R"("effective_from": "2025-06-01T00:00:00Z")").size(),
      R"("effective_from": "2025-13-01T00:00:00Z")");
  const std::string message = Refusal(text);
  EXPECT_NE(message.find("bad.json: $.effective_from: '2025-04-01' is not an RFC 3339 date-time "
                         "with an offset"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("bad.json: $.clauses[4].effective_from: '2025-13-01T00:00:00Z' is not "
                         "an RFC 3339 date-time"),
            std::string::npos)
      << message;
  // A malformed start is not also compared with the end.
  EXPECT_EQ(message.find("is not after"), std::string::npos) << message;
}

TEST(AgreementTest, EffectiveToBeforeEffectiveFrom) {
  const std::string message = Refusal(FullWith(R"("effective_to": "2026-04-01T00:00:00+03:00")",
                                               R"("effective_to": "2025-03-01T00:00:00Z")"));
  EXPECT_EQ(message,
            "bad.json: $.effective_to: 2025-03-01T00:00:00Z is not after effective_from "
            "2025-03-31T21:00:00Z");
  const std::string clause = Refusal(FullWith(
      R"("effective_from": "2025-06-01T00:00:00Z")",
      R"("effective_from": "2025-06-01T00:00:00Z", "effective_to": "2025-06-01T00:00:00Z")"));
  EXPECT_EQ(clause,
            "bad.json: $.clauses[4].effective_to: 2025-06-01T00:00:00Z is not after "
            "effective_from 2025-06-01T00:00:00Z");
}

TEST(AgreementTest, MissingRequiredFieldsPerRule) {
  const std::string message = Refusal(R"({
    "id": "t", "effective_from": "2025-04-01T00:00:00Z",
    "lines": {"l": {"type": "LineString", "coordinates": [[30, 49], [30, 48]]}},
    "clauses": [
      {"id": "a", "rule": "no_fire", "line": "l"},
      {"id": "b", "rule": "withdrawal", "weapon_classes": ["tank"], "line": "l"},
      {"id": "c", "rule": "protected_target", "radius_m": 10},
      {"id": "d", "rule": "zone_prohibition", "families": ["maritime"]},
      {"id": "e", "rule": "no_flight"},
      {"rule": "no_flight", "zone": "z"}
    ]})");
  for (const char* expected : {
           "bad.json: $.clauses[0].families: required",
           "bad.json: $.clauses[0].within_km: required with line",
           "bad.json: $.clauses[1].min_km: required",
           "bad.json: $.clauses[2].target_categories: required",
           "bad.json: $.clauses[2].assets: required with radius_m",
           "bad.json: $.clauses[3].zone: required",
           "bad.json: $.clauses[4].zone: required",
           "bad.json: $.clauses[5].id: required",
           "bad.json: $.clauses[5].zone: unknown zone 'z' (the agreement defines no zones)",
       }) {
    EXPECT_NE(message.find(expected), std::string::npos) << expected << "\n" << message;
  }
}

TEST(AgreementTest, UnitsAndVocabulariesAndStrayMembers) {
  const std::string message = Refusal(R"({
    "id": "t", "effective_from": "2025-04-01T00:00:00Z", "timezone": "Kyiv time",
    "lines": {"l": {"type": "LineString", "coordinates": [[30, 49], [30, 48]]}},
    "clauses": [
      {"id": "a", "rule": "no_fire", "families": ["shelling"], "line": "l", "within_km": 0},
      {"id": "b", "rule": "withdrawal", "weapon_classes": ["tank", "tank"], "line": "l", "min_km": 5000},
      {"id": "c", "rule": "withdrawal", "weapon_classes": ["tank"], "line": "l", "min_km": 15, "within_km": 3}
    ]})");
  for (const char* expected : {
           "bad.json: $.timezone: 'Kyiv time' is not an IANA time zone name",
           "bad.json: $.clauses[0].families[0]: unknown family 'shelling' (expected one of: "
           "indirect_fire, small_arms, air_strike, maritime, sighting, other)",
           "bad.json: $.clauses[0].within_km: must be > 0 and at most 1000 km, not 0",
           "bad.json: $.clauses[1].weapon_classes[1]: 'tank' is listed twice",
           "bad.json: $.clauses[1].min_km: must be > 0 and at most 1000 km, not 5000",
           "bad.json: $.clauses[2].within_km: unknown member (not used by rule withdrawal)",
       }) {
    EXPECT_NE(message.find(expected), std::string::npos) << expected << "\n" << message;
  }
}

TEST(AgreementTest, TimezoneShapes) {
  for (const char* tz : {"Europe/Kyiv", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT-3"}) {
    EXPECT_EQ(MustParse(FullWith("Europe/Kyiv", tz)).timezone, tz);
  }
  for (const char* tz : {"/Kyiv", "Europe//Kyiv", "Europe/", "3Europe"}) {
    EXPECT_NE(Refusal(FullWith("Europe/Kyiv", tz)).find("is not an IANA time zone name"),
              std::string::npos)
        << tz;
  }
}

}  // namespace
}  // namespace truceline::rules
