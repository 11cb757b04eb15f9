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
#include "plan/lagrangian.hpp"
#include "plan/mip.hpp"

namespace truceline::plan {
namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using detail::Clock;

// Above this many arcs a capacitated model is not given to CBC whole: its
// LP alone takes ~20 s at 100 sites x 1000 clients (OR-Library capa) on
// the benchmark machine; the bound comes from Lagrangian relaxation.
constexpr size_t kLargeCapacitated = 20'000;

size_t NumArcs(const LocationModel& model) {
  size_t count = 0;
  for (const auto& arcs : model.arcs)
    count += arcs.size();
  return count;
}

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
  bool capped = false;                  // the last level holds a site fixed open
};

// Site states for a reduced model: free, or fixed closed or open.
enum class Fix : char { kFree, kClosed, kOpen };

std::vector<Levels> BuildLevels(const LocationModel& model, const std::vector<Fix>& fix) {
  std::vector<Levels> levels(model.num_clients());
  std::vector<Arc> arcs;
  for (int i = 0; i < model.num_clients(); ++i) {
    arcs.clear();
    for (const Arc& arc : model.arcs[i]) {
      if (arc.cost < model.unserved_cost[i] && fix[arc.site] != Fix::kClosed) arcs.push_back(arc);
    }
    std::sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) { return a.cost < b.cost; });
    Levels& l = levels[i];
    for (const Arc& arc : arcs) {
      if (l.capped && arc.cost > l.cost.back()) break;
      if (fix[arc.site] == Fix::kOpen) l.capped = true;
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

// Solves the radius formulation with sites fixed as `fix` says; a plan the
// fixing excludes costs at least `excluded_at_least`, so the bound returned
// is min(CBC's bound, excluded_at_least).
Result<Bound> SolveRadius(const LocationModel& model, const SolveOptions& options,
                          Clock::time_point deadline, Incumbent& incumbent,
                          const std::vector<Fix>& fix, double excluded_at_least) {
  const int n = model.num_clients();
  const int m = model.num_sites();
  const std::vector<Levels> levels = BuildLevels(model, fix);
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
  // First deepen on the LP relaxation (cheap) until its optimum is exact for
  // the full model, then solve the MIP (deepening again if its answer
  // reaches past the truncation).
  const auto lp_deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(SecondsUntil(deadline) * 0.4));
  bool lp_phase = true;
  int lp_rounds = 0;
  while (SecondsUntil(deadline) > 0.05) {
    detail::Mip mip;
    std::vector<int> y(m);
    for (int j = 0; j < m; ++j) {
      double lower = fix[j] == Fix::kOpen ? 1.0 : 0.0;
      double upper = fix[j] == Fix::kClosed ? 0.0 : 1.0;
      y[j] = mip.AddColumn(lower, upper, model.fixed_cost[j], true);
    }
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
        double next = k < k_max ? l.cost[k] : l.capped ? kUnlimited : model.unserved_cost[i];
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
    if (lp_phase) {
      detail::Mip::Settings lp_settings{SecondsUntil(lp_deadline), options.threads,
                                        options.log_level, /*relax=*/true};
      detail::MipOutcome lp = mip.Solve(lp_settings, {});
      bool deepened = false;
      if (lp.has_solution) {
        result.value = std::max(result.value, std::min(lp.objective + constant, excluded_at_least));
        for (int i = 0; i < n; ++i) {
          const Levels& l = levels[i];
          const int k_max = static_cast<int>(l.cost.size());
          double covered = 0.0;
          int level = k_max;
          for (int k = 1; k <= k_max; ++k) {
            for (int j : l.sites[k - 1])
              covered += lp.values[y[j]];
            if (covered >= 1.0 - 1e-6) {
              level = k;
              break;
            }
          }
          if (level > depth[i]) {
            depth[i] = level;
            deepened = true;
          }
        }
      }
      if (deepened && ++lp_rounds < 60 && SecondsUntil(lp_deadline) > 0.05) continue;
      lp_phase = false;
      if (deepened) continue;
    }
    std::vector<std::pair<int, double>> start;
    for (int j : incumbent.plan.open_sites)
      start.push_back({y[j], 1.0});
    for (int j = 0; j < m; ++j) {
      bool in =
          std::binary_search(incumbent.plan.open_sites.begin(), incumbent.plan.open_sites.end(), j);
      if ((fix[j] == Fix::kOpen && !in) || (fix[j] == Fix::kClosed && in)) start.clear();
    }
    detail::Mip::Settings settings{SecondsUntil(deadline), options.threads, options.log_level};
    detail::MipOutcome out = mip.Solve(settings, start);
    if (out.proven_infeasible && !out.has_solution) {
      // Nothing within the fixing: every plan costs at least the threshold.
      if (excluded_at_least < incumbent.cost) break;
      result.value = std::max(result.value, excluded_at_least);
      result.proven = true;
      break;
    }
    result.value = std::max(result.value, std::min(out.bound + constant, excluded_at_least));
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

// The strong formulation: y_j binary, x_ij in [0, 1] the fraction of client
// i served by j, assignment rows, capacity rows, x_ij <= y_j links, the
// aggregate capacity row and the site count. `textbook` omits the aggregate
// row (the plain formulation of the benchmark's peer).
class StrongModel {
 public:
  StrongModel(const LocationModel& model, bool textbook) : model_(model), textbook_(textbook) {
    for (int i = 0; i < model.num_clients(); ++i) {
      for (const Arc& arc : model.arcs[i]) {
        if (!textbook && arc.cost >= model.unserved_cost[i]) continue;
        x_.push_back({i, arc.site});
      }
    }
  }

  int num_x() const { return static_cast<int>(x_.size()); }
  int client(int k) const { return x_[k].first; }
  int site(int k) const { return x_[k].second; }
  int x_column(int k) const { return model_.num_sites() + k; }

  // Builds the MIP (columns: y_j = j, x_k = num_sites + k, then unserved).
  Result<detail::Mip> Build() const {
    const int n = model_.num_clients();
    const int m = model_.num_sites();
    detail::Mip mip;
    for (int j = 0; j < m; ++j)
      mip.AddColumn(0.0, 1.0, model_.fixed_cost[j], true);
    std::vector<std::vector<int>> of_client(n);
    std::vector<std::vector<std::pair<int, double>>> of_site(m);
    for (int k = 0; k < num_x(); ++k) {
      int i = client(k), j = site(k);
      double cost = 0.0;
      for (const Arc& arc : model_.arcs[i]) {
        if (arc.site == j) cost = arc.cost;
      }
      mip.AddColumn(0.0, 1.0, cost, false);
      of_client[i].push_back(x_column(k));
      of_site[j].push_back({x_column(k), model_.demand[i]});
    }
    double mandatory = 0.0;
    std::vector<int> cols;
    std::vector<double> coefs;
    for (int i = 0; i < n; ++i) {
      cols = of_client[i];
      coefs.assign(cols.size(), 1.0);
      if (model_.unserved_cost[i] != kUnlimited) {
        cols.push_back(mip.AddColumn(0.0, 1.0, model_.unserved_cost[i], false));
        coefs.push_back(1.0);
      } else {
        mandatory += model_.demand[i];
        if (cols.empty()) {
          return Status(ErrorCode::kInvalidRecord, "no feasible plan: client " + std::to_string(i) +
                                                       " has no site to serve it");
        }
      }
      mip.AddRow(cols, coefs, 1.0, 1.0);
    }
    for (int k = 0; k < num_x(); ++k) {
      mip.AddRow({x_column(k), site(k)}, {1.0, -1.0}, -kUnlimited, 0.0);
    }
    std::vector<int> y(m);
    std::iota(y.begin(), y.end(), 0);
    bool all_capacitated = true;
    for (int j = 0; j < m; ++j) {
      if (model_.capacity[j] == kUnlimited) {
        all_capacitated = false;
        continue;
      }
      cols.clear();
      coefs.clear();
      for (auto [c, d] : of_site[j]) {
        cols.push_back(c);
        coefs.push_back(d);
      }
      cols.push_back(j);
      coefs.push_back(-model_.capacity[j]);
      mip.AddRow(cols, coefs, -kUnlimited, 0.0);
    }
    if (!textbook_ && all_capacitated) {
      coefs.clear();
      for (int j = 0; j < m; ++j)
        coefs.push_back(model_.capacity[j]);
      mip.AddRow(y, coefs, mandatory, kUnlimited);
    }
    if (model_.open_exactly) {
      mip.AddRow(y, std::vector<double>(m, 1.0), *model_.open_exactly, *model_.open_exactly);
    }
    return mip;
  }

 private:
  const LocationModel& model_;
  bool textbook_;
  std::vector<std::pair<int, int>> x_;  // (client, site)
};

Result<Bound> SolveStrong(const LocationModel& model, const SolveOptions& options,
                          Clock::time_point deadline, Incumbent& incumbent, bool textbook) {
  const int m = model.num_sites();
  StrongModel strong(model, textbook);
  Bound result;
  auto mip = strong.Build();
  if (!mip.ok()) return mip.status();
  std::vector<std::pair<int, double>> start;
  if (!textbook) {
    for (int j : incumbent.plan.open_sites)
      start.push_back({j, 1.0});
  }
  detail::Mip::Settings settings{SecondsUntil(deadline), options.threads, options.log_level};
  detail::MipOutcome out = mip->Solve(settings, start);
  if (out.proven_infeasible && !out.has_solution) {
    if (textbook && incumbent.cost == kUnlimited) {
      return Status(ErrorCode::kInvalidRecord, "no feasible plan (CBC: infeasible)");
    }
    return result;
  }
  result.value = std::max(result.value, out.bound);
  if (out.has_solution) {
    Plan candidate;
    std::vector<char> is_open(m, 0);
    for (int j = 0; j < m; ++j) {
      if (out.values[j] > 0.5) {
        candidate.open_sites.push_back(j);
        is_open[j] = 1;
      }
    }
    for (int k = 0; k < strong.num_x(); ++k) {
      double v = std::clamp(out.values[strong.x_column(k)], 0.0, 1.0);
      if (v > 1e-9 && is_open[strong.site(k)]) {
        candidate.flows.push_back({strong.client(k), strong.site(k), v});
      }
    }
    TRUCELINE_RETURN_IF_ERROR(incumbent.Offer(model, std::move(candidate)));
  }
  result.proven = out.proven_optimal;
  return result;
}

// Offers the plan with `open` and the cheapest feasible flows for it.
Status AssignOptimally(const LocationModel& model, const SolveOptions& options,
                       Clock::time_point deadline, Incumbent& incumbent,
                       const std::vector<int>& open) {
  StrongModel strong(model, false);
  auto lp = strong.Build();
  if (!lp.ok()) return lp.status();
  std::vector<char> is_open(model.num_sites(), 0);
  for (int j : open)
    is_open[j] = 1;
  for (int j = 0; j < model.num_sites(); ++j)
    lp->FixColumn(j, is_open[j] ? 1.0 : 0.0);
  detail::Mip::Settings settings{SecondsUntil(deadline), options.threads, options.log_level,
                                 /*relax=*/true};
  detail::MipOutcome out = lp->Solve(settings, {});
  if (!out.has_solution) return Status::Ok();
  Plan candidate{open, {}};
  for (int k = 0; k < strong.num_x(); ++k) {
    double v = std::clamp(out.values[strong.x_column(k)], 0.0, 1.0);
    if (v > 1e-9 && is_open[strong.site(k)]) {
      candidate.flows.push_back({strong.client(k), strong.site(k), v});
    }
  }
  return incumbent.Offer(model, std::move(candidate));
}

// True when a lower bound proves a plan of cost `upper` optimal.
bool Closes(const LocationModel& model, double lower, double upper) {
  if (IntegralCosts(model)) return std::ceil(lower - 1e-6) >= upper - 1e-9;
  return lower >= upper - 1e-9 * std::max(1.0, std::abs(upper));
}

// Lagrangian bound first (it often proves the heuristic's plan optimal);
// then sites whose flip bound reaches the incumbent's cost are fixed and CBC
// solves the radius formulation of what is left.
Result<Bound> SolveUncapacitated(const LocationModel& model, const SolveOptions& options,
                                 Clock::time_point deadline, Incumbent& incumbent) {
  const auto lagrangian_deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(SecondsUntil(deadline) * 0.3));
  detail::LagrangianResult lagrangian =
      detail::LagrangianBound(model, incumbent.cost, lagrangian_deadline);
  Bound result{lagrangian.bound, false};
  if (Closes(model, lagrangian.bound, incumbent.cost)) {
    result.proven = true;
    return result;
  }
  const double upper = incumbent.cost;
  std::vector<Fix> fix(model.num_sites(), Fix::kFree);
  for (int j = 0; j < model.num_sites() && !lagrangian.if_open.empty(); ++j) {
    if (Closes(model, lagrangian.if_open[j], upper)) {
      fix[j] = Fix::kClosed;
    } else if (Closes(model, lagrangian.if_closed[j], upper)) {
      fix[j] = Fix::kOpen;
    }
  }
  auto solved = SolveRadius(model, options, deadline, incumbent, fix, upper);
  if (!solved.ok()) return solved.status();
  result.value = std::max(result.value, solved->value);
  result.proven = solved->proven;
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
  bound = std::min(bound, incumbent.cost) + 0.0;  // + 0.0: no "-0" in the output
  report.objective = model.Reported(incumbent.cost);
  report.bound = model.Reported(bound);
  report.gap = std::abs(incumbent.cost - bound) / std::max(1.0, std::abs(incumbent.cost));
  report.proven_optimal = report.gap <= 1e-9;
  report.seconds = SecondsSince(start);
  return report;
}

// `start` plus `seconds` (negative counts as 0).
Clock::time_point After(Clock::time_point start, double seconds) {
  return start + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double>(std::max(0.0, seconds)));
}

}  // namespace

