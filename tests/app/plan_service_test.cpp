// Planning in memory: the bundled scenarios, what-if edits (nations left
// out, one radius, the line moved) and their errors, and the comparison row.

#include "app/plan_service.hpp"

#include <gtest/gtest.h>

#include "app/registry_service.hpp"
#include "core/geo.hpp"

namespace truceline::app {
namespace {

registry::Registry Bundled() {
  auto registry = LoadRegistryDocument(BundledRegistryPath());
  EXPECT_TRUE(registry.ok()) << registry.status().ToString();
  return std::move(*registry);
}

nlohmann::json Scenario(const std::string& name) {
  auto doc = BundledScenario(name);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return std::move(*doc);
}

TEST(PlanServiceTest, ListsTheBundledScenariosWithTheirLabel) {
  auto scenarios = BundledScenarios();
  ASSERT_TRUE(scenarios.ok()) << scenarios.status().ToString();
  ASSERT_EQ(scenarios->size(), 3u);
  EXPECT_EQ((*scenarios)[0].name, "dnipro");
  EXPECT_TRUE((*scenarios)[0].illustrative);
  EXPECT_EQ((*scenarios)[0].contingents, 7);
  EXPECT_EQ((*scenarios)[0].nations.front(), "FR");
  EXPECT_EQ(BundledScenario("../registry/x").status().code(), core::ErrorCode::kNotFound);
  EXPECT_EQ(BundledScenario("nowhere").status().code(), core::ErrorCode::kNotFound);
}

TEST(PlanServiceTest, ShiftLineMovesToTheRightOfTheLinesDirection) {
  // North to south along 35 E: the right-hand side is west.
  const core::geo::LineString line = {{49.0, 35.0}, {48.0, 35.0}, {47.0, 35.0}};
  const core::geo::LineString moved = ShiftLine(line, 10);
  ASSERT_EQ(moved.size(), 3u);
  for (size_t i = 0; i < line.size(); ++i) {
    EXPECT_LT(moved[i].lon, line[i].lon);
    EXPECT_NEAR(core::geo::DistanceM(moved[i], line[i]), 10'000, 100);
  }
  const core::geo::LineString back = ShiftLine(line, -10);
  EXPECT_GT(back[1].lon, line[1].lon);
  EXPECT_EQ(ShiftLine(line, 0).size(), 3u);
}

TEST(PlanServiceTest, EditsChangeTheScenarioAndAreStatedAsAssumptions) {
  const registry::Registry registry = Bundled();
  ScenarioEdits edits;
  edits.remove_nations = {"tur", "FR"};
  edits.radius_km = 80;
  edits.line_shift_km = 25;
  auto edited = PlanScenarioFromDocument(Scenario("dnipro"), "dnipro", registry, edits);
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  ASSERT_EQ(edited->problem.contingents.size(), 5u);
  for (const plan::Contingent& c : edited->problem.contingents) {
    EXPECT_NE(c.nation, "TR");
    EXPECT_NE(c.nation, "FR");
    EXPECT_EQ(c.radius_km, 80);
  }
  std::string assumptions;
  for (const std::string& a : edited->assumptions)
    assumptions += a + "\n";
  EXPECT_NE(assumptions.find("WHAT-IF: the contingents of tur, FR are left out."),
            std::string::npos);
  EXPECT_NE(assumptions.find("every contingent covers 80 km"), std::string::npos);
  EXPECT_NE(assumptions.find("moved 25 km towards the government-controlled side"),
            std::string::npos);
  auto base = PlanScenarioFromDocument(Scenario("dnipro"), "dnipro", registry);
  ASSERT_TRUE(base.ok());
  EXPECT_LT(edited->problem.line.front().lon, base->problem.line.front().lon);

  auto solved = SolvePlanScenario(std::move(*edited), "dnipro", 5);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  EXPECT_TRUE(solved->json_path.empty());
  const nlohmann::json row = PlanComparisonRow(*solved);
  EXPECT_EQ(row["scenario"], "dnipro");
  EXPECT_EQ(row["contingents"], 5);
  EXPECT_EQ(row["deployed"], solved->sustainment.deployed_total);
}

TEST(PlanServiceTest, BadEditsAreRefusedByName) {
  const registry::Registry registry = Bundled();
  ScenarioEdits unknown;
  unknown.remove_nations = {"XX"};
  auto refused = PlanScenarioFromDocument(Scenario("dnipro"), "dnipro", registry, unknown);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), core::ErrorCode::kInvalidRecord);
  EXPECT_NE(refused.status().message().find("remove_nations: 'XX' is not a nation"),
            std::string::npos)
      << refused.status().message();
  ScenarioEdits absent;
  absent.remove_nations = {"NZ"};
  refused = PlanScenarioFromDocument(Scenario("dnipro"), "dnipro", registry, absent);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("NZ has no contingent in scenario 'dnipro'"),
            std::string::npos)
      << refused.status().message();
  ScenarioEdits all;
  all.remove_nations = {"FR", "GB", "DK", "IE", "AU", "BG", "TR"};
  refused = PlanScenarioFromDocument(Scenario("dnipro"), "dnipro", registry, all);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("every contingent"), std::string::npos);
  ScenarioEdits negative;
  negative.radius_km = -1;
  refused = PlanScenarioFromDocument(Scenario("dnipro"), "dnipro", registry, negative);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("radius_km: -1 is negative"), std::string::npos);
}

}  // namespace
}  // namespace truceline::app
