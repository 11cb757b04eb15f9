// SolveAtScale: the planner's solve when the MIP is too large for CBC.

#include "plan/deployment_scale.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include <fmt/format.h>

#include "plan/deployment_bound.hpp"
#include "plan/deployment_restricted.hpp"

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
// The restricted MIP (CBC over each contingent's few best positions by
// Lagrangian value): first tried once the bound has settled or after this
// much bound time, with this many positions per contingent, doubled (up to
// the maximum) after a try that finds nothing better; each try gets at most
// this share of the time left and this many seconds; after a try that finds
// nothing better, the next waits as long as it took, and at least
// kMipAfterS. The MIP over every placement
// that could be in a better plan is solved instead when it has at most
// kExactMaxNonzeros coverage nonzeros.
constexpr double kMipAfterS = 30.0;
constexpr int kMipPositions = 10, kMipMaxPositions = 80;
constexpr double kMipShare = 0.5, kMipMaxS = 90.0;
constexpr double kMipMinLeftS = 2.0;
constexpr std::int64_t kExactMaxNonzeros = 3'000'000;
// Rounding allowance on the forced bounds that leave placements out.
constexpr double kFloorTolerance = 1e-7;

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
  int mip_positions = kMipPositions;
  double next_mip_s = 0;
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
    // (Not in the last seconds: CBC would overrun the deadline.)
    if (elapsed() >= next_mip_s && (settled || bound_s >= kMipAfterS) &&
        deadline - SteadyClock::now() > std::chrono::duration<double>(kMipMinLeftS)) {
      const auto mip_start = SteadyClock::now();
      const double left = std::chrono::duration<double>(deadline - mip_start).count();
      // Placements whose forced Lagrangian bound is below the best plan are
      // in no better plan: when the rest is small enough, CBC's bound on the
      // MIP over it (or the best plan, if higher) bounds the whole problem.
      // Otherwise CBC searches each contingent's few best positions.
      const double incumbent = best.objective;
      std::vector<std::vector<int>> candidates = dual.BestPositions(
          std::numeric_limits<int>::max(), incumbent - kFloorTolerance * std::max(1.0, incumbent));
      std::int64_t nonzeros = 0;
      for (int k = 0; k < in.num_contingents(); ++k) {
        for (int j : candidates[k])
          nonzeros += in.cover.length[k][j];
      }
      const bool exact = nonzeros <= kExactMaxNonzeros;
      if (!exact) candidates = dual.BestPositions(mip_positions);
      RestrictedOutcome outcome = RestrictedMip(
          in, best, candidates, std::min(kMipMaxS, kMipShare * left), std::max(1, options.threads));
      if (outcome.better) {
        LocalSearch(in, *outcome.better, deadline);
        best = std::move(*outcome.better);
        TRUCELINE_RETURN_IF_ERROR(keep(best));
      } else if (!exact) {
        mip_positions = std::min(kMipMaxPositions, 2 * mip_positions);
      }
      if (exact) bound = std::min(bound, std::max(outcome.bound, incumbent));
      report();
      restart_s += since(mip_start);
      // A try that found a better plan is followed at once by another (from
      // it, with fresh multipliers); one that did not waits.
      next_mip_s = outcome.better ? 0 : elapsed() + std::max(kMipAfterS, since(mip_start));
      continue;
    }
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