Result<SolveReport> Solve(const LocationModel& model, const SolveOptions& options) {
  const auto start = Clock::now();
  const auto deadline = After(start, options.time_limit_s);
  TRUCELINE_RETURN_IF_ERROR(ValidateModel(model));
  Incumbent incumbent;
  const auto heuristic_deadline = After(start, options.time_limit_s * 0.25);
  std::vector<int> open = detail::UncapacitatedLocalSearch(model, heuristic_deadline);
  if (model.capacitated()) {
    auto plan = detail::CapacitatedPlan(model, open);
    if (!plan) {
      std::vector<int> all(model.num_sites());
      std::iota(all.begin(), all.end(), 0);
      if (!model.open_exactly) plan = detail::CapacitatedPlan(model, all);
    }
    if (plan) {
      TRUCELINE_RETURN_IF_ERROR(incumbent.Offer(model, *plan));
      std::vector<int> better =
          detail::CapacitatedLocalSearch(model, plan->open_sites, heuristic_deadline);
      if (auto greedy = detail::CapacitatedPlan(model, better)) {
        TRUCELINE_RETURN_IF_ERROR(incumbent.Offer(model, std::move(*greedy)));
      }
      // The best assignment for the chosen sites (a transportation LP).
      if (!options.heuristic_only) {
        TRUCELINE_RETURN_IF_ERROR(
            AssignOptimally(model, options, deadline, incumbent, incumbent.plan.open_sites));
      }
    }
  } else {
    TRUCELINE_RETURN_IF_ERROR(incumbent.Offer(model, Plan{open, {}}));
  }
  const double heuristic_cost = incumbent.cost;
  const double heuristic_seconds = SecondsSince(start);
  Bound bound{TrivialBound(model), false};
  if (!options.heuristic_only) {
    if (model.capacitated() && NumArcs(model) > kLargeCapacitated) {
      bound.value =
          std::max(bound.value, detail::LagrangianBound(model, incumbent.cost, deadline).bound);
    } else {
      auto solved = model.capacitated() ? SolveStrong(model, options, deadline, incumbent, false)
                                        : SolveUncapacitated(model, options, deadline, incumbent);
      if (!solved.ok()) return solved.status();
      bound.value = std::max(bound.value, solved->value);
    }
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
  const auto deadline = After(start, options.time_limit_s);
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
