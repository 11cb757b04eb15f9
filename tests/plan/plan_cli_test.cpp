// `truceline plan` end to end: a bundled scenario, the comparison of the
// three bundled options, and bad scenarios, each refused with its cause.

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../cli/process.hpp"

namespace truceline {
namespace {

class PlanCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / fmt::format("truceline-plan-{}", ::getpid());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string Scenario(const std::string& name) {
    return std::string(TRUCELINE_SOURCE_DIR) + "/data/scenarios/" + name + ".json";
  }
  // A small scenario with one contingent; `contingent` replaces it.
  std::string Write(const std::string& contingent, const std::string& extra = "") {
    std::string path = (dir_ / "s.json").string();
    std::ofstream(path) << fmt::format(
        R"({{"format": "truceline-scenario/1", "id": "t", {}
            "sites": {{"towns_min_population": 300000}},
            "contingents": [{}]}})",
        extra, contingent);
    return path;
  }
  testing::RunResult Plan(const std::string& scenario) {
    return testing::RunTruceline({"plan", "--scenario", scenario, "--out", (dir_ / "out").string()},
                                 dir_.string(), "");
  }
  std::filesystem::path dir_;
};

TEST_F(PlanCliTest, BundledScenarioEndToEnd) {
  std::string out = (dir_ / "out").string();
  auto run = testing::RunTruceline({"plan", "--scenario", Scenario("dnipro"), "--out", out},
                                   dir_.string(), "");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto plan = nlohmann::json::parse(testing::ReadWholeFile(out + "/plan.json"));
  EXPECT_EQ(plan["scenario"]["id"], "dnipro");
  EXPECT_TRUE(plan["rechecked"]["feasible"].get<bool>());
  EXPECT_DOUBLE_EQ(plan["rechecked"]["objective"].get<double>(), plan["objective"].get<double>());
  EXPECT_GE(plan["bound"].get<double>(), plan["objective"].get<double>());
  EXPECT_TRUE(plan.contains("gap"));
  EXPECT_TRUE(plan.contains("proven_optimal"));
  EXPECT_EQ(plan["assignments"].size(), 7u);
  // Bulgaria's no-combat condition became a caveat; conditions are listed.
  std::string caveats = plan["caveats_applied"].dump();
  EXPECT_NE(caveats.find("no_combat_role -> caveat min_line_km 150"), std::string::npos) << caveats;
  EXPECT_NE(caveats.find("requires_consultation_role"), std::string::npos) << caveats;
  // Rule of three.
  EXPECT_EQ(plan["sustainment"]["committed"].get<int>(),
            3 * plan["sustainment"]["deployed"].get<int>());
  EXPECT_EQ(plan["sustainment"]["timeline"].size(), 4u);
  EXPECT_NE(plan["assumptions"].dump().find("ILLUSTRATIVE"), std::string::npos);

  // The objective recomputed from the GeoJSON's assets.
  auto geo = nlohmann::json::parse(testing::ReadWholeFile(out + "/plan.geojson"));
  EXPECT_EQ(geo["type"], "FeatureCollection");
  double objective = 0;
  const double bonus = plan["double_cover_bonus"].get<double>();
  size_t assignments = 0;
  for (const auto& f : geo["features"]) {
    const auto& p = f["properties"];
    if (p["layer"] == "assignment") ++assignments;
    if (p["layer"] != "asset") continue;
    const int n = p["covered_by"].get<int>();
    const double w = p["weight"].get<double>();
    objective += (n >= 1 ? w : 0) + (n >= 2 ? bonus * w : 0);
  }
  EXPECT_EQ(assignments, 7u);
  EXPECT_NEAR(objective, plan["objective"].get<double>(), 0.05);
  std::string png = testing::ReadWholeFile(out + "/map.png");
  ASSERT_GE(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(PlanCliTest, ComparesTheThreeOptions) {
  std::string out = (dir_ / "cmp").string();
  auto run = testing::RunTruceline({"plan", "--compare", Scenario("dnipro"), Scenario("key-cities"),
                                    Scenario("western-regions"), "--out", out},
                                   dir_.string(), "");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto cmp = nlohmann::json::parse(testing::ReadWholeFile(out + "/comparison.json"));
  ASSERT_EQ(cmp["scenarios"].size(), 3u);
  for (const auto& row : cmp["scenarios"]) {
    EXPECT_TRUE(
        std::filesystem::exists(out + "/" + row["scenario"].get<std::string>() + "/plan.json"));
  }
  EXPECT_NE(testing::ReadWholeFile(out + "/comparison.md").find("| western-regions |"),
            std::string::npos);
  EXPECT_NE(testing::ReadWholeFile(out + "/comparison.csv").find("key-cities,"), std::string::npos);
}

TEST_F(PlanCliTest, NationNotInTheRegistryIsRefusedByName) {
  auto run = Plan(Write(R"({"id": "x", "nation": "XX", "troops": 1000})"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("$.contingents[0].nation: 'XX' is not a nation of the registry"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out"));
}

TEST_F(PlanCliTest, OpposedAndTransitOnlyNationsAreRefused) {
  auto run = Plan(Write(R"({"id": "ru", "nation": "RU", "troops": 1000})"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("(RU) is refused: its stance on 'post_ceasefire_force' is 'opposed'"),
            std::string::npos)
      << run.err;
  run = Plan(Write(R"({"id": "ro", "nation": "RO", "troops": 1000})"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("transit_only"), std::string::npos) << run.err;
}

TEST_F(PlanCliTest, NegativeRadiusIsRefused) {
  auto run = Plan(Write(R"({"id": "fr", "nation": "FR", "troops": 1000, "radius_km": -20})"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("$.contingents[0].radius_km: -20 is negative"), std::string::npos)
      << run.err;
  run = Plan(Write(R"({"id": "fr", "nation": "FR", "troops": 1000, "radius_km": "far"})"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("$.contingents[0].radius_km: must be a number"), std::string::npos)
      << run.err;
  run = Plan(Write(R"({"id": "fr", "nation": "FR", "troops": 1000})", R"("registry": 5,)"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("$.registry: must be an object"), std::string::npos) << run.err;
}

TEST_F(PlanCliTest, ContingentNoSiteCanHostNamesTheCaveat) {
  auto run =
      Plan(Write(R"({"id": "gb", "nation": "GB", "troops": 1000, "caveats": {"max_hub_km": 50}})"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("contingent 'gb' (GB, 1000 troops): no site can host it: its caveat "
                         "max_hub_km 50 excludes every one"),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace truceline
