#pragma once
// The location solver: a construction heuristic and local search for a good
// plan quickly, then CBC on a strong formulation, warm-started from it, for
// a proven bound. Every reported plan has passed the independent evaluator
// (`EvaluatePlan`).

#include "core/status.hpp"
#include "plan/location.hpp"

namespace truceline::plan {

struct SolveOptions {
  double time_limit_s = 60.0;   // wall-clock budget for the whole solve
  int threads = 1;              // CBC threads
  int log_level = 0;            // CBC log level (0 = silent)
  bool heuristic_only = false;  // skip CBC: objective of the heuristic, trivial bound
};

// What a solve found. `objective` and `bound` are in reported terms (the
// cost, or the covered weight for covering models): for minimisation bound
// <= objective, for maximisation bound >= objective.
struct SolveReport {
  Plan plan;
  double objective = 0.0;
  double bound = 0.0;
  double gap = 0.0;  // |objective - bound| / max(1, |objective|)
  bool proven_optimal = false;
  double heuristic_objective = 0.0;  // reported terms
  double heuristic_seconds = 0.0;
  double seconds = 0.0;
};

// Solves `model` within options.time_limit_s. Errors: kInvalidArgument for
// an invalid model; kInvalidRecord when no feasible plan exists (e.g. total
// capacity below total demand); kInternal when a plan fails the evaluator
// (never reported as a result). Uses no global state besides CBC's own;
// concurrent calls on distinct models are safe.
core::Result<SolveReport> Solve(const LocationModel& model, const SolveOptions& options);

// The textbook peer: CBC alone on the plain formulation (one x_ij <= y_j
// link per arc, continuous assignment, no heuristic, no warm start), with the
// same time limit. Used by the benchmark as the reference. Same errors.
core::Result<SolveReport> SolveTextbook(const LocationModel& model, const SolveOptions& options);

}  // namespace truceline::plan
