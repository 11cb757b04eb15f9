#pragma once
// The deployment solve without CBC, for problems whose MIP is too large
// (private to src/plan).

#include "plan/deployment.hpp"
#include "plan/deployment_search.hpp"

namespace truceline::plan::detail {

// Lazy greedy, then local search, then alternately subgradient steps of the
// Lagrangian bound (CoverageBound) and local searches restarted from the
// bound's subproblem placements or from random kicks of the best plan, and, once the bound has
// settled, CBC on the MIP restricted to each contingent's best positions by Lagrangian value
// (RestrictedMip, warm-started from the best plan), until `deadline` or the certified gap is at
// most options.target_gap. When the placements that could be in a better plan (by their forced
// Lagrangian bound) are few enough, the restricted MIP is over exactly those and its bound is
// also reported. Each better plan passes EvaluateDeployment (and must
// agree with the solver's own objective) before it is kept and reported to options.on_progress.
// Errors: kUnsupported when the greedy cannot place every contingent; kInternal when a plan fails
// the re-check.
core::Result<DeploymentPlan> SolveAtScale(const DeploymentInstance& in,
                                          const DeploymentOptions& options,
                                          SteadyClock::time_point start,
                                          SteadyClock::time_point deadline);

}  // namespace truceline::plan::detail
