// The deployment solver's bookkeeping, lazy greedy and local search. Gains
// are sums of per-asset increments over a site's prefix, so a re-costing
// touches only the assets the placement covers.

#include "plan/deployment_search.hpp"

#include <algorithm>
#include <numeric>
#include <queue>

namespace truceline::plan::detail {

namespace {

constexpr double kEps = 1e-9;

// Places k at the fitting position with the largest gain; false when no
// allowed site has room.
bool PlaceBestFitting(const DeploymentInstance& in, Placement& st, int k) {
  const double scale = std::max(1.0, in.bonus);
  int best_j = -1;
  double best = -1;
  for (int j : in.by_reach[k]) {
    if (best_j >= 0 && in.reach[k][j] * scale <= best + kEps) break;
    if (!Fits(in, st, k, j)) continue;
    const double g = Gain(in, st, k, j);
    if (g > best + kEps || best_j < 0) {
      best = g;
      best_j = j;
    }
  }
  if (best_j < 0) return false;
  Place(in, st, k, best_j);
  return true;
}

// Moves each contingent to its best position given the others.
bool MovePass(const DeploymentInstance& in, Placement& st, SteadyClock::time_point deadline) {
  const double scale = std::max(1.0, in.bonus);
  bool improved = false;
  for (int k = 0; k < in.num_contingents() && SteadyClock::now() < deadline; ++k) {
    const int from = st.choice[k];
    Remove(in, st, k);
    int best_j = from;
    double best = Gain(in, st, k, from);
    const double threshold = best + kEps * std::max(1.0, st.objective);
    for (int j : in.by_reach[k]) {
      if (in.reach[k][j] * scale <= std::max(best, threshold)) break;
      if (j == from || !Fits(in, st, k, j)) continue;
      const double g = Gain(in, st, k, j);
      if (g > std::max(best, threshold)) {
        best = g;
        best_j = j;
      }
    }
    Place(in, st, k, best_j);
    improved = improved || best_j != from;
  }
  return improved;
}

// Exchanges the sites of two contingents when both may use the other's.
bool SwapPass(const DeploymentInstance& in, Placement& st, SteadyClock::time_point deadline) {
  const DeploymentProblem& p = *in.problem;
  const int nk = in.num_contingents();
  bool improved = false;
  auto position = [&](int k, int site) {
    auto it = std::lower_bound(in.allowed[k].begin(), in.allowed[k].end(), site);
    return it != in.allowed[k].end() && *it == site ? static_cast<int>(it - in.allowed[k].begin())
                                                    : -1;
  };
  for (int k1 = 0; k1 < nk && SteadyClock::now() < deadline; ++k1) {
    for (int k2 = k1 + 1; k2 < nk; ++k2) {
      const Contingent &c1 = p.contingents[k1], &c2 = p.contingents[k2];
      if (c1.troops == c2.troops && c1.radius_km == c2.radius_km) continue;
      const int s1 = in.allowed[k1][st.choice[k1]], s2 = in.allowed[k2][st.choice[k2]];
      if (s1 == s2) continue;
      const int new1 = position(k1, s2), new2 = position(k2, s1);
      if (new1 < 0 || new2 < 0) continue;
      const int old1 = st.choice[k1], old2 = st.choice[k2];
      const double before = st.objective;
      Remove(in, st, k1);
      Remove(in, st, k2);
      if (Fits(in, st, k1, new1)) {
        Place(in, st, k1, new1);
        if (Fits(in, st, k2, new2)) {
          Place(in, st, k2, new2);
          if (st.objective > before + kEps * std::max(1.0, before)) {
            improved = true;
            continue;
          }
          Remove(in, st, k2);
        }
        Remove(in, st, k1);
      }
      Place(in, st, k1, old1);
      Place(in, st, k2, old2);
    }
  }
  return improved;
}

}  // namespace

DeploymentInstance BuildDeploymentInstance(const DeploymentProblem& problem,
                                           const SiteFilter& filter, int threads) {
  DeploymentInstance in;
  in.problem = &problem;
  in.allowed = filter.allowed;
  in.bonus = problem.double_cover_bonus;
  for (const ProtectedAsset& a : problem.assets)
    in.weight.push_back(a.weight);
  in.cover = BuildCoverIndex(problem, in.allowed, threads);
  // Weight prefix sums per site, for every placement's reach at once.
  std::vector<double> prefix(in.cover.asset.size());
  for (size_t s = 0; s + 1 < in.cover.begin.size(); ++s) {
    double acc = 0;
    for (std::int64_t i = in.cover.begin[s]; i < in.cover.begin[s + 1]; ++i) {
      acc += in.weight[in.cover.asset[i]];
      prefix[i] = acc;
    }
  }
  const int nk = in.num_contingents();
  in.reach.resize(nk);
  in.by_reach.resize(nk);
  for (int k = 0; k < nk; ++k) {
    const size_t n = in.allowed[k].size();
    in.reach[k].resize(n);
    for (size_t j = 0; j < n; ++j) {
      const int len = in.cover.length[k][j];
      in.reach[k][j] = len > 0 ? prefix[in.cover.begin[in.allowed[k][j]] + len - 1] : 0.0;
    }
    in.by_reach[k].resize(n);
    std::iota(in.by_reach[k].begin(), in.by_reach[k].end(), 0);
    const std::vector<double>& r = in.reach[k];
    std::stable_sort(in.by_reach[k].begin(), in.by_reach[k].end(),
                     [&](int a, int b) { return r[a] > r[b]; });
  }
  return in;
}

Placement EmptyPlacement(const DeploymentInstance& in) {
  Placement st;
  st.choice.assign(in.num_contingents(), -1);
  st.count.assign(in.weight.size(), 0);
  st.inc = in.weight;
  st.load.assign(in.problem->sites.size(), 0);
  return st;
}

double AssetValue(const DeploymentInstance& in, int a, int count) {
  return (count >= 1 ? in.weight[a] : 0.0) + (count >= 2 ? in.bonus * in.weight[a] : 0.0);
}

void Place(const DeploymentInstance& in, Placement& st, int k, int j) {
  st.choice[k] = j;
  st.load[in.allowed[k][j]] += in.problem->contingents[k].troops;
  for (int a : in.Covers(k, j)) {
    st.objective += st.inc[a];
    ++st.count[a];
    st.inc[a] = AssetValue(in, a, st.count[a] + 1) - AssetValue(in, a, st.count[a]);
  }
}

void Remove(const DeploymentInstance& in, Placement& st, int k) {
  const int j = st.choice[k];
  st.choice[k] = -1;
  st.load[in.allowed[k][j]] -= in.problem->contingents[k].troops;
  for (int a : in.Covers(k, j)) {
    --st.count[a];
    st.inc[a] = AssetValue(in, a, st.count[a] + 1) - AssetValue(in, a, st.count[a]);
    st.objective -= st.inc[a];
  }
}

bool Fits(const DeploymentInstance& in, const Placement& st, int k, int j) {
  const int s = in.allowed[k][j];
  return st.load[s] + in.problem->contingents[k].troops <= in.problem->sites[s].capacity_troops;
}

double Gain(const DeploymentInstance& in, const Placement& st, int k, int j) {
  double g = 0;
  for (int a : in.Covers(k, j))
    g += st.inc[a];
  return g;
}

std::vector<int> SitesOf(const DeploymentInstance& in, const std::vector<int>& choice) {
  std::vector<int> site_of(choice.size(), -1);
  for (size_t k = 0; k < choice.size(); ++k) {
    if (choice[k] >= 0) site_of[k] = in.allowed[k][choice[k]];
  }
  return site_of;
}

std::optional<Placement> LazyGreedy(const DeploymentInstance& in) {
  struct Entry {
    double gain;
    int k, j;
    bool operator<(const Entry& o) const {
      return gain < o.gain || (gain == o.gain && (k > o.k || (k == o.k && j > o.j)));
    }
  };
  const int nk = in.num_contingents();
  const double scale = std::max(1.0, in.bonus);
  std::vector<Entry> entries;
  for (int k = 0; k < nk; ++k) {
    for (size_t j = 0; j < in.allowed[k].size(); ++j)
      entries.push_back({in.reach[k][j] * scale, k, static_cast<int>(j)});
  }
  std::priority_queue<Entry> heap(std::less<Entry>(), std::move(entries));
  Placement st = EmptyPlacement(in);
  int placed = 0;
  while (placed < nk && !heap.empty()) {
    Entry top = heap.top();
    heap.pop();
    if (st.choice[top.k] >= 0 || !Fits(in, st, top.k, top.j)) continue;
    top.gain = Gain(in, st, top.k, top.j);
    if (heap.empty() || top.gain >= heap.top().gain - kEps) {
      Place(in, st, top.k, top.j);
      ++placed;
    } else {
      heap.push(top);
    }
  }
  for (int k = 0; k < nk; ++k) {
    if (st.choice[k] < 0 && !PlaceBestFitting(in, st, k)) return std::nullopt;
  }
  return st;
}

bool LocalSearch(const DeploymentInstance& in, Placement& st, SteadyClock::time_point deadline) {
  const double start = st.objective;
  while (SteadyClock::now() < deadline) {
    const bool moved = MovePass(in, st, deadline);
    const bool swapped = SwapPass(in, st, deadline);
    if (!moved && !swapped) break;
  }
  return st.objective > start + kEps * std::max(1.0, start);
}

std::optional<Placement> RepairWishes(const DeploymentInstance& in, const std::vector<int>& wish) {
  const int nk = in.num_contingents();
  Placement st = EmptyPlacement(in);
  std::vector<int> order(nk);
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> gain(nk);
  for (int k = 0; k < nk; ++k)
    gain[k] = wish[k] >= 0 ? in.reach[k][wish[k]] : 0;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return gain[a] > gain[b]; });
  for (int k : order) {
    if (wish[k] >= 0 && Fits(in, st, k, wish[k])) Place(in, st, k, wish[k]);
  }
  for (int k : order) {
    if (st.choice[k] < 0 && !PlaceBestFitting(in, st, k)) return std::nullopt;
  }
  return st;
}

Placement Kick(const DeploymentInstance& in, const Placement& from, int count, int breadth,
               std::mt19937& rng) {
  Placement st = from;
  const int nk = in.num_contingents();
  std::vector<int> fitting;
  for (int i = 0; i < count && nk > 0; ++i) {
    const int k = static_cast<int>(rng() % static_cast<unsigned>(nk));
    const int j0 = st.choice[k];
    Remove(in, st, k);
    fitting.clear();
    const int n = std::min(breadth, static_cast<int>(in.by_reach[k].size()));
    for (int r = 0; r < n; ++r) {
      const int j = in.by_reach[k][r];
      if (j != j0 && Fits(in, st, k, j)) fitting.push_back(j);
    }
    Place(in, st, k, fitting.empty() ? j0 : fitting[rng() % static_cast<unsigned>(fitting.size())]);
  }
  return st;
}

}  // namespace truceline::plan::detail
