// Scale benchmark of the deployment planner: a seeded synthetic instance
// (sites x assets x contingents west of a north-south line, random
// capacities, radii and caveats), solved by the planner (local search, then
// CBC warm-started) and by its peer, CBC alone from a cold start, in the same
// run. Prints one JSON line per solver: time to the first re-checked plan,
// objective, bound and certified gap.
//
// usage: truceline_bench_deploy SITES ASSETS CONTINGENTS SEED [TIME_LIMIT_S]

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>

#include <fmt/format.h>

#include "plan/deployment.hpp"

namespace {

using truceline::plan::DeploymentProblem;

DeploymentProblem Generate(int sites, int assets, int contingents, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lat(45.5, 51.5), lon(23.0, 35.5), u(0, 1);
  DeploymentProblem p;
  p.line = {{52.0, 36.0}, {45.0, 36.0}};
  p.standoff_km = 30;
  p.double_cover_bonus = 0.25;
  p.hubs = {{"west", "POL", {50.0, 22.0}}, {"south", "ROU", {47.6, 26.3}}};
  for (int s = 0; s < sites; ++s) {
    p.sites.push_back({fmt::format("s{}", s),
                       "",
                       "town",
                       u(rng) < 0.3 ? "West" : "Centre",
                       {lat(rng), lon(rng)},
                       1000 * (1 + static_cast<int>(u(rng) * 8))});
  }
  for (int a = 0; a < assets; ++a) {
    p.assets.push_back(
        {fmt::format("a{}", a), "", "city", {lat(rng), lon(rng)}, 1.0 + std::floor(u(rng) * 10)});
  }
  for (int k = 0; k < contingents; ++k) {
    truceline::plan::Contingent c{fmt::format("k{}", k),
                                  "FR",
                                  1000 * (1 + static_cast<int>(u(rng) * 5)),
                                  60 + 80 * u(rng),
                                  {}};
    if (u(rng) < 0.2) c.caveats.allowed_oblasts = {"West"};
    if (u(rng) < 0.2) c.caveats.min_line_km = 150;
    if (u(rng) < 0.2) c.caveats.max_hub_km = 500;
    p.contingents.push_back(c);
  }
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    fmt::print(stderr, "usage: {} SITES ASSETS CONTINGENTS SEED [TIME_LIMIT_S]\n", argv[0]);
    return 2;
  }
  const int sites = std::atoi(argv[1]), assets = std::atoi(argv[2]),
            contingents = std::atoi(argv[3]);
  const auto seed = static_cast<unsigned>(std::atol(argv[4]));
  const double limit = argc > 5 ? std::atof(argv[5]) : 60;
  DeploymentProblem p = Generate(sites, assets, contingents, seed);
  for (bool heuristic : {true, false}) {
    truceline::plan::DeploymentOptions options;
    options.time_limit_s = limit;
    options.use_heuristic = heuristic;
    auto plan = truceline::plan::SolveDeployment(p, options);
    if (!plan.ok()) {
      fmt::print("{{\"solver\":\"{}\",\"error\":\"{}\"}}\n", heuristic ? "planner" : "cbc_cold",
                 plan.status().message());
      continue;
    }
    fmt::print(
        "{{\"solver\":\"{}\",\"sites\":{},\"assets\":{},\"contingents\":{},\"seed\":{},"
        "\"first_feasible_s\":{:.3f},\"seconds\":{:.3f},\"heuristic_objective\":{:.3f},"
        "\"objective\":{:.3f},\"bound\":{:.3f},\"gap\":{:.6f},\"proven_optimal\":{}}}\n",
        heuristic ? "planner" : "cbc_cold", sites, assets, contingents, seed,
        plan->first_feasible_seconds, plan->seconds, plan->heuristic_objective, plan->objective,
        plan->bound, plan->gap, plan->proven_optimal);
  }
  return 0;
}
