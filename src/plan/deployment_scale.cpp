// SolveAtScale: the planner's solve when the MIP is too large for CBC.

#include "plan/deployment_scale.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "plan/deployment_bound.hpp"

namespace truceline::plan::detail {

namespace {

using core::ErrorCode;
using core::Status;

// Bound iterations between two looks at the gap; until the bound settles,
// the restarts of the local search get at most this share of the time the
// bound gets (on the benchmark instance a restart takes ~5 s, a bound
// iteration ~30 ms).
constexpr double kBoundSliceS = 2.0;
constexpr double kRestartShare = 0.5;
constexpr double kSettled = 1e-5;  // relative bound decrease over one slice
// A kick moves this many contingents, each to one of its sites of largest
// reach.
constexpr int kKickCount = 4, kKickBreadth = 200;

}  // namespace

core::Result<DeploymentPlan> SolveAtScale(const DeploymentInstance& in,
                                          const DeploymentOptions& options,
                                          SteadyClock::time_point start,
                                          SteadyClock::time_point deadline) {
  const DeploymentProblem& problem = *in.problem;
  auto elapsed = [&] { return std::chrono::duration<double>(SteadyClock::now() - start).count(); };
  DeploymentPlan plan;
  plan.method = "heuristic+lagrangian";
  plan.mip_nonzeros = in.cover.placements_nonzeros;
  double trivial = 0;
  for (double w : in.weight)
    trivial += w * (1 + in.bonus);
  double bound = trivial;

  auto report = [&] {
    plan.bound = std::max(bound, plan.objective);
    if (plan.bound - plan.objective <= 1e-6 * std::max(1.0, plan.objective)) {
      plan.bound = plan.objective;
    }
    plan.gap = (plan.bound - plan.objective) / std::max(plan.objective, 1e-9);
    plan.proven_optimal = plan.gap == 0;
    plan.seconds = elapsed();
    if (options.on_progress) {
      options.on_progress({plan.seconds, plan.objective, plan.bound, plan.gap});
    }
  };
  // Keeps `st` when the re-check confirms it and its objective.
  auto keep = [&](const Placement& st) -> Status {
    std::vector<int> site_of = SitesOf(in, st.choice);
    DeploymentEvaluation ev = EvaluateDeployment(problem, site_of);
    if (!ev.feasible()) {
      return Status(ErrorCode::kInternal,
                    "the local search's plan failed the re-check: " + ev.violations[0]);
    }
    if (std::abs(ev.objective - st.objective) > 1e-6 * std::max(1.0, ev.objective)) {
      return Status(ErrorCode::kInternal,
                    fmt::format("the re-check finds objective {} for a plan the solver "
                                "costed at {}",
                                ev.objective, st.objective));
    }
    plan.site_of = std::move(site_of);
    plan.evaluation = std::move(ev);
    plan.objective = plan.evaluation.objective;
    return Status::Ok();
  };

  std::optional<Placement> greedy = LazyGreedy(in);
  if (!greedy) {
    return Status(ErrorCode::kUnsupported,
                  fmt::format("the greedy placed fewer than the {} contingents (capacities too "
                              "tight for it), and the problem is too large for CBC",
                              in.num_contingents()));
  }
  Placement best = std::move(*greedy);
  TRUCELINE_RETURN_IF_ERROR(keep(best));
  plan.heuristic_objective = plan.objective;
  plan.first_feasible_seconds = elapsed();
  report();
  if (LocalSearch(in, best, deadline)) {
    TRUCELINE_RETURN_IF_ERROR(keep(best));
    report();
  }

  CoverageBound dual(in);
  auto done = [&] {
    return plan.bound <= plan.objective * (1 + options.target_gap) ||
           SteadyClock::now() >= deadline;
  };
  double bound_s = 0, restart_s = 0;
  int restarts = 0;
  std::mt19937 rng(1);
  auto since = [](SteadyClock::time_point t) {
    return std::chrono::duration<double>(SteadyClock::now() - t).count();
  };
  while (!done()) {
    const auto bound_start = SteadyClock::now();
    const auto slice =
        std::min(deadline, SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                                    std::chrono::duration<double>(kBoundSliceS)));
    const double before = bound;
    bound =
        std::min(bound, dual.Run(plan.objective, plan.objective * (1 + options.target_gap), slice));
    bound_s += since(bound_start);
    if (bound < before) report();
    if (done() || dual.stalled()) break;
    // Once the bound has settled (it converges to the LP bound in a few
    // minutes on the benchmark instance) the restarts may take the time.
    const bool settled = before - bound < kSettled * bound;
    if (!settled && restart_s > kRestartShare * bound_s) continue;
    // A Lagrangian heuristic: the subproblem's placement, made feasible and
    // improved by the local search.
    // Every other restart is a kick of the best plan instead (an iterated
    // local search).
    const auto restart_start = SteadyClock::now();
    std::optional<Placement> restart =
        ++restarts % 2 == 1
            ? RepairWishes(in, dual.last_choice())
            : std::optional<Placement>(Kick(in, best, kKickCount, kKickBreadth, rng));
    if (restart) {
      LocalSearch(in, *restart, deadline);
      if (restart->objective > best.objective + 1e-9 * std::max(1.0, best.objective)) {
        best = std::move(*restart);
        TRUCELINE_RETURN_IF_ERROR(keep(best));
        report();
      }
    }
    restart_s += since(restart_start);
  }
  plan.seconds = elapsed();
  report();
  return plan;
}

}  // namespace truceline::plan::detail
