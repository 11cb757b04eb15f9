// The solve pipeline: heuristic, then CBC on a strong formulation, then the
// evaluator. Uncapacitated models (p-median, covering) use the radius
// formulation of Elloumi (2010) in its chained form: per client, one
// variable z_ik per distinct cost level ("not served within level k"), so
// the model has one row per (client, level) and each arc appears once.
// Levels are truncated at the heuristic's level of each client and extended
// where CBC's solution needs more; a truncated model is a relaxation, so
// its bound is always valid. Capacitated models use the strong (x_ij <= y_j)
// formulation with the aggregate capacity row.

#include "plan/solve.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "plan/heuristic.hpp"
#include "plan/mip.hpp"

namespace truceline::plan {
namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using detail::Clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double SecondsUntil(Clock::time_point deadline) {
  return std::max(0.0, std::chrono::duration<double>(deadline - Clock::now()).count());
}

// A lower bound that needs no solver: every client at its cheapest option.
double TrivialBound(const LocationModel& model) {
  double bound = 0.0;
  for (int i = 0; i < model.num_clients(); ++i) {
    double best = model.unserved_cost[i];
    for (const Arc& arc : model.arcs[i])
      best = std::min(best, arc.cost);
    bound += best;
  }
  return bound;
}

bool IntegralCosts(const LocationModel& model) {
  auto integral = [](double v) { return v == std::floor(v); };
  for (int j = 0; j < model.num_sites(); ++j) {
    if (!integral(model.fixed_cost[j])) return false;
  }
  for (int i = 0; i < model.num_clients(); ++i) {
    if (model.unserved_cost[i] != kUnlimited && !integral(model.unserved_cost[i])) return false;
    for (const Arc& arc : model.arcs[i]) {
      if (!integral(arc.cost)) return false;
    }
  }
  return true;
}

// The best plan so far, always evaluated.
struct Incumbent {
  Plan plan;
  double cost = kUnlimited;

  // Offers a plan: evaluated independently, kept if better. A plan the
  // evaluator rejects is an error (a solver bug or a wrong CBC answer).
  Status Offer(const LocationModel& model, Plan candidate) {
    auto cost_or = EvaluatePlan(model, candidate);
    if (!cost_or.ok()) return cost_or.status();
    if (*cost_or < cost) {
      cost = *cost_or;
      plan = std::move(candidate);
    }
    return Status::Ok();
  }
};

std::vector<int> OpenSitesOf(const std::vector<double>& values, const std::vector<int>& y_col) {
  std::vector<int> open;
  for (size_t j = 0; j < y_col.size(); ++j) {
    if (values[y_col[j]] > 0.5) open.push_back(static_cast<int>(j));
  }
  return open;
}

// Per client, the distinct arc costs below its unserved cost, ascending, and
// the sites at each level.
struct Levels {
  std::vector<double> cost;             // D_1 < D_2 < ... < D_K
  std::vector<std::vector<int>> sites;  // per level
};

std::vector<Levels> BuildLevels(const LocationModel& model) {
  std::vector<Levels> levels(model.num_clients());
  std::vector<Arc> arcs;
  for (int i = 0; i < model.num_clients(); ++i) {
    arcs.clear();
    for (const Arc& arc : model.arcs[i]) {
      if (arc.cost < model.unserved_cost[i]) arcs.push_back(arc);
    }
    std::sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) { return a.cost < b.cost; });
    Levels& l = levels[i];
    for (const Arc& arc : arcs) {
      if (l.cost.empty() || arc.cost > l.cost.back()) {
        l.cost.push_back(arc.cost);
        l.sites.emplace_back();
      }
      l.sites.back().push_back(arc.site);
    }
  }
  return levels;
}

