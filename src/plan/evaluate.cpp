// The model's validation and the independent evaluator. The evaluator is
// deliberately separate from the solvers: it trusts nothing they computed
// but the plan itself, since CBC is known to return wrong answers on rare
// models.

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "plan/location.hpp"

namespace truceline::plan {

using core::ErrorCode;
using core::Status;

bool LocationModel::capacitated() const {
  return std::any_of(capacity.begin(), capacity.end(), [](double c) { return c != kUnlimited; });
}

Status ValidateModel(const LocationModel& model) {
  const int m = model.num_sites();
  const int n = model.num_clients();
  if (static_cast<int>(model.capacity.size()) != m) {
    return {ErrorCode::kInvalidArgument, "model: capacity has the wrong size"};
  }
  if (static_cast<int>(model.arcs.size()) != n ||
      static_cast<int>(model.unserved_cost.size()) != n) {
    return {ErrorCode::kInvalidArgument, "model: arcs or unserved_cost have the wrong size"};
  }
  if (m == 0) return {ErrorCode::kInvalidArgument, "model: no sites"};
  for (int j = 0; j < m; ++j) {
    if (!(model.fixed_cost[j] >= 0.0) || !std::isfinite(model.fixed_cost[j])) {
      return {ErrorCode::kInvalidArgument, fmt::format("model: site {}: bad fixed cost", j)};
    }
    if (!(model.capacity[j] > 0.0)) {
      return {ErrorCode::kInvalidArgument, fmt::format("model: site {}: capacity <= 0", j)};
    }
  }
  for (int i = 0; i < n; ++i) {
    if (!(model.demand[i] >= 0.0) || !std::isfinite(model.demand[i])) {
      return {ErrorCode::kInvalidArgument, fmt::format("model: client {}: demand < 0", i)};
    }
    std::vector<int> sites;
    for (const Arc& arc : model.arcs[i]) {
      if (arc.site < 0 || arc.site >= m || !std::isfinite(arc.cost)) {
        return {ErrorCode::kInvalidArgument, fmt::format("model: client {}: bad arc", i)};
      }
      sites.push_back(arc.site);
    }
    std::sort(sites.begin(), sites.end());
    if (std::adjacent_find(sites.begin(), sites.end()) != sites.end()) {
      return {ErrorCode::kInvalidArgument, fmt::format("model: client {}: repeated site", i)};
    }
  }
  if (model.open_exactly && (*model.open_exactly < 1 || *model.open_exactly > m)) {
    return {ErrorCode::kInvalidArgument,
            fmt::format("model: p = {} is not within 1..{}", *model.open_exactly, m)};
  }
  return Status::Ok();
}

namespace {

Status Violation(std::string what) {
  return {ErrorCode::kInternal, "plan rejected by the evaluator: " + std::move(what)};
}

}  // namespace

core::Result<double> EvaluatePlan(const LocationModel& model, const Plan& plan) {
  constexpr double kTol = 1e-6;
  const int m = model.num_sites();
  const int n = model.num_clients();
  std::vector<char> open(m, 0);
  for (int j : plan.open_sites) {
    if (j < 0 || j >= m) return Violation(fmt::format("unknown site {}", j));
    if (open[j]) return Violation(fmt::format("site {} opened twice", j));
    open[j] = 1;
  }
  const int count = static_cast<int>(plan.open_sites.size());
  if (model.open_exactly && count != *model.open_exactly) {
    return Violation(fmt::format("{} sites open, {} required", count, *model.open_exactly));
  }
  long double total = 0.0L;
  for (int j : plan.open_sites)
    total += model.fixed_cost[j];

  if (plan.flows.empty() && !model.capacitated()) {
    // Each client takes its cheapest open arc, or stays unserved if cheaper.
    for (int i = 0; i < n; ++i) {
      double best = model.unserved_cost[i];
      for (const Arc& arc : model.arcs[i]) {
        if (open[arc.site]) best = std::min(best, arc.cost);
      }
      if (best == kUnlimited) return Violation(fmt::format("client {} cannot be served", i));
      total += best;
    }
    return static_cast<double>(total);
  }

  std::vector<std::unordered_map<int, double>> cost_of(n);
  for (int i = 0; i < n; ++i) {
    for (const Arc& arc : model.arcs[i])
      cost_of[i][arc.site] = arc.cost;
  }
  std::vector<long double> served(n, 0.0L);
  std::vector<long double> load(m, 0.0L);
  for (const Flow& f : plan.flows) {
    if (f.client < 0 || f.client >= n || f.site < 0 || f.site >= m) {
      return Violation(fmt::format("flow {}->{} out of range", f.client, f.site));
    }
    if (!(f.fraction >= -kTol) || f.fraction > 1.0 + kTol) {
      return Violation(fmt::format("flow {}->{}: fraction {}", f.client, f.site, f.fraction));
    }
    if (!open[f.site]) {
      return Violation(fmt::format("client {} served by closed site {}", f.client, f.site));
    }
    auto it = cost_of[f.client].find(f.site);
    if (it == cost_of[f.client].end()) {
      return Violation(fmt::format("client {} has no arc to site {}", f.client, f.site));
    }
    served[f.client] += f.fraction;
    load[f.site] += f.fraction * model.demand[f.client];
    total += static_cast<long double>(f.fraction) * it->second;
  }
  for (int i = 0; i < n; ++i) {
    if (served[i] > 1.0L + kTol) return Violation(fmt::format("client {} over-served", i));
    long double unserved = std::max(0.0L, 1.0L - served[i]);
    if (unserved > kTol) {
      if (model.unserved_cost[i] == kUnlimited) {
        return Violation(fmt::format("client {} is not fully served", i));
      }
      total += unserved * model.unserved_cost[i];
    }
  }
  for (int j = 0; j < m; ++j) {
    if (load[j] > model.capacity[j] * (1.0 + kTol) + kTol) {
      return Violation(fmt::format("site {} serves {} over its capacity {}", j,
                                   static_cast<double>(load[j]), model.capacity[j]));
    }
  }
  return static_cast<double>(total);
}

}  // namespace truceline::plan
