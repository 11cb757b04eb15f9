#pragma once
// Construction heuristics and local search (private to src/plan).

#include <chrono>
#include <vector>

#include "plan/location.hpp"

namespace truceline::plan::detail {

using Clock = std::chrono::steady_clock;

// Greedy addition then best-improvement local search with swap moves (and,
// without a site count, add and drop moves), evaluated in O(clients x sites)
// per pass with the nearest/second-nearest bookkeeping of Whitaker's fast
// interchange. Capacities are ignored. Stops at a local optimum or at
// `deadline`. Returns the open sites, sorted.
std::vector<int> UncapacitatedLocalSearch(const LocationModel& model, Clock::time_point deadline);

// Makes `open` capacity-feasible by adding the sites with the lowest fixed
// cost per unit of capacity, then assigns demand greedily (clients with the
// largest regret first, each to its cheapest open arcs with room left).
// Returns a plan with flows, or nothing when the capacity or the arcs do not
// allow every mandatory client to be served.
std::optional<Plan> CapacitatedPlan(const LocationModel& model, std::vector<int> open);

// Local search over the open sites of a capacitated model (open, close and
// swap moves, best improvement), each open set costed by a greedy split
// assignment (clients by decreasing demand, each to its cheapest open arcs
// with room). Starts from `open` (capacity-feasible); stops at a local
// optimum or `deadline`. Returns the open sites, sorted.
std::vector<int> CapacitatedLocalSearch(const LocationModel& model, std::vector<int> open,
                                        Clock::time_point deadline);

}  // namespace truceline::plan::detail
