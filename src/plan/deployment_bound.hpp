#pragma once
// A Lagrangian upper bound for the deployment problem that needs no MIP
// (private to src/plan).
//
// The problem is: max sum_a w_a y_a + b w_a z_a over binary x[k][s] (each
// contingent at one allowed site), 0 <= z_a <= y_a <= 1,
// y_a + z_a <= C_a(x), sum_k (t_k / cap_s) x[k][s] <= 1, where C_a(x)
// counts the placements covering asset a (y_a + z_a <= C_a is the concave
// envelope of the asset's value; the MIP's 2 z_a <= C_a lets a fractional
// solution earn half the bonus on singly covered assets, which on the
// synthetic instances is a 2-3 % weaker bound). Relaxing the coverage rows
// with multipliers mu_a >= 0 and the capacity rows with pi_s >= 0 leaves
//   sum_a max(0, w_a - mu_a, (1 + b) w_a - 2 mu_a)
// + sum_k max_s (sum of mu_a over what k covers at s - pi_s t_k / cap_s)
// + sum_s pi_s,
// which is an upper bound on the optimum for every such multiplier and is
// evaluated in one pass over the (site, asset) pairs: per contingent, the
// subproblem is a pick of its best site. The multipliers are improved by
// the volume algorithm (Barahona and Anbil, 2000): projected steps from the
// best multipliers met along an average of the recent subgradients, sized
// by the distance to a known plan's value.

#include <limits>
#include <vector>

#include "plan/deployment_search.hpp"

namespace truceline::plan::detail {

class CoverageBound {
 public:
  // Keeps a reference to `in`, which must outlive it. Starts from mu = w,
  // pi = 0 (the bound "every contingent covers its best site's weight
  // alone").
  explicit CoverageBound(const DeploymentInstance& in);

  // Iterates until `deadline`, or the best bound is <= `stop_at`, or the
  // step size vanishes. `lower` is the objective of a known plan. Returns
  // the best bound so far (never increases between calls).
  double Run(double lower, double stop_at, SteadyClock::time_point deadline);

  double best() const { return best_; }
  int iterations() const { return iterations_; }
  // The subgradient vanished: the bound is the dual optimum. (A step size
  // that shrinks to nothing restarts from the best multipliers instead.)
  bool stalled() const { return stalled_; }
  // The subproblem's placement at the last iteration (per contingent, a
  // position in its allowed list), a start for a Lagrangian heuristic.
  const std::vector<int>& last_choice() const { return choice_; }
  // Per contingent, its positions of largest Lagrangian value at the best
  // multipliers met (what the position covers, priced by mu, less its
  // capacity price), by decreasing value: at most `count`, and only those
  // whose forced bound (the best bound with the contingent held at that
  // position: best() less the position's shortfall from the contingent's
  // best value) is at least `floor`. A placement left out for the floor is
  // in no plan whose objective is above `floor`, so a bound over the plans
  // that use only the listed positions is, with `floor`, a bound on the
  // whole problem. Empty lists before the first Run.
  std::vector<std::vector<int>> BestPositions(
      int count, double floor = -std::numeric_limits<double>::infinity()) const;

 private:
  // One evaluation at the current multipliers; fills choice_ and the
  // subgradient. Returns the bound.
  double Evaluate();
  // Site s's capacity row at the last evaluation: load / capacity - 1.
  double Overload(size_t s) const;

  const DeploymentInstance& in_;
  std::vector<double> mu_, pi_;  // per asset, per site
  // Per site, the distinct numbers of assets its placements cover
  // (cuts_[cut_begin_[s]...], ascending) and the sum of mu over each such
  // prefix of its list; per placement [k][j], the index of its cut.
  std::vector<int> cut_begin_, cuts_;
  std::vector<double> cut_sum_;
  std::vector<std::vector<int>> cut_of_;
  std::vector<char> coverable_;  // per asset: some placement covers it
  std::vector<int> choice_, covered_;
  std::vector<char> y_, z_;
  std::vector<int> load_;
  double best_;
  // The volume algorithm's state: averaged direction, centre, step factor.
  std::vector<double> g_mu_, g_pi_;
  std::vector<double> centre_mu_, centre_pi_;
  double centre_value_ = std::numeric_limits<double>::infinity();
  double lambda_ = 0.1;
  // A capacity row can be slack-free for ever (a contingent that may only
  // use a site it fills), which lets its multiplier drift upwards without
  // changing the bound until rounding does: it is kept at most the total
  // value (every nonnegative multiplier gives a valid bound; this one only
  // stops the drift).
  double max_pi_ = 0;
  int reds_ = 0;
  bool fresh_ = true;  // the next subgradient replaces the average
  int iterations_ = 0;
  bool stalled_ = false;
};

}  // namespace truceline::plan::detail
