#pragma once
// The reassurance-force deployment problem: where indivisible national
// contingents are stationed so that the weighted protected assets within
// their coverage radius are as many as possible, every caveat, capacity and
// the stand-off from the line of contact respected. Pure: no I/O, no clock
// but the solve's own time budget.
//
// The location engine (location.hpp) cannot state it (a site hosts several
// contingents up to a capacity in troops, each contingent has its own
// radius and caveats), so it has its own heuristic, CBC model and
// independent evaluator here.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "core/status.hpp"

namespace truceline::plan {

// A candidate station: a town or an airport/air base in government-held
// territory.
struct DeploymentSite {
  std::string id;  // unique, e.g. "town:Lviv", "airport:UKLL"
  std::string name;
  std::string kind;    // "town" or "airport"
  std::string oblast;  // the oblast holding it (caveats name oblasts)
  core::geo::LatLon position;
  int capacity_troops = 0;  // total troops it can host, >= 0
};

// Something the force protects: a city, a port, a power plant, an airport.
struct ProtectedAsset {
  std::string id;  // unique
  std::string name;
  std::string category;  // "city", "port", "energy", "airport"
  core::geo::LatLon position;
  double weight = 0;  // >= 0
};

// A contingent's national caveats; an unset field does not restrict.
struct Caveats {
  std::vector<std::string> allowed_oblasts;  // empty: any oblast
  std::optional<double> min_line_km;         // at least this far from the line
  std::optional<double> max_hub_km;          // at most this far from the nearest hub
};

// One nation's indivisible contingent.
struct Contingent {
  std::string id;        // unique
  std::string nation;    // ISO 3166-1 alpha-2
  int troops = 0;        // > 0
  double radius_km = 0;  // an asset within this distance of its site is covered, >= 0
  Caveats caveats;
};

// A logistics hub (in a neighbouring country).
struct LogisticsHub {
  std::string name;
  std::string country;  // ISO 3166-1 alpha-3
  core::geo::LatLon position;
};

// The whole problem. Every contingent must be placed at exactly one site.
struct DeploymentProblem {
  std::vector<DeploymentSite> sites;
  std::vector<ProtectedAsset> assets;
  std::vector<Contingent> contingents;
  std::vector<LogisticsHub> hubs;
  core::geo::LineString line;  // the line of contact
  double standoff_km = 0;      // no site nearer the line than this
  // An asset covered by two or more contingents earns this fraction of its
  // weight again (0: no bonus).
  double double_cover_bonus = 0;
};

// Which sites each contingent may use, with the reasons the others are
// excluded; built by PrepareDeployment.
struct SiteFilter {
  std::vector<char> within_standoff;      // per site: nearer the line than the stand-off
  std::vector<double> line_km;            // per site: distance to the line
  std::vector<double> hub_km;             // per site: distance to the nearest hub (inf if none)
  std::vector<std::vector<int>> allowed;  // per contingent: the sites it may use, ascending
};

// Checks the problem (ids, signs, ranges) and computes every contingent's
// allowed sites. Errors (kInvalidArgument, naming the contingent, site or
// asset and the cause): a negative radius, stand-off, capacity, weight or
// bonus; troops <= 0; a duplicate id; a contingent no site can host, naming
// the caveat that excludes every site (or, when none does alone, how many
// sites each constraint excludes).
core::Result<SiteFilter> PrepareDeployment(const DeploymentProblem& problem);

// What EvaluateDeployment recomputes for a placement.
struct DeploymentEvaluation {
  std::vector<std::string> violations;  // empty when feasible
  double objective = 0;                 // weighted coverage (+ double-cover bonus)
  std::vector<int> cover_count;         // per asset: contingents covering it
  std::vector<int> site_load;           // per site: troops placed there
  bool feasible() const { return violations.empty(); }
};

// The independent re-check: every constraint and the objective recomputed
// from the problem alone (geodesic distances measured afresh; no code shared
// with the solver). `site_of[k]` is contingent k's site index (-1: not
// placed, itself a violation). Never fails: problems are listed.
DeploymentEvaluation EvaluateDeployment(const DeploymentProblem& problem,
                                        const std::vector<int>& site_of);

// Where a solve stands: the best re-checked plan's objective, the best
// bound, and the certified gap between them.
struct DeploymentProgress {
  double seconds = 0;
  double objective = 0;
  double bound = 0;
  double gap = 0;
};

struct DeploymentOptions {
  double time_limit_s = 30;   // the whole solve, heuristic and CBC
  int threads = 1;            // CBC threads; also the coverage index's
  bool use_heuristic = true;  // false: CBC alone, cold (the benchmark's peer)
  // Stop once the certified gap is at most this (0: optimality or the time
  // limit). Only the solve without CBC stops early on it.
  double target_gap = 0;
  // A problem whose MIP would have more coverage nonzeros (the sum over
  // allowed placements of the assets covered) is solved without CBC on the
  // whole MIP: lazy greedy, local search, a Lagrangian bound and CBC on
  // restricted MIPs. CBC alone (use_heuristic
  // false) is tried up to 50 M nonzeros (~8 GB) and refused beyond.
  std::int64_t max_mip_nonzeros = 2'000'000;
  // Called (on the solving thread) with the first plan, each better
  // re-checked plan and each better bound of the solve without CBC.
  std::function<void(const DeploymentProgress&)> on_progress;
};

// A placement that passed EvaluateDeployment, with its certificate.
struct DeploymentPlan {
  std::vector<int> site_of;  // per contingent, a site index
  double objective = 0;
  double bound = 0;  // upper bound on the best objective
  double gap = 0;    // (bound - objective) / max(objective, 1e-9), 0 when proven
  bool proven_optimal = false;
  double seconds = 0;
  double heuristic_objective = 0;     // of the local search, before CBC
  double first_feasible_seconds = 0;  // when the first re-checked plan was at hand
  std::int64_t mip_nonzeros = 0;      // coverage nonzeros the MIP has (or would have)
  std::string method;                 // "heuristic+cbc", "heuristic", "cbc", "heuristic+lagrangian"
  DeploymentEvaluation evaluation;
};

// Solves: a greedy construction and local search (move and swap), then CBC
// on the MIP (x[k][s] binary, a covered and a doubly-covered variable per
// asset, capacity rows), warm-started with the heuristic's placement. A
// problem whose MIP exceeds options.max_mip_nonzeros is solved without CBC:
// a lazy greedy, move/swap local search and a Lagrangian bound on the
// coverage and capacity rows (with restarts of the local search from the
// bound's subproblem placements and from kicks of the best plan, and CBC on
// the MIP restricted to each contingent's best positions by Lagrangian value)
// until the time limit or the target gap; its plan is re-checked each time
// it improves. Errors: those of PrepareDeployment;
// kInvalidArgument when the caveats and capacities cannot all hold, naming a smallest set of
// contingents that cannot be placed together and the sites they compete for; kInternal when a plan
// fails EvaluateDeployment; kUnsupported when no placement was found in time, or (CBC alone) when
// the MIP is too large to build. Thread safety: none shared.
core::Result<DeploymentPlan> SolveDeployment(const DeploymentProblem& problem,
                                             const DeploymentOptions& options);

}  // namespace truceline::plan
