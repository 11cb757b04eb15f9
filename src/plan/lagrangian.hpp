#pragma once
// Lagrangian lower bound for capacitated models (private to src/plan).

#include "plan/heuristic.hpp"
#include "plan/location.hpp"

namespace truceline::plan::detail {

// Relaxes the assignment rows (each client served once) with multipliers
// and maximises the dual by subgradient steps until `deadline` or
// convergence. Each step solves, per site, a continuous knapsack (the
// clients it would serve at a profit within its capacity), then chooses the
// sites by the LP of the aggregate capacity row (or the p cheapest when p is
// set). Every value computed is a valid lower bound on the optimum; the best
// is returned. `upper` is the cost of a known plan (it sets the step size).
//
// At the best multipliers it also reports, per site, a lower bound on every
// plan that opens it (`if_open`) and on every plan that closes it
// (`if_closed`), for fixing sites whose bound reaches a known plan's cost;
// these are only computed for uncapacitated models (empty otherwise).
struct LagrangianResult {
  double bound = -kUnlimited;
  std::vector<double> if_open, if_closed;
};
LagrangianResult LagrangianBound(const LocationModel& model, double upper,
                                 Clock::time_point deadline);

}  // namespace truceline::plan::detail