// The 1-based level at which `open` serves client i (K+1 = unserved).
int LevelServed(const Levels& l, const LocationModel& model, int i,
                const std::vector<char>& is_open) {
  double best = model.unserved_cost[i];
  for (const Arc& arc : model.arcs[i]) {
    if (is_open[arc.site]) best = std::min(best, arc.cost);
  }
  auto it = std::lower_bound(l.cost.begin(), l.cost.end(), best);
  return static_cast<int>(it - l.cost.begin()) + 1;
}

struct Bound {
  double value = -kUnlimited;
  bool proven = false;  // CBC finished its search
};

Result<Bound> SolveRadius(const LocationModel& model, const SolveOptions& options,
                          Clock::time_point deadline, Incumbent& incumbent) {
  const int n = model.num_clients();
  const int m = model.num_sites();
  const std::vector<Levels> levels = BuildLevels(model);
  for (int i = 0; i < n; ++i) {
    if (levels[i].cost.empty() && model.unserved_cost[i] == kUnlimited) {
      return Status(ErrorCode::kInvalidRecord,
                    "no feasible plan: client " + std::to_string(i) + " has no site to serve it");
    }
  }
  // Truncation: rows for levels 1..depth[i]; start one past the heuristic's.
  std::vector<int> depth(n);
  {
    std::vector<char> is_open(m, 0);
    for (int j : incumbent.plan.open_sites)
      is_open[j] = 1;
    for (int i = 0; i < n; ++i) {
      int k = static_cast<int>(levels[i].cost.size());
      depth[i] = std::min(k, LevelServed(levels[i], model, i, is_open));
    }
  }
  Bound result;
  while (SecondsUntil(deadline) > 0.05) {
    detail::Mip mip;
    std::vector<int> y(m);
    for (int j = 0; j < m; ++j)
      y[j] = mip.AddColumn(0.0, 1.0, model.fixed_cost[j], true);
    double constant = 0.0;
    std::vector<int> cols;
    std::vector<double> coefs;
    for (int i = 0; i < n; ++i) {
      const Levels& l = levels[i];
      const int k_max = static_cast<int>(l.cost.size());
      if (k_max == 0) {
        constant += model.unserved_cost[i];
        continue;
      }
      constant += l.cost[0];
      int previous = -1;
      for (int k = 1; k <= depth[i]; ++k) {
        double next = k < k_max ? l.cost[k] : model.unserved_cost[i];
        // z_ik: client i is not served within level k.
        int z = next == kUnlimited ? mip.AddColumn(0.0, 0.0, 0.0, false)
                                   : mip.AddColumn(0.0, 1.0, next - l.cost[k - 1], false);
        cols.assign({z});
        coefs.assign({1.0});
        if (previous >= 0) {
          cols.push_back(previous);
          coefs.push_back(-1.0);
        }
        for (int j : l.sites[k - 1]) {
          cols.push_back(y[j]);
          coefs.push_back(1.0);
        }
        mip.AddRow(cols, coefs, previous >= 0 ? 0.0 : 1.0, kUnlimited);
        previous = z;
      }
    }
    if (model.open_exactly) {
      cols = y;
      coefs.assign(m, 1.0);
      mip.AddRow(cols, coefs, *model.open_exactly, *model.open_exactly);
    }
    std::vector<std::pair<int, double>> start;
    for (int j : incumbent.plan.open_sites)
      start.push_back({y[j], 1.0});
    detail::Mip::Settings settings{SecondsUntil(deadline), options.threads, options.log_level};
    detail::MipOutcome out = mip.Solve(settings, start);
    if (out.proven_infeasible && !out.has_solution) break;  // CBC disagrees with a feasible plan
    result.value = std::max(result.value, out.bound + constant);
    if (!out.has_solution) break;
    Plan candidate{OpenSitesOf(out.values, y), {}};
    TRUCELINE_RETURN_IF_ERROR(incumbent.Offer(model, candidate));
    if (!out.proven_optimal) break;
    // Extend the levels the solution reaches beyond its truncation.
    std::vector<char> is_open(m, 0);
    for (int j : candidate.open_sites)
      is_open[j] = 1;
    bool extended = false;
    for (int i = 0; i < n; ++i) {
      int k_max = static_cast<int>(levels[i].cost.size());
      int level = std::min(k_max, LevelServed(levels[i], model, i, is_open));
      if (level > depth[i]) {
        depth[i] = level;
        extended = true;
      }
    }
    if (!extended) {
      result.proven = true;
      break;
    }
  }
  return result;
}

