#include "core/report.hpp"

#include <set>

#include <gtest/gtest.h>

#include "core/json_text.hpp"
#include "core/report_json.hpp"

namespace truceline::core {
namespace {

TEST(VocabularyTest, NamesRoundTrip) {
  for (auto name : SourceKindNames())
    EXPECT_EQ(SourceKindName(*ParseSourceKind(name)), name);
  for (auto name : ReportKindNames())
    EXPECT_EQ(ReportKindName(*ParseReportKind(name)), name);
  for (auto name : FamilyNames())
    EXPECT_EQ(FamilyName(*ParseFamily(name)), name);
  for (auto name : WeaponClassNames())
    EXPECT_EQ(WeaponClassName(*ParseWeaponClass(name)), name);
  for (auto name : TargetCategoryNames()) {
    EXPECT_EQ(TargetCategoryName(*ParseTargetCategory(name)), name);
  }
  EXPECT_FALSE(ParseReportKind("Artillery"));  // case-sensitive
  EXPECT_FALSE(ParseSourceKind(""));
  EXPECT_EQ(WeaponClassNames().size(), 11u);
  EXPECT_EQ(ReportKindNames().size(), 12u);
}

TEST(VocabularyTest, KindsBelongToTheFamiliesOfTheDesign) {
  auto family = [](const char* kind) { return FamilyName(FamilyOf(*ParseReportKind(kind))); };
  for (auto k : {"explosion", "artillery", "mortar", "mlrs", "tank_fire"}) {
    EXPECT_EQ(family(k), "indirect_fire") << k;
  }
  EXPECT_EQ(family("small_arms"), "small_arms");
  for (auto k : {"drone_strike", "missile_strike", "air_strike"})
    EXPECT_EQ(family(k), "air_strike");
  EXPECT_EQ(family("shipping_attack"), "maritime");
  EXPECT_EQ(family("weapon_sighting"), "sighting");
  EXPECT_EQ(family("other"), "other");
}

Report Sample() {
  Report r;
  r.id = "r1";
  r.source = "patrol-12";
  r.source_kind = SourceKind::kMonitor;
  r.observed_at = *ParseRfc3339("2025-04-01T10:00:00Z");
  r.lat = 48.5;
  r.lon = 37.5;
  r.kind = ReportKind::kArtillery;
  r.count = 3;
  return r;
}

TEST(DigestTest, DependsOnContentNotId) {
  Report a = Sample();
  Report b = a;
  b.id = "another";
  EXPECT_EQ(DigestReportContent(a), DigestReportContent(b));
  std::set<std::string> seen{DigestReportContent(a).ToHex()};
  auto differs = [&](auto mutate) {
    Report c = Sample();
    mutate(c);
    EXPECT_TRUE(seen.insert(DigestReportContent(c).ToHex()).second);
  };
  differs([](Report& r) { r.source = "patrol-13"; });
  differs([](Report& r) { r.source_kind = SourceKind::kSensor; });
  differs([](Report& r) { r.observed_at += std::chrono::microseconds(1); });
  differs([](Report& r) { r.time_uncertainty_s = 1; });
  differs([](Report& r) { r.lat = 48.500001; });
  differs([](Report& r) { r.lon = 37.500001; });
  differs([](Report& r) { r.position_uncertainty_m = 5; });
  differs([](Report& r) { r.kind = ReportKind::kMortar; });
  differs([](Report& r) { r.count = 4; });
  differs([](Report& r) { r.weapon_class = WeaponClass::kTank; });
  differs([](Report& r) { r.target_category = TargetCategory::kEnergy; });
  differs([](Report& r) { r.bearing_deg = 0; });
  differs([](Report& r) { r.text = "x"; });
  // Field boundaries cannot be confused.
  differs([](Report& r) {
    r.source = "patrol-1";
    r.text = "2";
  });
}

TEST(DigestTest, IsStableAcrossVersions) {
  // Changing the digest would make stored ids and duplicates disagree with
  // new ingests: this value must never change.
  EXPECT_EQ(DigestReportContent(Sample()).ToHex().size(), 32u);
  EXPECT_EQ(ContentDerivedId(DigestReportContent(Sample())),
            "h" + DigestReportContent(Sample()).ToHex());
  EXPECT_EQ(DigestReportContent(Sample()).ToHex(), "99249ab78fb5d5582a4b548db814142c")
      << "update only with a migration";
}

TEST(ReportJsonTest, WritesContractFieldsInOrder) {
  Report r = Sample();
  r.text = "two \"shells\"\n";
  std::string out;
  AppendReportNdjson(out, r);
  EXPECT_EQ(
      out,
      R"({"id":"r1","source":"patrol-12","source_kind":"monitor","observed_at":"2025-04-01T10:00:00Z","time_uncertainty_s":0,"lat":48.5,"lon":37.5,"position_uncertainty_m":0,"kind":"artillery","count":3,"text":"two \"shells\"\n"})"
      "\n");
}

TEST(JsonTextTest, EscapesControlCharacters) {
  std::string out;
  AppendJsonString(out, std::string("a\x01\tb\\", 5));
  EXPECT_EQ(out, R"("a\u0001\tb\\")");
  out.clear();
  AppendJsonNumber(out, 0.1);
  AppendJsonNumber(out, 1e300 * 1e300);
  EXPECT_EQ(out, "0.1null");
}

}  // namespace
}  // namespace truceline::core
