#pragma once
// The facility-location model shared by every planning problem: sites that
// may be opened, clients with a demand, the cost of serving a client from a
// site, site capacities and an optional number of sites to open. p-median,
// capacitated facility location and maximal covering are all instances of
// it, and so are the force-deployment scenarios that build on it.
//
// Also here: the independent evaluator (objective and feasibility recomputed
// from the model alone) and the readers of the OR-Library and SJC text
// formats (pure parsing, no I/O). Nothing here is thread-unsafe: every
// function is pure and may be called concurrently on distinct or shared
// const models.

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace truceline::plan {

inline constexpr double kUnlimited = std::numeric_limits<double>::infinity();

// One way to serve a client: from `site`, at `cost` for the client's whole
// demand (a split demand pays pro rata).
struct Arc {
  int site = 0;
  double cost = 0.0;
};

// A facility-location instance. Minimises
//   sum of fixed_cost over open sites
// + sum over clients of the cost of the arcs serving them (pro rata)
// + unserved_cost[i] times the unserved fraction of client i,
// subject to: a client is served only through its arcs and only from open
// sites; the demand served by a site is at most its capacity; exactly
// `open_exactly` sites are open when it is set. Covering problems are stated
// as minimisation with negative arc costs (the reward of covering) and
// `maximise` set, so that the reported objective is the covered weight.
struct LocationModel {
  std::vector<double> fixed_cost;      // per site, >= 0
  std::vector<double> capacity;        // per site, > 0; kUnlimited when uncapacitated
  std::vector<double> demand;          // per client, >= 0 (what a site serves of capacity)
  std::vector<std::vector<Arc>> arcs;  // per client; sites distinct
  std::vector<double> unserved_cost;   // per client; kUnlimited = must be served
  std::optional<int> open_exactly;     // p
  bool maximise = false;               // report -objective (covering)

  int num_sites() const { return static_cast<int>(fixed_cost.size()); }
  int num_clients() const { return static_cast<int>(demand.size()); }
  bool capacitated() const;
  // The objective as reported to users: the cost, or the covered weight.
  double Reported(double cost) const { return maximise ? -cost : cost; }
};

// Checks sizes, ranges and arc indices. kInvalidArgument naming the first
// offending site or client.
core::Status ValidateModel(const LocationModel& model);

// Service of part of a client's demand by a site.
struct Flow {
  int client = 0;
  int site = 0;
  double fraction = 0.0;  // of the client's demand, in (0, 1]
};

// A solution: the open sites and, for capacitated models, the flows. For
// uncapacitated models `flows` may be empty: each client is then served by
// its cheapest open arc, or not at all when that is cheaper.
struct Plan {
  std::vector<int> open_sites;  // sorted, distinct
  std::vector<Flow> flows;
};

// The independent evaluator: recomputes feasibility and the objective of
// `plan` (in the model's minimisation terms) from the model alone, sharing
// no code with the solvers. kInternal with the first violated constraint
// (site count, unknown site, flow through a closed site or a missing arc,
// over-served client, capacity exceeded, unserved mandatory client).
// Tolerance: 1e-6 relative on capacities and fractions.
core::Result<double> EvaluatePlan(const LocationModel& model, const Plan& plan);

// Readers of the benchmark formats (DESIGN.md, "OR-Library and MCLP
// formats"). `text` is the whole file, `name` names it in messages. Errors:
// kInvalidArgument "NAME:LINE: reason" for malformed content or parameters
// that do not fit the instance (p out of range, missing capacity).

// OR-Library pmedN: graph distances by Floyd-Warshall; each vertex is a
// client (demand 1) and a candidate site; p from the file unless `p` is set.
core::Result<LocationModel> ParsePMedian(std::string_view text, std::string_view name,
                                         std::optional<int> p);

// OR-Library capNN / capa-c: split demand. `capacity` replaces every site's
// capacity when set, and is required when the file says `capacity`.
core::Result<LocationModel> ParseCapacitated(std::string_view text, std::string_view name,
                                             std::optional<double> capacity);

// SJC maximal covering: every point is a client (weight = demand) and a
// site; a site covers the clients within Euclidean distance `radius`
// (inclusive); exactly `p` sites open.
core::Result<LocationModel> ParseCovering(std::string_view text, std::string_view name, int p,
                                          double radius);

}  // namespace truceline::plan