Result<Bound> SolveStrong(const LocationModel& model, const SolveOptions& options,
                          Clock::time_point deadline, Incumbent& incumbent, bool textbook) {
  const int n = model.num_clients();
  const int m = model.num_sites();
  detail::Mip mip;
  std::vector<int> y(m);
  for (int j = 0; j < m; ++j)
    y[j] = mip.AddColumn(0.0, 1.0, model.fixed_cost[j], true);
  struct Column {
    int client, site, col;
  };
  std::vector<Column> x;
  std::vector<std::vector<std::pair<int, double>>> by_site(m);  // (col, demand)
  double mandatory = 0.0;
  std::vector<int> cols;
  std::vector<double> coefs;
  for (int i = 0; i < n; ++i) {
    cols.clear();
    coefs.clear();
    for (const Arc& arc : model.arcs[i]) {
      if (!textbook && arc.cost >= model.unserved_cost[i]) continue;
      int c = mip.AddColumn(0.0, 1.0, arc.cost, false);
      x.push_back({i, arc.site, c});
      by_site[arc.site].push_back({c, model.demand[i]});
      cols.push_back(c);
      coefs.push_back(1.0);
    }
    if (model.unserved_cost[i] != kUnlimited) {
      cols.push_back(mip.AddColumn(0.0, 1.0, model.unserved_cost[i], false));
      coefs.push_back(1.0);
    } else {
      mandatory += model.demand[i];
      if (cols.empty()) {
        return Status(ErrorCode::kInvalidRecord,
                      "no feasible plan: client " + std::to_string(i) + " has no site to serve it");
      }
    }
    mip.AddRow(cols, coefs, 1.0, 1.0);
  }
  for (const Column& c : x)
    mip.AddRow({c.col, y[c.site]}, {1.0, -1.0}, -kUnlimited, 0.0);
  bool all_capacitated = true;
  for (int j = 0; j < m; ++j) {
    if (model.capacity[j] == kUnlimited) {
      all_capacitated = false;
      continue;
    }
    cols.clear();
    coefs.clear();
    for (auto [c, d] : by_site[j]) {
      cols.push_back(c);
      coefs.push_back(d);
    }
    cols.push_back(y[j]);
    coefs.push_back(-model.capacity[j]);
    mip.AddRow(cols, coefs, -kUnlimited, 0.0);
  }
  if (!textbook && all_capacitated) {
    coefs.clear();
    for (int j = 0; j < m; ++j)
      coefs.push_back(model.capacity[j]);
    mip.AddRow(y, coefs, mandatory, kUnlimited);
  }
  if (model.open_exactly) {
    mip.AddRow(y, std::vector<double>(m, 1.0), *model.open_exactly, *model.open_exactly);
  }
  std::vector<std::pair<int, double>> start;
  if (!textbook) {
    for (int j : incumbent.plan.open_sites)
      start.push_back({y[j], 1.0});
  }
  detail::Mip::Settings settings{SecondsUntil(deadline), options.threads, options.log_level};
  detail::MipOutcome out = mip.Solve(settings, start);
  Bound result;
  if (out.proven_infeasible && !out.has_solution) {
    if (textbook && incumbent.cost == kUnlimited) {
      return Status(ErrorCode::kInvalidRecord, "no feasible plan (CBC: infeasible)");
    }
    return result;
  }
  result.value = out.bound;
  if (out.has_solution) {
    Plan candidate{OpenSitesOf(out.values, y), {}};
    std::vector<char> is_open(m, 0);
    for (int j : candidate.open_sites)
      is_open[j] = 1;
    for (const Column& c : x) {
      double v = std::clamp(out.values[c.col], 0.0, 1.0);
      if (v > 1e-9 && is_open[c.site]) candidate.flows.push_back({c.client, c.site, v});
    }
    TRUCELINE_RETURN_IF_ERROR(incumbent.Offer(model, std::move(candidate)));
  }
  result.proven = out.proven_optimal;
  return result;
}

