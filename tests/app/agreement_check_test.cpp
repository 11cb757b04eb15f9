// The bundled example agreement: it loads with its references resolved
// from data/, and a few incidents placed by hand break the clauses they
// should.

#include "app/agreement_check.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "rules/evaluator.hpp"

namespace truceline::app {
namespace {

core::Incident At(uint64_t id, core::Family family, double lat, double lon) {
  core::Incident incident;
  incident.id = id;
  incident.summary.family = family;
  incident.summary.lat = lat;
  incident.summary.lon = lon;
  incident.summary.first_at = *core::ParseRfc3339("2025-04-02T10:00:00Z");
  return incident;
}

std::vector<std::string> Clauses(const std::vector<rules::Violation>& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations)
    out.push_back(v.clause_id);
  return out;
}

using Ids = std::vector<std::string>;

TEST(BundledAgreementTest, LoadsWithItsReferences) {
  auto a = LoadAgreement("bundled");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->id, "example-2025");
  EXPECT_NE(a->title.find("not a real treaty"), std::string::npos);
  EXPECT_EQ(a->effective_from, *core::ParseRfc3339("2025-03-31T21:00:00Z"));
  EXPECT_EQ(a->timezone, "Europe/Kyiv");
  ASSERT_EQ(a->clauses.size(), 8u);
  const rules::AgreementLine* contact = a->FindLine("contact");
  ASSERT_NE(contact, nullptr);
  EXPECT_EQ(contact->ref, "bundled:line_of_contact");
  EXPECT_EQ(contact->parts.at(0).size(), 36u);
  EXPECT_FALSE(contact->right_side.empty());
  const rules::AssetSet* plants = a->FindAssetSet("power_plants");
  ASSERT_NE(plants, nullptr);
  EXPECT_EQ(plants->assets.size(), 40u);
  EXPECT_EQ(a->clauses[4].min_km, 15);  // 2d
}

TEST(BundledAgreementTest, UnknownBundledNames) {
  BundledReferences references;
  auto assets = references.ResolveAssets("dams");
  ASSERT_FALSE(assets.ok());
  EXPECT_EQ(assets.status().message(),
            "unknown bundled asset set 'dams' (bundled: airports, logistics_hubs, power_plants, "
            "ports)");
  EXPECT_FALSE(references.ResolveLine("front").ok());
  EXPECT_TRUE(references.ResolveAssets("ports").ok());
}

TEST(BundledAgreementTest, IncidentsBreakTheClausesTheyShould) {
  auto a = LoadAgreement("bundled");
  ASSERT_TRUE(a.ok()) << a.status().message();
  const rules::Evaluator evaluator(std::move(*a));
  // Shelling at Pokrovsk, 4.1 km from the line.
  EXPECT_EQ(Clauses(evaluator.Evaluate(At(1, core::Family::kIndirectFire, 48.28198, 37.17585))),
            Ids{"1"});
  // A strike on the Zaporizhzhia NPP, a few km from the line.
  EXPECT_EQ(Clauses(evaluator.Evaluate(At(2, core::Family::kAirStrike, 47.5119, 34.5863))),
            (Ids{"1", "3"}));
  // An attack on shipping, and a drone, in the corridor off Odesa.
  EXPECT_EQ(Clauses(evaluator.Evaluate(At(3, core::Family::kMaritime, 45.8, 30.5))), Ids{"4"});
  core::Incident drone = At(4, core::Family::kSighting, 45.8, 30.5);
  drone.summary.weapon_classes = 1u << static_cast<unsigned>(core::WeaponClass::kUav);
  EXPECT_EQ(Clauses(evaluator.Evaluate(drone)), Ids{"5"});
  // MLRS seen at Kramatorsk (~20 km from the line): 2b; a tank there: none.
  core::Incident mlrs = At(5, core::Family::kSighting, 48.72305, 37.55632);
  mlrs.summary.weapon_classes = 1u << static_cast<unsigned>(core::WeaponClass::kMlrs);
  const auto v = evaluator.Evaluate(mlrs);
  ASSERT_EQ(Clauses(v), Ids{"2b"});
  EXPECT_EQ(v[0].evidence.side_of_line, "Ukrainian-held side (as of 2025-03-15)");
  core::Incident tank = mlrs;
  tank.summary.weapon_classes = 1u << static_cast<unsigned>(core::WeaponClass::kTank);
  EXPECT_TRUE(evaluator.Evaluate(tank).empty());
  // Before the agreement took effect.
  core::Incident early = At(6, core::Family::kIndirectFire, 48.28198, 37.17585);
  early.summary.first_at = *core::ParseRfc3339("2025-03-31T20:59:59Z");
  EXPECT_TRUE(evaluator.Evaluate(early).empty());
}

}  // namespace
}  // namespace truceline::app
