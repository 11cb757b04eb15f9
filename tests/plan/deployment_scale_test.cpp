// The deployment planner's parts for large problems: the sparse coverage
// index against geodesic brute force, the Lagrangian bound against the
// brute-force optimum, the lazy greedy and local search against the
// independent evaluator, the restricted MIP against its warm start and the
// brute-force optimum, the solve without CBC, and the synthetic
// generator's determinism.

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/geo.hpp"
#include "plan/deployment.hpp"
#include "plan/deployment_bound.hpp"
#include "plan/deployment_restricted.hpp"
#include "plan/deployment_search.hpp"
#include "plan/deployment_synthetic.hpp"

namespace truceline::plan {
namespace {

using detail::SteadyClock;

// A small random problem west of a north-south line at 36 E.
DeploymentProblem RandomProblem(std::mt19937& rng, int sites, int assets, int contingents,
                                double bonus) {
  std::uniform_real_distribution<double> lat(46.5, 49.5), lon(30.0, 35.8), u(0, 1);
  DeploymentProblem p;
  p.line = {{50.0, 36.0}, {46.0, 36.0}};
  p.standoff_km = 30;
  p.hubs = {{"Hub", "POL", {48.0, 30.0}}};
  p.double_cover_bonus = bonus;
  for (int s = 0; s < sites; ++s) {
    p.sites.push_back({"s" + std::to_string(s),
                       "",
                       "town",
                       u(rng) < 0.5 ? "A" : "B",
                       {lat(rng), lon(rng)},
                       1000 * (1 + static_cast<int>(u(rng) * 6))});
  }
  for (int a = 0; a < assets; ++a) {
    p.assets.push_back(
        {"a" + std::to_string(a), "", "city", {lat(rng), lon(rng)}, std::round(u(rng) * 10)});
  }
  for (int k = 0; k < contingents; ++k) {
    Contingent c{"k" + std::to_string(k),
                 "FR",
                 1000 * (1 + static_cast<int>(u(rng) * 3)),
                 60 + 100 * u(rng),
                 {}};
    if (u(rng) < 0.3) c.caveats.allowed_oblasts = {"A"};
    if (u(rng) < 0.3) c.caveats.min_line_km = 100;
    p.contingents.push_back(c);
  }
  return p;
}

// Every assignment enumerated; the best evaluated objective (-1: none).
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

SteadyClock::time_point Soon(double seconds) {
  return SteadyClock::now() +
         std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
}

TEST(DeploymentCoverTest, MatchesGeodesicBruteForce) {
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    DeploymentProblem p = RandomProblem(rng, 40, 400, 6, 0);
    // Radii that fall on the distance of an existing pair, to test ties.
    p.contingents[0].radius_km =
        core::geo::DistanceM(p.sites[3].position, p.assets[5].position) / 1000;
    auto filter = PrepareDeployment(p);
    ASSERT_TRUE(filter.ok()) << filter.status().ToString();
    const detail::DeploymentInstance in = detail::BuildDeploymentInstance(p, *filter, 2);
    for (size_t k = 0; k < p.contingents.size(); ++k) {
      for (size_t j = 0; j < in.allowed[k].size(); ++j) {
        const int s = in.allowed[k][j];
        std::vector<int> expected;
        for (size_t a = 0; a < p.assets.size(); ++a) {
          if (core::geo::DistanceM(p.sites[s].position, p.assets[a].position) <=
              p.contingents[k].radius_km * 1000) {
            expected.push_back(static_cast<int>(a));
          }
        }
        auto covers = in.Covers(static_cast<int>(k), static_cast<int>(j));
        std::vector<int> got(covers.begin(), covers.end());
        std::sort(got.begin(), got.end());
        EXPECT_EQ(got, expected) << "round " << round << " contingent " << k << " site " << s;
      }
    }
  }
}

TEST(DeploymentBoundTest, NeverBelowTheBruteForceOptimum) {
  std::mt19937 rng(20261202);
  int checked = 0;
  for (int round = 0; round < 60; ++round) {
    DeploymentProblem p = RandomProblem(rng, 5, 10, 4, round % 2 == 0 ? 0.0 : 0.3);
    const double optimum = BruteForce(p);
    auto filter = PrepareDeployment(p);
    if (optimum < 0 || !filter.ok()) continue;
    const detail::DeploymentInstance in = detail::BuildDeploymentInstance(p, *filter, 1);
    detail::CoverageBound bound(in);
    // Steps aimed below the optimum, at it, and above it: every bound on
    // the way must stay valid.
    for (double lower : {0.5 * optimum, optimum, 0.99 * optimum}) {
      const double value = bound.Run(lower, -1, Soon(0.2));
      EXPECT_GE(value, optimum - 1e-9) << "round " << round << " lower " << lower;
    }
    ++checked;
  }
  EXPECT_GT(checked, 30);
}

TEST(DeploymentSearchTest, GreedyAndLocalSearchPassTheEvaluator) {
  const DeploymentProblem p = SyntheticDeployment({300, 3000, 20, 5});
  auto filter = PrepareDeployment(p);
  ASSERT_TRUE(filter.ok()) << filter.status().ToString();
  const detail::DeploymentInstance in = detail::BuildDeploymentInstance(p, *filter, 1);
  std::optional<detail::Placement> st = detail::LazyGreedy(in);
  ASSERT_TRUE(st.has_value());
  DeploymentEvaluation ev = EvaluateDeployment(p, detail::SitesOf(in, st->choice));
  ASSERT_TRUE(ev.feasible()) << ev.violations[0];
  EXPECT_NEAR(ev.objective, st->objective, 1e-6 * ev.objective);
  const double greedy = st->objective;
  detail::LocalSearch(in, *st, Soon(30));
  ev = EvaluateDeployment(p, detail::SitesOf(in, st->choice));
  ASSERT_TRUE(ev.feasible()) << ev.violations[0];
  EXPECT_NEAR(ev.objective, st->objective, 1e-6 * ev.objective);
  EXPECT_GE(ev.objective, greedy - 1e-6);
}

TEST(DeploymentRestrictedTest, NeverWorseThanItsStartAndBoundsOverTheFloorHold) {
  std::mt19937 rng(424242);
  int improved = 0, checked = 0;
  for (int round = 0; round < 30; ++round) {
    DeploymentProblem p = RandomProblem(rng, 5, 10, 4, round % 2 == 0 ? 0.0 : 0.3);
    const double optimum = BruteForce(p);
    auto filter = PrepareDeployment(p);
    if (optimum < 0 || !filter.ok()) continue;
    const detail::DeploymentInstance in = detail::BuildDeploymentInstance(p, *filter, 1);
    std::optional<detail::Placement> start = detail::LazyGreedy(in);
    if (!start) continue;
    ++checked;
    // Only the incumbent's positions: nothing better exists in the model.
    EXPECT_FALSE(detail::RestrictedMip(in, *start, {}, 10, 1).better.has_value())
        << "round " << round;
    detail::CoverageBound bound(in);
    bound.Run(start->objective, -1, Soon(0.1));
    // The Lagrangian's best position alone; every position; the positions
    // whose forced bound reaches the start's objective (then the restricted
    // bound, or the start, bounds the whole problem).
    for (int mode = 0; mode < 3; ++mode) {
      const std::vector<std::vector<int>> candidates =
          mode == 0   ? bound.BestPositions(1)
          : mode == 1 ? bound.BestPositions(1000)
                      : bound.BestPositions(1000, start->objective);
      const detail::RestrictedOutcome out = detail::RestrictedMip(in, *start, candidates, 10, 1);
      double objective = start->objective;
      if (out.better) {
        const DeploymentEvaluation ev =
            EvaluateDeployment(p, detail::SitesOf(in, out.better->choice));
        ASSERT_TRUE(ev.feasible()) << "round " << round << ": " << ev.violations[0];
        EXPECT_NEAR(ev.objective, out.better->objective, 1e-6 * std::max(1.0, ev.objective));
        EXPECT_GT(out.better->objective, start->objective);
        objective = out.better->objective;
        if (mode == 1) ++improved;
      }
      EXPECT_LE(objective, optimum + 1e-6) << "round " << round;
      if (mode == 0) continue;
      EXPECT_TRUE(out.proven_optimal) << "round " << round;
      EXPECT_NEAR(objective, optimum, 1e-6) << "round " << round << " mode " << mode;
      EXPECT_GE(std::max(out.bound, start->objective), optimum - 1e-6) << "round " << round;
    }
  }
  EXPECT_GT(checked, 15);
  EXPECT_GT(improved, 0);
}

TEST(DeploymentScaleTest, SolveWithoutCbcMatchesBruteForceBounds) {
  std::mt19937 rng(99);
  for (int round = 0; round < 20; ++round) {
    DeploymentProblem p = RandomProblem(rng, 5, 8, 4, round % 2 == 0 ? 0.0 : 0.3);
    const double optimum = BruteForce(p);
    DeploymentOptions options;
    options.max_mip_nonzeros = -1;  // always the solve without CBC
    options.time_limit_s = 0.3;
    auto plan = SolveDeployment(p, options);
    if (optimum < 0) continue;
    if (!plan.ok()) {
      // The greedy may get stuck on tight capacities; it must say so.
      EXPECT_EQ(plan.status().code(), core::ErrorCode::kUnsupported);
      continue;
    }
    EXPECT_EQ(plan->method, "heuristic+lagrangian");
    EXPECT_TRUE(EvaluateDeployment(p, plan->site_of).feasible());
    EXPECT_LE(plan->objective, optimum + 1e-9) << "round " << round;
    EXPECT_GE(plan->bound, optimum - 1e-9) << "round " << round;
    EXPECT_GE(plan->gap, 0);
  }
}

TEST(DeploymentSyntheticTest, SameSeedSameProblem) {
  const SyntheticDeploymentSpec spec{200, 2000, 15, 42};
  const DeploymentProblem a = SyntheticDeployment(spec), b = SyntheticDeployment(spec);
  ASSERT_EQ(a.sites.size(), 200u);
  ASSERT_EQ(a.assets.size(), 2000u);
  ASSERT_EQ(a.contingents.size(), 15u);
  for (size_t s = 0; s < a.sites.size(); ++s) {
    EXPECT_EQ(a.sites[s].position, b.sites[s].position);
    EXPECT_EQ(a.sites[s].capacity_troops, b.sites[s].capacity_troops);
    EXPECT_EQ(a.sites[s].oblast, b.sites[s].oblast);
  }
  for (size_t i = 0; i < a.assets.size(); ++i) {
    EXPECT_EQ(a.assets[i].position, b.assets[i].position);
    EXPECT_EQ(a.assets[i].weight, b.assets[i].weight);
  }
  for (size_t k = 0; k < a.contingents.size(); ++k) {
    EXPECT_EQ(a.contingents[k].troops, b.contingents[k].troops);
    EXPECT_EQ(a.contingents[k].radius_km, b.contingents[k].radius_km);
    EXPECT_EQ(a.contingents[k].caveats.allowed_oblasts, b.contingents[k].caveats.allowed_oblasts);
    EXPECT_EQ(a.contingents[k].caveats.min_line_km, b.contingents[k].caveats.min_line_km);
  }
  const DeploymentProblem c = SyntheticDeployment({200, 2000, 15, 43});
  EXPECT_NE(a.assets[0].position, c.assets[0].position);
  EXPECT_TRUE(PrepareDeployment(a).ok());
}

}  // namespace
}  // namespace truceline::plan
