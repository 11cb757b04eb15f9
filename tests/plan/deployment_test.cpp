// The deployment solver against brute force on small planted instances
// (caveats, stand-off, capacities, indivisible contingents), its errors,
// and sustainment on hand-computed cases.

#include "plan/deployment.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plan/sustainment.hpp"

namespace truceline::plan {
namespace {

// A north-south line at 36 E; sites and assets west of it. At 48 N one
// degree of longitude is about 74.6 km.
DeploymentProblem Base() {
  DeploymentProblem p;
  p.line = {{50.0, 36.0}, {46.0, 36.0}};
  p.standoff_km = 30;
  p.hubs = {{"Hub", "POL", {48.0, 30.0}}};
  return p;
}

DeploymentSite Site(std::string id, double lat, double lon, int capacity, std::string oblast) {
  return {id, id, "town", oblast, {lat, lon}, capacity};
}

// Every assignment enumerated; the best evaluated objective (-1: none feasible).
double BruteForce(const DeploymentProblem& p) {
  const size_t nk = p.contingents.size();
  const int ns = static_cast<int>(p.sites.size());
  std::vector<int> site_of(nk, 0);
  double best = -1;
  while (true) {
    DeploymentEvaluation ev = EvaluateDeployment(p, site_of);
    if (ev.feasible()) best = std::max(best, ev.objective);
    size_t i = 0;
    while (i < nk && ++site_of[i] == ns)
      site_of[i++] = 0;
    if (i == nk) break;
  }
  return best;
}

TEST(DeploymentTest, PlantedInstanceMatchesBruteForce) {
  DeploymentProblem p = Base();
  p.sites = {Site("near", 48.0, 35.8, 10000, "East"),  // ~15 km from the line: inside the stand-off
             Site("a", 48.0, 35.0, 5000, "East"), Site("b", 48.5, 34.0, 3000, "East"),
             Site("c", 47.5, 33.0, 8000, "West"), Site("d", 48.0, 31.0, 4000, "West")};
  p.assets = {{"x1", "x1", "city", {48.0, 35.2}, 5},
              {"x2", "x2", "port", {48.5, 34.2}, 3},
              {"x3", "x3", "energy", {47.5, 32.8}, 4},
              {"x4", "x4", "city", {48.0, 31.2}, 2},
              {"x5", "x5", "city", {48.0, 35.7}, 6}};
  p.contingents = {{"fr", "FR", 4000, 30, {}},
                   {"gb", "GB", 3000, 30, {{"West"}, std::nullopt, std::nullopt}},
                   {"bg", "BG", 2000, 30, {{}, 150.0, std::nullopt}},
                   {"ie", "IE", 1000, 25, {{}, std::nullopt, 100.0}}};
  p.double_cover_bonus = 0.5;
  auto plan = SolveDeployment(p, {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_DOUBLE_EQ(plan->objective, BruteForce(p));
  EXPECT_TRUE(plan->proven_optimal);
  EXPECT_EQ(plan->gap, 0);
  EXPECT_TRUE(plan->evaluation.feasible());
  // Nothing sits inside the stand-off, and the caveats hold.
  for (int s : plan->site_of)
    EXPECT_NE(p.sites[s].id, "near");
  EXPECT_EQ(p.sites[plan->site_of[1]].oblast, "West");
}

TEST(DeploymentTest, RandomInstancesMatchBruteForce) {
  std::mt19937 rng(20250327);
  std::uniform_real_distribution<double> lat(46.5, 49.5), lon(30.0, 35.8), u(0, 1);
  for (int round = 0; round < 25; ++round) {
    DeploymentProblem p = Base();
    p.double_cover_bonus = round % 2 == 0 ? 0.0 : 0.3;
    for (int s = 0; s < 5; ++s) {
      p.sites.push_back(Site("s" + std::to_string(s), lat(rng), lon(rng),
                             1000 * (1 + static_cast<int>(u(rng) * 6)), u(rng) < 0.5 ? "A" : "B"));
    }
    for (int a = 0; a < 8; ++a) {
      p.assets.push_back(
          {"a" + std::to_string(a), "", "city", {lat(rng), lon(rng)}, std::round(u(rng) * 10)});
    }
    for (int k = 0; k < 4; ++k) {
      Contingent c{"k" + std::to_string(k),
                   "FR",
                   1000 * (1 + static_cast<int>(u(rng) * 3)),
                   60 + 100 * u(rng),
                   {}};
      if (u(rng) < 0.3) c.caveats.allowed_oblasts = {"A"};
      if (u(rng) < 0.3) c.caveats.min_line_km = 100;
      p.contingents.push_back(c);
    }
    const double brute = BruteForce(p);
    auto plan = SolveDeployment(p, {});
    if (brute < 0) {
      EXPECT_FALSE(plan.ok()) << "round " << round;
      continue;
    }
    ASSERT_TRUE(plan.ok()) << "round " << round << ": " << plan.status().ToString();
    EXPECT_NEAR(plan->objective, brute, 1e-9) << "round " << round;
    EXPECT_TRUE(plan->proven_optimal) << "round " << round;
  }
}

TEST(DeploymentTest, EvaluatorFindsEveryViolation) {
  DeploymentProblem p = Base();
  p.sites = {Site("near", 48.0, 35.8, 1000, "East")};
  p.contingents = {{"fr", "FR", 2000, 10, {{"West"}, 100.0, 50.0}}};
  DeploymentEvaluation ev = EvaluateDeployment(p, {0});
  EXPECT_EQ(ev.violations.size(), 5u);  // stand-off, min_line_km, oblast, hub, capacity
  EXPECT_FALSE(EvaluateDeployment(p, {-1}).feasible());
}

TEST(DeploymentTest, NoSiteNamesTheCaveat) {
  DeploymentProblem p = Base();
  p.sites = {Site("a", 48.0, 34.0, 5000, "East"), Site("b", 48.0, 33.0, 5000, "East")};
  p.contingents = {{"gb", "GB", 1000, 50, {{"Lviv Oblast"}, std::nullopt, std::nullopt}}};
  auto plan = SolveDeployment(p, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("'gb'"), std::string::npos);
  EXPECT_NE(plan.status().message().find("caveat oblasts [Lviv Oblast] excludes every one"),
            std::string::npos)
      << plan.status().message();

  p.contingents = {{"gb", "GB", 1000, 50, {{}, std::nullopt, 100.0}}};
  plan = SolveDeployment(p, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("caveat max_hub_km 100 excludes every one"),
            std::string::npos)
      << plan.status().message();

  p.contingents = {{"gb", "GB", 9000, 50, {}}};
  plan = SolveDeployment(p, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("holds fewer troops"), std::string::npos)
      << plan.status().message();
}

TEST(DeploymentTest, NegativeRadiusIsRefused) {
  DeploymentProblem p = Base();
  p.sites = {Site("a", 48.0, 34.0, 5000, "East")};
  p.contingents = {{"fr", "FR", 1000, -5, {}}};
  auto plan = SolveDeployment(p, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("'fr' (FR): radius_km -5 is negative"), std::string::npos)
      << plan.status().message();
}

TEST(DeploymentTest, ConflictingCaveatsNameTheContingents) {
  DeploymentProblem p = Base();
  p.sites = {Site("w1", 48.0, 31.0, 3000, "West"), Site("w2", 48.5, 31.0, 3000, "West"),
             Site("e1", 48.0, 34.0, 9000, "East")};
  p.contingents = {{"gb", "GB", 2000, 50, {{"West"}, std::nullopt, std::nullopt}},
                   {"fr", "FR", 2000, 50, {{"West"}, std::nullopt, std::nullopt}},
                   {"dk", "DK", 2000, 50, {{"West"}, std::nullopt, std::nullopt}},
                   {"ie", "IE", 2000, 50, {}}};
  auto plan = SolveDeployment(p, {});
  ASSERT_FALSE(plan.ok());
  const std::string m = plan.status().message();
  EXPECT_NE(m.find("the caveats cannot all hold"), std::string::npos) << m;
  EXPECT_NE(m.find("'gb'"), std::string::npos) << m;
  EXPECT_NE(m.find("'fr'"), std::string::npos) << m;
  EXPECT_NE(m.find("'dk'"), std::string::npos) << m;
  EXPECT_EQ(m.find("'ie'"), std::string::npos) << m;  // not part of the conflict
  EXPECT_NE(m.find("w1 (3000), w2 (3000)"), std::string::npos) << m;
}

TEST(SustainmentTest, RuleOfThreeByNation) {
  std::vector<NationDeployment> d = {{"FR", 2, 3500, std::nullopt, std::nullopt, ""},
                                     {"GB", 1, 3000, 5000.0, 10000.0, "5,000-10,000 troops"},
                                     {"DK", 1, 1000, std::nullopt, std::nullopt, "some troops"}};
  auto s = ComputeSustainment(d, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->deployed_total, 7500);
  EXPECT_EQ(s->committed_total, 22500);
  EXPECT_EQ(s->nations[0].committed, 10500);
  EXPECT_EQ(s->nations[0].against_pledge, "no_pledge");
  EXPECT_EQ(s->nations[1].committed, 9000);
  EXPECT_EQ(s->nations[1].against_pledge, "within_pledge");
  EXPECT_EQ(s->nations[2].against_pledge, "no_figure");
  ASSERT_EQ(s->timeline.size(), 4u);  // 24 months of 6-month tours
  EXPECT_EQ(s->rotations, 3);
  EXPECT_EQ(s->timeline[0].deployed_line, 1);
  EXPECT_EQ(s->timeline[0].preparing_line, 2);
  EXPECT_EQ(s->timeline[0].recovering_line, 3);
  EXPECT_EQ(s->timeline[3].deployed_line, 1);
  EXPECT_EQ(s->timeline[3].start_month, 18);
  EXPECT_EQ(s->timeline[3].end_month, 24);
}

TEST(SustainmentTest, ExceedingAPledgeAndAShortLastTour) {
  std::vector<NationDeployment> d = {{"GB", 1, 4000, 10000.0, 10000.0, "10,000 troops"}};
  auto s = ComputeSustainment(d, {2, 4, 10});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->nations[0].committed, 8000);
  EXPECT_EQ(s->nations[0].against_pledge, "within_pledge");
  s = ComputeSustainment(d, {3, 4, 10});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->nations[0].against_pledge, "exceeds_pledge");
  EXPECT_DOUBLE_EQ(*s->nations[0].shortfall, 2000);
  ASSERT_EQ(s->timeline.size(), 3u);
  EXPECT_EQ(s->timeline[2].end_month, 10);
  EXPECT_FALSE(ComputeSustainment(d, {0, 6, 24}).ok());
}

}  // namespace
}  // namespace truceline::plan
