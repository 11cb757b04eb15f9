// CoverageBound: the Lagrangian dual of the coverage and capacity rows,
// minimised by projected subgradient steps. One evaluation costs one pass
// over the (site, asset) pairs (prefix sums of the multipliers) plus one
// over the allowed (contingent, site) pairs.

#include "plan/deployment_bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace truceline::plan::detail {

namespace {

// Shrink the step after this many trials without a better centre.
constexpr int kPatience = 20;
constexpr double kMinLambda = 1e-5, kMaxLambda = 2.0, kRestartLambda = 0.01;
// Weight of the newest subgradient in the averaged direction.
constexpr double kAlpha = 0.1;

}  // namespace

CoverageBound::CoverageBound(const DeploymentInstance& in)
    : in_(in), best_(std::numeric_limits<double>::infinity()) {
  const size_t na = in.weight.size();
  mu_ = in.weight;
  max_pi_ = 0;
  for (double w : in.weight)
    max_pi_ += w * (1 + in.bonus);
  pi_.assign(in.problem->sites.size(), 0.0);
  // A site's list ends at its largest radius, so every asset listed is
  // covered by some placement.
  coverable_.assign(na, 0);
  for (int a : in.cover.asset)
    coverable_[a] = 1;
  // Each site's distinct prefix lengths (at most one per radius).
  const size_t num_sites = in.problem->sites.size();
  std::vector<std::vector<int>> lengths(num_sites);
  for (int k = 0; k < in.num_contingents(); ++k) {
    for (size_t j = 0; j < in.allowed[k].size(); ++j)
      lengths[in.allowed[k][j]].push_back(in.cover.length[k][j]);
  }
  cut_begin_.assign(num_sites + 1, 0);
  for (size_t s = 0; s < num_sites; ++s) {
    std::sort(lengths[s].begin(), lengths[s].end());
    lengths[s].erase(std::unique(lengths[s].begin(), lengths[s].end()), lengths[s].end());
    cuts_.insert(cuts_.end(), lengths[s].begin(), lengths[s].end());
    cut_begin_[s + 1] = static_cast<int>(cuts_.size());
  }
  cut_sum_.assign(cuts_.size(), 0.0);
  cut_of_.resize(in.num_contingents());
  for (int k = 0; k < in.num_contingents(); ++k) {
    for (size_t j = 0; j < in.allowed[k].size(); ++j) {
      const int s = in.allowed[k][j];
      const auto first = cuts_.begin() + cut_begin_[s], last = cuts_.begin() + cut_begin_[s + 1];
      cut_of_[k].push_back(
          static_cast<int>(std::lower_bound(first, last, in.cover.length[k][j]) - cuts_.begin()));
    }
  }
  choice_.assign(in.num_contingents(), -1);
  covered_.assign(na, 0);
  y_.assign(na, 0);
  z_.assign(na, 0);
  load_.assign(in.problem->sites.size(), 0);
  g_mu_.assign(na, 0.0);
  g_pi_.assign(pi_.size(), 0.0);
}

double CoverageBound::Evaluate() {
  const DeploymentProblem& p = *in_.problem;
  const CoverIndex& cover = in_.cover;
  for (size_t s = 0; s + 1 < cover.begin.size(); ++s) {
    double acc = 0;
    std::int64_t i = cover.begin[s];
    for (int c = cut_begin_[s]; c < cut_begin_[s + 1]; ++c) {
      for (const std::int64_t end = cover.begin[s] + cuts_[c]; i < end; ++i)
        acc += mu_[cover.asset[i]];
      cut_sum_[c] = acc;
    }
  }
  double bound = 0;
  for (double pi : pi_)
    bound += pi;
  std::fill(load_.begin(), load_.end(), 0);
  for (int k = 0; k < in_.num_contingents(); ++k) {
    const double troops = p.contingents[k].troops;
    double best = -std::numeric_limits<double>::infinity();
    int best_j = -1;
    for (size_t j = 0; j < in_.allowed[k].size(); ++j) {
      const int s = in_.allowed[k][j];
      const double v = cut_sum_[cut_of_[k][j]] - pi_[s] * troops / p.sites[s].capacity_troops;
      if (v > best) {
        best = v;
        best_j = static_cast<int>(j);
      }
    }
    choice_[k] = best_j;
    bound += best;
    load_[in_.allowed[k][best_j]] += p.contingents[k].troops;
  }
  std::fill(covered_.begin(), covered_.end(), 0);
  for (int k = 0; k < in_.num_contingents(); ++k) {
    for (int a : in_.Covers(k, choice_[k]))
      ++covered_[a];
  }
  for (size_t a = 0; a < mu_.size(); ++a) {
    if (!coverable_[a]) continue;
    const double w = in_.weight[a];
    const double once = w - mu_[a];
    const double twice = once + in_.bonus * w - mu_[a];
    y_[a] = z_[a] = 0;
    if (twice > 0 && twice >= once) {
      y_[a] = z_[a] = 1;
      bound += twice;
    } else if (once > 0) {
      y_[a] = 1;
      bound += once;
    }
  }
  return bound;
}

