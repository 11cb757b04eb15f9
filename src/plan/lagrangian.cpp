#include "plan/lagrangian.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace truceline::plan::detail {

// Enough for the bound to settle within a few tenths of a percent on the
// OR-Library instances; more rarely pays for its O(arcs) per iteration.
constexpr int kMaxIterations = 600;

LagrangianResult LagrangianBound(const LocationModel& model, double upper,
                                 Clock::time_point deadline) {
  const int n = model.num_clients();
  const int m = model.num_sites();
  // Arcs by site: (client, cost).
  std::vector<std::vector<std::pair<int, double>>> by_site(m);
  std::vector<double> lambda(n, 0.0);
  double mandatory = 0.0;
  bool all_capacitated = true;
  for (int j = 0; j < m; ++j)
    all_capacitated = all_capacitated && model.capacity[j] != kUnlimited;
  for (int i = 0; i < n; ++i) {
    double cheapest = model.unserved_cost[i];
    for (const Arc& arc : model.arcs[i]) {
      if (arc.cost >= model.unserved_cost[i]) continue;
      by_site[arc.site].push_back({i, arc.cost});
      cheapest = std::min(cheapest, arc.cost);
    }
    lambda[i] = cheapest == kUnlimited ? 0.0 : cheapest;
    if (model.unserved_cost[i] == kUnlimited) mandatory += model.demand[i];
  }
  double best = -kUnlimited;
  std::vector<double> best_value, best_y;
  double theta = 2.0;
  int since_improvement = 0;
  std::vector<double> value(m), y(m), served(n);
  std::vector<std::vector<std::pair<int, double>>> take(m);  // (client, fraction)
  struct Candidate {
    double ratio;
    int client;
    double cost;
  };
  std::vector<Candidate> candidates;
  std::vector<int> order(m);
  for (int iteration = 0; iteration < kMaxIterations && Clock::now() < deadline; ++iteration) {
    double bound = 0.0;
    std::fill(served.begin(), served.end(), 0.0);
    for (int i = 0; i < n; ++i) {
      bound += lambda[i];
      if (model.unserved_cost[i] != kUnlimited && model.unserved_cost[i] < lambda[i]) {
        bound += model.unserved_cost[i] - lambda[i];
        served[i] += 1.0;
      }
    }
    for (int j = 0; j < m; ++j) {
      if (model.capacity[j] == kUnlimited) {
        // No capacity: the site serves every client it serves at a profit.
        double v = model.fixed_cost[j];
        take[j].clear();
        for (auto [i, c] : by_site[j]) {
          if (c < lambda[i]) {
            v += c - lambda[i];
            take[j].push_back({i, 1.0});
          }
        }
        value[j] = v;
        continue;
      }
      candidates.clear();
      for (auto [i, c] : by_site[j]) {
        double reduced = c - lambda[i];
        if (reduced < 0) {
          candidates.push_back(
              {model.demand[i] > 0 ? reduced / model.demand[i] : -kUnlimited, i, c});
        }
      }
      std::sort(candidates.begin(), candidates.end(),
                [](const Candidate& a, const Candidate& b) { return a.ratio < b.ratio; });
      double room = model.capacity[j];
      double v = model.fixed_cost[j];
      take[j].clear();
      for (const auto& [ratio, i, c] : candidates) {
        if (room <= 0.0) break;
        double d = model.demand[i];
        double fraction = d > 0 ? std::min(1.0, room / d) : 1.0;
        room -= fraction * d;
        v += fraction * (c - lambda[i]);
        take[j].push_back({i, fraction});
      }
      value[j] = v;
    }
    // Choose the sites: the LP of min sum v_j y_j with the aggregate
    // capacity row, or the p cheapest.
    std::fill(y.begin(), y.end(), 0.0);
    std::iota(order.begin(), order.end(), 0);
    if (model.open_exactly) {
      std::sort(order.begin(), order.end(), [&](int a, int b) { return value[a] < value[b]; });
      for (int k = 0; k < *model.open_exactly; ++k)
        y[order[k]] = 1.0;
    } else {
      double capacity = 0.0;
      for (int j = 0; j < m; ++j) {
        if (value[j] < 0) {
          y[j] = 1.0;
          capacity += model.capacity[j];
        }
      }
      if (all_capacitated && capacity < mandatory) {
        std::sort(order.begin(), order.end(), [&](int a, int b) {
          return value[a] / model.capacity[a] < value[b] / model.capacity[b];
        });
        for (int j : order) {
          if (y[j] > 0 || capacity >= mandatory) continue;
          y[j] = std::min(1.0, (mandatory - capacity) / model.capacity[j]);
          capacity += y[j] * model.capacity[j];
        }
      }
    }
    for (int j = 0; j < m; ++j) {
      if (y[j] <= 0) continue;
      bound += y[j] * value[j];
      for (auto [i, fraction] : take[j])
        served[i] += y[j] * fraction;
    }
    if (best == -kUnlimited || bound > best + 1e-9 * std::abs(best)) {
      best = bound;
      best_value = value;
      best_y = y;
      since_improvement = 0;
    } else if (++since_improvement >= 20) {
      theta /= 2;
      since_improvement = 0;
      if (theta < 1e-4) break;
    }
    double norm = 0.0;
    for (int i = 0; i < n; ++i)
      norm += (1.0 - served[i]) * (1.0 - served[i]);
    if (norm < 1e-12) break;
    double step = theta * std::max(upper - bound, 1e-6 * std::abs(upper)) / norm;
    for (int i = 0; i < n; ++i)
      lambda[i] += step * (1.0 - served[i]);
  }
  LagrangianResult result;
  result.bound = best;
  if (best == -kUnlimited || model.capacitated()) return result;
  // Flipping one site's choice at the best multipliers: with p, it trades
  // places with the most expensive chosen (or cheapest unchosen) site.
  result.if_open.assign(m, best);
  result.if_closed.assign(m, best);
  double worst_in = -kUnlimited, best_out = kUnlimited;
  for (int j = 0; j < m; ++j) {
    if (best_y[j] > 0.5) {
      worst_in = std::max(worst_in, best_value[j]);
    } else {
      best_out = std::min(best_out, best_value[j]);
    }
  }
  for (int j = 0; j < m; ++j) {
    const bool chosen = best_y[j] > 0.5;
    if (model.open_exactly) {
      if (chosen) {
        result.if_closed[j] = best_out == kUnlimited ? kUnlimited : best - best_value[j] + best_out;
      } else {
        result.if_open[j] = best - worst_in + best_value[j];
      }
    } else if (chosen) {
      result.if_closed[j] = best - best_value[j];
    } else {
      result.if_open[j] = best + best_value[j];
    }
  }
  return result;
}

}  // namespace truceline::plan::detail
