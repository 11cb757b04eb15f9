#pragma once
// The deployment solver's view of a problem and its placement bookkeeping,
// the lazy greedy construction and the move/swap local search used at
// scale (private to src/plan). Nothing here is shared with
// EvaluateDeployment.

#include <chrono>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "plan/deployment.hpp"
#include "plan/deployment_cover.hpp"

namespace truceline::plan::detail {

using SteadyClock = std::chrono::steady_clock;

// Allowed sites and what each placement covers. `reach[k][j]` is the weight
// within contingent k's radius of its j-th allowed site, an upper bound on
// what placing k there can add (times max(1, bonus)); `by_reach[k]` lists
// k's positions by decreasing reach.
struct DeploymentInstance {
  const DeploymentProblem* problem = nullptr;
  std::vector<std::vector<int>> allowed;  // [k][j] -> site
  CoverIndex cover;
  std::vector<double> weight;  // per asset
  double bonus = 0;
  std::vector<std::vector<double>> reach;
  std::vector<std::vector<int>> by_reach;

  std::span<const int> Covers(int k, int j) const { return cover.Covers(k, j, allowed[k][j]); }
  int num_contingents() const { return static_cast<int>(allowed.size()); }
};

// Builds the instance for `filter`'s allowed sites (see BuildCoverIndex).
DeploymentInstance BuildDeploymentInstance(const DeploymentProblem& problem,
                                           const SiteFilter& filter, int threads);

// A placement by allowed-site position (j), with coverage counts, site
// loads, each asset's increment if one more contingent covered it, and the
// objective.
struct Placement {
  std::vector<int> choice;  // [k] -> j, or -1
  std::vector<int> count;   // per asset
  std::vector<double> inc;  // per asset
  std::vector<int> load;    // per site
  double objective = 0;
};

Placement EmptyPlacement(const DeploymentInstance& in);
// An asset's value when `count` contingents cover it.
double AssetValue(const DeploymentInstance& in, int a, int count);
void Place(const DeploymentInstance& in, Placement& st, int k, int j);
void Remove(const DeploymentInstance& in, Placement& st, int k);
bool Fits(const DeploymentInstance& in, const Placement& st, int k, int j);
// The objective's increase if k (not placed) went to its j-th site.
double Gain(const DeploymentInstance& in, const Placement& st, int k, int j);
// Per contingent, its site index (-1 when not placed).
std::vector<int> SitesOf(const DeploymentInstance& in, const std::vector<int>& choice);

// Lazy greedy: every (contingent, site) in a max-heap by its last known
// gain (an upper bound, the objective being submodular when bonus <= 1);
// the top is re-costed and placed when it still leads. Contingents left
// without a fitting site by the greedy order go to any site with room.
// nullopt when one cannot be placed at all.
std::optional<Placement> LazyGreedy(const DeploymentInstance& in);

// Best-improvement moves (each contingent to its best other site with room,
// candidates by decreasing reach, stopping when the reach cannot beat the
// best gain) and swaps of two contingents' sites, until a local optimum or
// `deadline`. Returns whether the objective rose.
bool LocalSearch(const DeploymentInstance& in, Placement& st, SteadyClock::time_point deadline);

// A placement from per-contingent wishes (positions, e.g. a Lagrangian
// subproblem's), placed by decreasing gain where room is left, the rest by
// LazyGreedy's fallback. nullopt when one cannot be placed.
std::optional<Placement> RepairWishes(const DeploymentInstance& in, const std::vector<int>& wish);

// A perturbation of `from` for an iterated local search: `count`
// contingents, drawn with `rng`, each moved to a random fitting site among
// its `breadth` positions of largest reach (staying put when none fits).
Placement Kick(const DeploymentInstance& in, const Placement& from, int count, int breadth,
               std::mt19937& rng);

}  // namespace truceline::plan::detail