std::vector<std::vector<int>> CoverageBound::BestPositions(int count, double floor) const {
  const int nk = in_.num_contingents();
  std::vector<std::vector<int>> out(nk);
  if (centre_mu_.empty()) return out;
  const DeploymentProblem& p = *in_.problem;
  const CoverIndex& cover = in_.cover;
  std::vector<double> sums(cuts_.size(), 0.0);
  for (size_t s = 0; s + 1 < cover.begin.size(); ++s) {
    double acc = 0;
    std::int64_t i = cover.begin[s];
    for (int c = cut_begin_[s]; c < cut_begin_[s + 1]; ++c) {
      for (const std::int64_t end = cover.begin[s] + cuts_[c]; i < end; ++i)
        acc += centre_mu_[cover.asset[i]];
      sums[c] = acc;
    }
  }
  std::vector<double> value;
  for (int k = 0; k < nk; ++k) {
    const size_t n = in_.allowed[k].size();
    value.resize(n);
    for (size_t j = 0; j < n; ++j) {
      const int s = in_.allowed[k][j];
      value[j] = sums[cut_of_[k][j]] -
                 centre_pi_[s] * p.contingents[k].troops / p.sites[s].capacity_troops;
    }
    std::vector<int>& positions = out[k];
    positions.resize(n);
    std::iota(positions.begin(), positions.end(), 0);
    std::sort(positions.begin(), positions.end(),
              [&](int a, int b) { return value[a] > value[b] || (value[a] == value[b] && a < b); });
    size_t keep = 0;
    while (keep < n && keep < static_cast<size_t>(std::max(0, count)) &&
           centre_value_ - (value[positions[0]] - value[positions[keep]]) >= floor) {
      ++keep;
    }
    positions.resize(keep);
  }
  return out;
}

double CoverageBound::Overload(size_t s) const {
  const int capacity = in_.problem->sites[s].capacity_troops;
  return capacity > 0 ? static_cast<double>(load_[s]) / capacity - 1 : 0.0;
}

double CoverageBound::Run(double lower, double stop_at, SteadyClock::time_point deadline) {
  const size_t na = mu_.size();
  auto moving = [](double x, double g, double hi) {
    return !(x <= 0 && g < 0) && !(x >= hi && g > 0);
  };
  while (best_ > stop_at && lambda_ > 0 && SteadyClock::now() < deadline) {
    if (lambda_ < kMinLambda) {
      // The steps have shrunk to nothing: start again from the centre with
      // a fresh direction and a small step factor.
      lambda_ = kRestartLambda;
      fresh_ = true;
      mu_ = centre_mu_, pi_ = centre_pi_;
    }
    const double value = Evaluate();
    ++iterations_;
    best_ = std::min(best_, value);
    // The volume algorithm: the direction is an exponential average of the
    // subgradients (an approximate primal solution), steps are taken from
    // the best multipliers met (the centre), and the step factor shrinks
    // after a run of trials that fail to improve on the centre.
    const double alpha = fresh_ ? 1.0 : kAlpha;
    fresh_ = false;
    double agree = 0;
    for (size_t a = 0; a < na; ++a) {
      if (!coverable_[a]) continue;
      const double g_mu = y_[a] + z_[a] - covered_[a];
      agree += g_mu * g_mu_[a];
      g_mu_[a] = alpha * g_mu + (1 - alpha) * g_mu_[a];
    }
    for (size_t s = 0; s < pi_.size(); ++s) {
      agree += Overload(s) * g_pi_[s];
      g_pi_[s] = alpha * Overload(s) + (1 - alpha) * g_pi_[s];
    }
    if (value < centre_value_) {
      centre_value_ = value;
      centre_mu_ = mu_, centre_pi_ = pi_;
      reds_ = 0;
      if (agree >= 0) lambda_ = std::min(kMaxLambda, lambda_ * 1.1);
    } else if (++reds_ >= kPatience) {
      lambda_ *= 0.66;
      reds_ = 0;
    }
    // Projected direction: components pushing against a bound they sit on
    // do not move and do not count in the norm.
    double norm = 0;
    for (size_t a = 0; a < na; ++a) {
      if (!coverable_[a]) continue;
      if (moving(centre_mu_[a], g_mu_[a], in_.weight[a])) norm += g_mu_[a] * g_mu_[a];
    }
    for (size_t s = 0; s < pi_.size(); ++s) {
      if (moving(centre_pi_[s], g_pi_[s], max_pi_)) norm += g_pi_[s] * g_pi_[s];
    }
    if (norm == 0) {
      lambda_ = 0;  // no direction left: the centre is the dual optimum
      break;
    }
    const double gap = std::max(centre_value_ - lower, 1e-9 * std::max(1.0, centre_value_));
    const double step = lambda_ * gap / norm;
    for (size_t a = 0; a < na; ++a) {
      if (!coverable_[a]) continue;
      mu_[a] = std::clamp(centre_mu_[a] + step * g_mu_[a], 0.0, in_.weight[a]);
    }
    for (size_t s = 0; s < pi_.size(); ++s)
      pi_[s] = std::clamp(centre_pi_[s] + step * g_pi_[s], 0.0, max_pi_);
  }
  stalled_ = lambda_ <= 0;
  return best_;
}

}  // namespace truceline::plan::detail
