// Scale benchmark of the deployment planner: a seeded synthetic instance
// (sites x assets x contingents west of a north-south line, random
// capacities, radii and caveats), solved by the planner (local search, then
// CBC warm-started) and by its peer, CBC alone from a cold start, in the same
// run. Prints one JSON line per solver: time to the first re-checked plan,
// objective, bound and certified gap.
//
// usage: truceline_bench_deploy SITES ASSETS CONTINGENTS SEED [TIME_LIMIT_S]
//        truceline_bench_deploy --scale [SITES ASSETS CONTINGENTS SEED TIME_LIMIT_S]
//                               [--target-gap G] [--no-peer] [--threads N]
//                               [--max-mip-nonzeros N]
//
// --scale uses plan::SyntheticDeployment (towns and clustered assets;
// default 10000 100000 100 1 600) and also prints a progress line each time
// the planner's plan or bound improves, for the gap over time. The peer, CBC
// alone, is refused by the planner when its MIP would not fit in memory; the
// refusal is printed. --max-mip-nonzeros sets the planner's limit (see
// DeploymentOptions): 0 makes it take the path without CBC on a small
// instance, to compare its plan and bound with CBC alone's.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "plan/deployment.hpp"
#include "plan/deployment_synthetic.hpp"

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

void PrintPlan(const char* solver, const truceline::plan::DeploymentPlan& plan, int sites,
               int assets, int contingents, unsigned seed) {
  fmt::print(
      "{{\"solver\":\"{}\",\"sites\":{},\"assets\":{},\"contingents\":{},\"seed\":{},"
      "\"first_feasible_s\":{:.3f},\"seconds\":{:.3f},\"heuristic_objective\":{:.3f},"
      "\"objective\":{:.3f},\"bound\":{:.3f},\"gap\":{:.6f},\"proven_optimal\":{},"
      "\"method\":\"{}\",\"mip_nonzeros\":{}}}\n",
      solver, sites, assets, contingents, seed, plan.first_feasible_seconds, plan.seconds,
      plan.heuristic_objective, plan.objective, plan.bound, plan.gap, plan.proven_optimal,
      plan.method, plan.mip_nonzeros);
  std::fflush(stdout);
}

int Scale(int argc, char** argv) {
  truceline::plan::SyntheticDeploymentSpec spec;
  double limit = 600, target_gap = 0;
  bool peer = true;
  int threads = 1;
  std::int64_t max_mip_nonzeros = truceline::plan::DeploymentOptions{}.max_mip_nonzeros;
  std::vector<const char*> positional;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--target-gap") == 0 && i + 1 < argc) {
      target_gap = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--max-mip-nonzeros") == 0 && i + 1 < argc) {
      max_mip_nonzeros = std::atoll(argv[++i]);
    } else if (std::strcmp(argv[i], "--no-peer") == 0) {
      peer = false;
    } else {
      positional.push_back(argv[i]);
    }
  }
  if (positional.size() > 0) spec.sites = std::atoi(positional[0]);
  if (positional.size() > 1) spec.assets = std::atoi(positional[1]);
  if (positional.size() > 2) spec.contingents = std::atoi(positional[2]);
  if (positional.size() > 3) spec.seed = static_cast<unsigned>(std::atol(positional[3]));
  if (positional.size() > 4) limit = std::atof(positional[4]);
  const auto t0 = std::chrono::steady_clock::now();
  const truceline::plan::DeploymentProblem p = truceline::plan::SyntheticDeployment(spec);
  fmt::print("{{\"event\":\"generated\",\"seconds\":{:.3f}}}\n",
             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  for (bool heuristic : {true, false}) {
    if (!heuristic && !peer) break;
    const char* solver = heuristic ? "planner" : "cbc_cold";
    truceline::plan::DeploymentOptions options;
    options.time_limit_s = limit;
    options.use_heuristic = heuristic;
    options.target_gap = target_gap;
    options.threads = threads;
    if (heuristic) options.max_mip_nonzeros = max_mip_nonzeros;
    options.on_progress = [solver](const truceline::plan::DeploymentProgress& progress) {
      fmt::print(
          "{{\"solver\":\"{}\",\"event\":\"progress\",\"seconds\":{:.3f},\"objective\":{:.3f},"
          "\"bound\":{:.3f},\"gap\":{:.6f}}}\n",
          solver, progress.seconds, progress.objective, progress.bound, progress.gap);
      std::fflush(stdout);
    };
    auto plan = truceline::plan::SolveDeployment(p, options);
    if (!plan.ok()) {
      fmt::print("{{\"solver\":\"{}\",\"error\":\"{}\"}}\n", solver, plan.status().message());
      continue;
    }
    PrintPlan(solver, *plan, spec.sites, spec.assets, spec.contingents, spec.seed);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--scale") == 0) return Scale(argc, argv);
  if (argc < 5) {
    fmt::print(stderr, "usage: {} SITES ASSETS CONTINGENTS SEED [TIME_LIMIT_S]\n", argv[0]);
    fmt::print(stderr,
               "       {} --scale [SITES ASSETS CONTINGENTS SEED TIME_LIMIT_S] [--target-gap G] "
               "[--no-peer] [--threads N] [--max-mip-nonzeros N]\n",
               argv[0]);
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
    PrintPlan(heuristic ? "planner" : "cbc_cold", *plan, sites, assets, contingents, seed);
  }
  return 0;
}