SolveReport Finish(const LocationModel& model, const Incumbent& incumbent, double bound,
                   Clock::time_point start) {
  SolveReport report;
  report.plan = incumbent.plan;
  // A bound above an evaluated plan's cost is wrong (CBC's, not ours): fall
  // back to the trivial bound rather than claim optimality.
  if (bound > incumbent.cost + 1e-6 * std::max(1.0, std::abs(incumbent.cost))) {
    bound = TrivialBound(model);
  }
  if (IntegralCosts(model)) bound = std::ceil(bound - 1e-6);
  bound = std::min(bound, incumbent.cost);
  report.objective = model.Reported(incumbent.cost);
  report.bound = model.Reported(bound);
  report.gap = std::abs(incumbent.cost - bound) / std::max(1.0, std::abs(incumbent.cost));
  report.proven_optimal = report.gap <= 1e-9;
  report.seconds = SecondsSince(start);
  return report;
}

}  // namespace

Result<SolveReport> Solve(const LocationModel& model, const SolveOptions& options) {
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(std::max(0.0, options.time_limit_s)));
  TRUCELINE_RETURN_IF_ERROR(ValidateModel(model));
  Incumbent incumbent;
  const auto heuristic_deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(std::max(0.0, options.time_limit_s) * 0.25));
  std::vector<int> open = detail::UncapacitatedLocalSearch(model, heuristic_deadline);
  if (model.capacitated()) {
    auto plan = detail::CapacitatedPlan(model, open);
    if (!plan) {
      std::vector<int> all(model.num_sites());
      std::iota(all.begin(), all.end(), 0);
      if (!model.open_exactly) plan = detail::CapacitatedPlan(model, all);
    }
    if (plan) TRUCELINE_RETURN_IF_ERROR(incumbent.Offer(model, std::move(*plan)));
  } else {
    TRUCELINE_RETURN_IF_ERROR(incumbent.Offer(model, Plan{open, {}}));
  }
  const double heuristic_cost = incumbent.cost;
  const double heuristic_seconds = SecondsSince(start);
  Bound bound{TrivialBound(model), false};
  if (!options.heuristic_only) {
    auto solved = model.capacitated() ? SolveStrong(model, options, deadline, incumbent, false)
                                      : SolveRadius(model, options, deadline, incumbent);
    if (!solved.ok()) return solved.status();
    bound.value = std::max(bound.value, solved->value);
  }
  if (incumbent.cost == kUnlimited) {
    return Status(ErrorCode::kInvalidRecord, "no feasible plan found within the time limit");
  }
  SolveReport report = Finish(model, incumbent, bound.value, start);
  report.heuristic_objective = model.Reported(heuristic_cost);
  report.heuristic_seconds = heuristic_seconds;
  return report;
}

Result<SolveReport> SolveTextbook(const LocationModel& model, const SolveOptions& options) {
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(std::max(0.0, options.time_limit_s)));
  TRUCELINE_RETURN_IF_ERROR(ValidateModel(model));
  Incumbent incumbent;
  auto solved = SolveStrong(model, options, deadline, incumbent, true);
  if (!solved.ok()) return solved.status();
  if (incumbent.cost == kUnlimited) {
    return Status(ErrorCode::kInvalidRecord, "no plan found within the time limit");
  }
  SolveReport report =
      Finish(model, incumbent, std::max(TrivialBound(model), solved->value), start);
  report.heuristic_objective = report.objective;
  return report;
}

}  // namespace truceline::plan
