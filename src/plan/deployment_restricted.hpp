#pragma once
// The deployment MIP restricted to a few positions per contingent, a primal
// heuristic for the solve at scale (private to src/plan).

#include <limits>
#include <optional>
#include <vector>

#include "plan/deployment_search.hpp"

namespace truceline::plan::detail {

// What RestrictedMip found.
struct RestrictedOutcome {
  // CBC's best placement, re-costed by Place, when it is complete, fits
  // every capacity and is better than the incumbent.
  std::optional<Placement> better;
  // An upper bound on the restricted problem's optimum (CBC's best possible
  // objective; infinity when CBC gave none). It bounds the whole problem
  // only when the left-out positions are proven to be in no better plan
  // (CoverageBound::BestPositions with a floor).
  double bound = std::numeric_limits<double>::infinity();
  bool proven_optimal = false;  // of the restricted problem
};

// Solves with CBC, within `seconds` on `threads` threads, the MIP in which
// contingent k may only use `candidates[k]` (positions in its allowed list)
// and `incumbent`'s position, warm-started from `incumbent` (a complete,
// feasible placement). The coverage rows use the concave envelope
// y + z <= (placements covering), z <= y, with continuous y and z (exact for
// integer placements), one row for each set of assets covered by the same
// candidate placements, with their summed weight. Since the incumbent is a
// solution of the restricted MIP, `better` is never worse than it.
RestrictedOutcome RestrictedMip(const DeploymentInstance& in, const Placement& incumbent,
                                const std::vector<std::vector<int>>& candidates, double seconds,
                                int threads);

}  // namespace truceline::plan::detail
