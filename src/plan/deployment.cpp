// The deployment solver: problem checks and allowed sites, a greedy start
// with move/swap local search, the CBC model warm-started with it, and the
// search for a smallest conflicting set of contingents when the caveats
// cannot all hold. Every plan passes EvaluateDeployment before it leaves.

#include "plan/deployment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "plan/deployment_scale.hpp"
#include "plan/deployment_search.hpp"
#include "plan/mip.hpp"

namespace truceline::plan {

namespace {

using core::ErrorCode;
using core::Status;
using SteadyClock = std::chrono::steady_clock;

// CBC alone is refused a model it cannot hold: our triplets, then CBC's
// row and column copies and presolve's. Measured: 2.56 GB peak for 16.2 M
// coverage nonzeros (the 2,000 x 20,000 x 50 synthetic instance), ~160
// bytes each; 50 M nonzeros is then ~8 GB, the planner's memory budget.
constexpr std::int64_t kCbcAloneMaxNonzeros = 50'000'000;
constexpr double kCbcBytesPerNonzero = 160;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string DescribeCaveats(const Contingent& c) {
  std::vector<std::string> parts;
  if (!c.caveats.allowed_oblasts.empty()) {
    parts.push_back(fmt::format("oblasts [{}]", Join(c.caveats.allowed_oblasts)));
  }
  if (c.caveats.min_line_km) parts.push_back(fmt::format("min_line_km {}", *c.caveats.min_line_km));
  if (c.caveats.max_hub_km) parts.push_back(fmt::format("max_hub_km {}", *c.caveats.max_hub_km));
  return parts.empty() ? "no caveats" : Join(parts);
}

Status CheckProblem(const DeploymentProblem& p) {
  auto bad = [](std::string message) {
    return Status(ErrorCode::kInvalidArgument, std::move(message));
  };
  if (!(p.standoff_km >= 0)) return bad(fmt::format("stand-off {} km is negative", p.standoff_km));
  if (!(p.double_cover_bonus >= 0)) {
    return bad(fmt::format("double_cover_bonus {} is negative", p.double_cover_bonus));
  }
  if (p.line.empty()) return bad("the line of contact has no vertex");
  std::set<std::string> ids;
  for (const DeploymentSite& s : p.sites) {
    if (!ids.insert(s.id).second) return bad(fmt::format("site '{}' is listed twice", s.id));
    if (s.capacity_troops < 0) {
      return bad(fmt::format("site '{}': capacity {} troops is negative", s.id, s.capacity_troops));
    }
  }
  ids.clear();
  for (const ProtectedAsset& a : p.assets) {
    if (!ids.insert(a.id).second) return bad(fmt::format("asset '{}' is listed twice", a.id));
    if (!(a.weight >= 0))
      return bad(fmt::format("asset '{}': weight {} is negative", a.id, a.weight));
  }
  ids.clear();
  for (const Contingent& c : p.contingents) {
    if (!ids.insert(c.id).second) return bad(fmt::format("contingent '{}' is listed twice", c.id));
    if (c.troops <= 0) {
      return bad(fmt::format("contingent '{}' ({}): troops {} must be positive", c.id, c.nation,
                             c.troops));
    }
    if (!(c.radius_km >= 0)) {
      return bad(fmt::format("contingent '{}' ({}): radius_km {} is negative", c.id, c.nation,
                             c.radius_km));
    }
    if (c.caveats.min_line_km && !(*c.caveats.min_line_km >= 0)) {
      return bad(fmt::format("contingent '{}' ({}): min_line_km {} is negative", c.id, c.nation,
                             *c.caveats.min_line_km));
    }
    if (c.caveats.max_hub_km && !(*c.caveats.max_hub_km >= 0)) {
      return bad(fmt::format("contingent '{}' ({}): max_hub_km {} is negative", c.id, c.nation,
                             *c.caveats.max_hub_km));
    }
  }
  return Status::Ok();
}

// Why no site can host contingent `c`: the one constraint that excludes
// every site on its own, or how many sites each excludes.
std::string NoSiteReason(const DeploymentProblem& p, const SiteFilter& f, const Contingent& c) {
  const size_t n = p.sites.size();
  size_t standoff = 0, oblast = 0, line = 0, hub = 0, capacity = 0;
  double nearest_hub = std::numeric_limits<double>::infinity();
  double farthest_line = 0;
  int largest = 0;
  for (size_t s = 0; s < n; ++s) {
    const DeploymentSite& site = p.sites[s];
    if (f.within_standoff[s]) ++standoff;
    const auto& allowed = c.caveats.allowed_oblasts;
    if (!allowed.empty() &&
        std::find(allowed.begin(), allowed.end(), site.oblast) == allowed.end()) {
      ++oblast;
    }
    if (c.caveats.min_line_km && f.line_km[s] < *c.caveats.min_line_km) ++line;
    if (c.caveats.max_hub_km && !(f.hub_km[s] <= *c.caveats.max_hub_km)) ++hub;
    if (site.capacity_troops < c.troops) ++capacity;
    nearest_hub = std::min(nearest_hub, f.hub_km[s]);
    farthest_line = std::max(farthest_line, f.line_km[s]);
    largest = std::max(largest, site.capacity_troops);
  }
  std::string head =
      fmt::format("contingent '{}' ({}, {} troops): no site can host it", c.id, c.nation, c.troops);
  if (n == 0) return head + ": the scenario has no candidate site";
  if (oblast == n) {
    return fmt::format("{}: its caveat oblasts [{}] excludes every one of the {} sites", head,
                       Join(c.caveats.allowed_oblasts), n);
  }
  if (line == n) {
    return fmt::format(
        "{}: its caveat min_line_km {} excludes every one of the {} sites (the "
        "farthest is {:.0f} km from the line)",
        head, *c.caveats.min_line_km, n, farthest_line);
  }
  if (hub == n) {
    return fmt::format(
        "{}: its caveat max_hub_km {} excludes every one of the {} sites (the "
        "nearest is {:.0f} km from a hub)",
        head, *c.caveats.max_hub_km, n, nearest_hub);
  }
  if (capacity == n) {
    return fmt::format("{}: every one of the {} sites holds fewer troops (the largest holds {})",
                       head, n, largest);
  }
  if (standoff == n) {
    return fmt::format("{}: the {} km stand-off excludes every one of the {} sites", head,
                       p.standoff_km, n);
  }
  return fmt::format(
      "{}: together its caveats ({}), the {} km stand-off and the site capacities "
      "exclude every one of the {} sites (oblasts exclude {}, min_line_km {}, "
      "max_hub_km {}, stand-off {}, capacity {})",
      head, DescribeCaveats(c), p.standoff_km, n, oblast, line, hub, standoff, capacity);
}

using Instance = detail::DeploymentInstance;
using State = detail::Placement;
using detail::Fits;
using detail::Place;
using detail::Remove;

// Greedy by marginal coverage, largest contingents first on ties, then a
// local search of single moves and pairwise swaps. nullopt when the greedy
// start gets stuck (capacities too tight for it; CBC decides then).
std::optional<State> Heuristic(const Instance& in, SteadyClock::time_point deadline) {
  const DeploymentProblem& p = *in.problem;
  const int nk = static_cast<int>(p.contingents.size());
  State st = detail::EmptyPlacement(in);
  for (int step = 0; step < nk; ++step) {
    int best_k = -1, best_j = -1;
    double best_gain = -1;
    for (int k = 0; k < nk; ++k) {
      if (st.choice[k] >= 0) continue;
      for (int j = 0; j < static_cast<int>(in.allowed[k].size()); ++j) {
        if (!Fits(in, st, k, j)) continue;
        double before = st.objective;
        Place(in, st, k, j);
        double gain = st.objective - before;
        Remove(in, st, k);
        st.objective = before;
        bool better =
            gain > best_gain + 1e-12 || (std::abs(gain - best_gain) <= 1e-12 && best_k >= 0 &&
                                         p.contingents[k].troops > p.contingents[best_k].troops);
        if (better) {
          best_gain = gain;
          best_k = k;
          best_j = j;
        }
      }
    }
    if (best_k < 0) return std::nullopt;
    Place(in, st, best_k, best_j);
  }
  bool improved = true;
  while (improved && SteadyClock::now() < deadline) {
    improved = false;
    for (int k = 0; k < nk; ++k) {
      const int from = st.choice[k];
      const double before = st.objective;
      Remove(in, st, k);
      int best_j = from;
      double best = before;
      for (int j = 0; j < static_cast<int>(in.allowed[k].size()); ++j) {
        if (j == from || !Fits(in, st, k, j)) continue;
        Place(in, st, k, j);
        if (st.objective > best + 1e-9) {
          best = st.objective;
          best_j = j;
        }
        Remove(in, st, k);
      }
      Place(in, st, k, best_j);
      if (best_j != from) improved = true;
    }
    for (int k1 = 0; k1 < nk && SteadyClock::now() < deadline; ++k1) {
      for (int k2 = k1 + 1; k2 < nk; ++k2) {
        const int s1 = in.allowed[k1][st.choice[k1]];
        const int s2 = in.allowed[k2][st.choice[k2]];
        if (s1 == s2) continue;
        auto j1 = std::find(in.allowed[k1].begin(), in.allowed[k1].end(), s2);
        auto j2 = std::find(in.allowed[k2].begin(), in.allowed[k2].end(), s1);
        if (j1 == in.allowed[k1].end() || j2 == in.allowed[k2].end()) continue;
        const int old1 = st.choice[k1], old2 = st.choice[k2];
        const double before = st.objective;
        Remove(in, st, k1);
        Remove(in, st, k2);
        const int new1 = static_cast<int>(j1 - in.allowed[k1].begin());
        const int new2 = static_cast<int>(j2 - in.allowed[k2].begin());
        bool ok = Fits(in, st, k1, new1);
        if (ok) Place(in, st, k1, new1);
        ok = ok && Fits(in, st, k2, new2);
        if (ok) Place(in, st, k2, new2);
        if (ok && st.objective > before + 1e-9) {
          improved = true;
          continue;
        }
        if (st.choice[k1] >= 0) Remove(in, st, k1);
        if (st.choice[k2] >= 0) Remove(in, st, k2);
        Place(in, st, k1, old1);
        Place(in, st, k2, old2);
        st.objective = before;
      }
    }
  }
  return st;
}

// The MIP over the contingents in `subset` (all when empty). Coverage
// columns only when `with_objective`.
struct MipModel {
  detail::Mip mip;
  std::vector<std::vector<int>> x;  // [k][j] -> column, -1 for contingents outside the subset
  std::vector<int> z;               // per asset: doubly-covered column, or -1
};

MipModel BuildMip(const Instance& in, const std::vector<int>& subset, bool with_objective) {
  const DeploymentProblem& p = *in.problem;
  MipModel m;
  m.x.resize(p.contingents.size());
  std::vector<std::vector<std::pair<int, double>>> site_rows(p.sites.size());
  std::vector<std::vector<int>> asset_cols(p.assets.size());
  for (int k : subset) {
    std::vector<int> cols;
    for (size_t j = 0; j < in.allowed[k].size(); ++j) {
      const int col = m.mip.AddColumn(0, 1, 0, true);
      m.x[k].push_back(col);
      cols.push_back(col);
      site_rows[in.allowed[k][j]].push_back({col, p.contingents[k].troops});
      for (int a : in.Covers(k, static_cast<int>(j)))
        asset_cols[a].push_back(col);
    }
    m.mip.AddRow(cols, std::vector<double>(cols.size(), 1.0), 1, 1);
  }
  for (size_t s = 0; s < p.sites.size(); ++s)
    m.mip.AddCapacityRow(site_rows[s], p.sites[s].capacity_troops);
  m.z.assign(p.assets.size(), -1);
  if (!with_objective) return m;
  const double inf = std::numeric_limits<double>::infinity();
  for (size_t a = 0; a < p.assets.size(); ++a) {
    if (asset_cols[a].empty() || in.weight[a] <= 0) continue;
    const int y = m.mip.AddColumn(0, 1, -in.weight[a], false);
    std::vector<int> cols = {y};
    std::vector<double> coefs = {1.0};
    for (int col : asset_cols[a]) {
      cols.push_back(col);
      coefs.push_back(-1.0);
    }
    m.mip.AddRow(cols, coefs, -inf, 0);
    if (in.bonus > 0 && asset_cols[a].size() >= 2) {
      const int z = m.mip.AddColumn(0, 1, -in.bonus * in.weight[a], true);
      m.z[a] = z;
      m.mip.AddRow({z, y}, {1.0, -1.0}, -inf, 0);
      coefs[0] = 2.0;
      cols[0] = z;
      m.mip.AddRow(cols, coefs, -inf, 0);
    }
  }
  return m;
}

bool ProvenInfeasible(const Instance& in, const std::vector<int>& subset, double seconds) {
  MipModel m = BuildMip(in, subset, /*with_objective=*/false);
  detail::Mip::Settings settings;
  settings.seconds = seconds;
  detail::MipOutcome out = m.mip.Solve(settings, {});
  return out.proven_infeasible || (!out.has_solution && out.proven_optimal);
}

// A smallest set of contingents that cannot be placed together (deletion
// filter: drop each one whose absence keeps the rest infeasible).
Status ConflictError(const Instance& in, double seconds) {
  const DeploymentProblem& p = *in.problem;
  std::vector<int> set;
  for (size_t k = 0; k < p.contingents.size(); ++k)
    set.push_back(static_cast<int>(k));
  for (size_t i = 0; i < set.size();) {
    std::vector<int> without = set;
    without.erase(without.begin() + static_cast<long>(i));
    if (!without.empty() && ProvenInfeasible(in, without, seconds)) {
      set = std::move(without);
    } else {
      ++i;
    }
  }
  std::vector<std::string> who;
  std::set<int> sites;
  int need = 0;
  for (int k : set) {
    const Contingent& c = p.contingents[k];
    who.push_back(
        fmt::format("'{}' ({}, {} troops; {})", c.id, c.nation, c.troops, DescribeCaveats(c)));
    need += c.troops;
    sites.insert(in.allowed[k].begin(), in.allowed[k].end());
  }
  std::vector<std::string> where;
  int capacity = 0;
  for (int s : sites) {
    where.push_back(fmt::format("{} ({})", p.sites[s].id, p.sites[s].capacity_troops));
    capacity += p.sites[s].capacity_troops;
  }
  return Status(ErrorCode::kInvalidArgument,
                fmt::format("the caveats cannot all hold: contingents {} cannot be placed "
                            "together: they need {} troops of room, and the only sites their "
                            "caveats and the {} km stand-off allow are {} ({} troops in all{})",
                            Join(who), need, p.standoff_km, Join(where), capacity,
                            capacity >= need ? ", but not in pieces that fit" : ""));
}

}  // namespace

core::Result<SiteFilter> PrepareDeployment(const DeploymentProblem& problem) {
  TRUCELINE_RETURN_IF_ERROR(CheckProblem(problem));
  SiteFilter f;
  core::geo::PreparedLine line(problem.line);
  for (const DeploymentSite& site : problem.sites) {
    const double line_km = line.Distance(site.position).distance_m / 1000;
    double hub_km = std::numeric_limits<double>::infinity();
    for (const LogisticsHub& hub : problem.hubs) {
      hub_km = std::min(hub_km, core::geo::DistanceM(site.position, hub.position) / 1000);
    }
    f.line_km.push_back(line_km);
    f.hub_km.push_back(hub_km);
    f.within_standoff.push_back(line_km < problem.standoff_km ? 1 : 0);
  }
  for (const Contingent& c : problem.contingents) {
    std::vector<int> allowed;
    for (size_t s = 0; s < problem.sites.size(); ++s) {
      const DeploymentSite& site = problem.sites[s];
      const auto& oblasts = c.caveats.allowed_oblasts;
      if (f.within_standoff[s]) continue;
      if (!oblasts.empty() &&
          std::find(oblasts.begin(), oblasts.end(), site.oblast) == oblasts.end()) {
        continue;
      }
      if (c.caveats.min_line_km && f.line_km[s] < *c.caveats.min_line_km) continue;
      if (c.caveats.max_hub_km && !(f.hub_km[s] <= *c.caveats.max_hub_km)) continue;
      if (site.capacity_troops < c.troops) continue;
      allowed.push_back(static_cast<int>(s));
    }
    if (allowed.empty()) {
      return Status(ErrorCode::kInvalidArgument, NoSiteReason(problem, f, c));
    }
    f.allowed.push_back(std::move(allowed));
  }
  return f;
}

core::Result<DeploymentPlan> SolveDeployment(const DeploymentProblem& problem,
                                             const DeploymentOptions& options) {
  const auto start = SteadyClock::now();
  const auto deadline =
      start + std::chrono::duration_cast<SteadyClock::duration>(
                  std::chrono::duration<double>(std::max(0.1, options.time_limit_s)));
  auto filter = PrepareDeployment(problem);
  if (!filter.ok()) return filter.status();
  const Instance in =
      detail::BuildDeploymentInstance(problem, *filter, std::max(1, options.threads));
  const int nk = static_cast<int>(problem.contingents.size());
  const std::int64_t nonzeros = in.cover.placements_nonzeros;
  if (nonzeros > options.max_mip_nonzeros) {
    if (options.use_heuristic) return detail::SolveAtScale(in, options, start, deadline);
    if (nonzeros > kCbcAloneMaxNonzeros) {
      return Status(ErrorCode::kUnsupported,
                    fmt::format("CBC alone: the MIP would have {} coverage nonzeros (~{:.0f} GB "
                                "to build and load), over the {} it is allowed",
                                nonzeros, static_cast<double>(nonzeros) * kCbcBytesPerNonzero / 1e9,
                                kCbcAloneMaxNonzeros));
    }
  }
  auto to_sites = [&](const std::vector<int>& choice) {
    std::vector<int> site_of(nk, -1);
    for (int k = 0; k < nk; ++k) {
      if (choice[k] >= 0) site_of[k] = in.allowed[k][choice[k]];
    }
    return site_of;
  };

  DeploymentPlan plan;
  plan.mip_nonzeros = nonzeros;
  std::optional<State> heuristic;
  if (options.use_heuristic) heuristic = Heuristic(in, deadline);
  auto elapsed = [&] { return std::chrono::duration<double>(SteadyClock::now() - start).count(); };
  if (heuristic) {
    plan.site_of = to_sites(heuristic->choice);
    plan.evaluation = EvaluateDeployment(problem, plan.site_of);
    if (!plan.evaluation.feasible()) {
      return Status(ErrorCode::kInternal,
                    "the heuristic's plan failed the re-check: " + plan.evaluation.violations[0]);
    }
    plan.objective = plan.evaluation.objective;
    plan.heuristic_objective = plan.objective;
    plan.method = "heuristic";
    plan.first_feasible_seconds = elapsed();
  }

  std::vector<int> all;
  for (int k = 0; k < nk; ++k)
    all.push_back(k);
  MipModel m = BuildMip(in, all, /*with_objective=*/true);
  std::vector<std::pair<int, double>> warm;
  if (heuristic) {
    for (int k = 0; k < nk; ++k) {
      for (size_t j = 0; j < m.x[k].size(); ++j) {
        warm.push_back({m.x[k][j], static_cast<int>(j) == heuristic->choice[k] ? 1.0 : 0.0});
      }
    }
    for (size_t a = 0; a < m.z.size(); ++a) {
      if (m.z[a] >= 0) warm.push_back({m.z[a], heuristic->count[a] >= 2 ? 1.0 : 0.0});
    }
  }
  detail::Mip::Settings settings;
  settings.threads = options.threads;
  settings.seconds =
      std::max(0.5, std::chrono::duration<double>(deadline - SteadyClock::now()).count());
  detail::MipOutcome out = m.mip.Solve(settings, warm);
  if (out.proven_infeasible && !heuristic) return ConflictError(in, settings.seconds);
  if (out.has_solution) {
    std::vector<int> choice(nk, -1);
    for (int k = 0; k < nk; ++k) {
      for (size_t j = 0; j < m.x[k].size(); ++j) {
        if (out.values[m.x[k][j]] > 0.5) choice[k] = static_cast<int>(j);
      }
    }
    std::vector<int> site_of = to_sites(choice);
    DeploymentEvaluation ev = EvaluateDeployment(problem, site_of);
    if (!ev.feasible()) {
      return Status(ErrorCode::kInternal, "CBC's plan failed the re-check: " + ev.violations[0]);
    }
    if (!heuristic || ev.objective > plan.objective + 1e-9) {
      plan.site_of = std::move(site_of);
      plan.evaluation = std::move(ev);
      plan.objective = plan.evaluation.objective;
      plan.method = heuristic ? "heuristic+cbc" : "cbc";
      if (!heuristic) plan.first_feasible_seconds = elapsed();
    }
  }
  if (plan.site_of.empty() && nk > 0) {
    return Status(ErrorCode::kUnsupported,
                  fmt::format("no placement of the {} contingents found within {} s", nk,
                              options.time_limit_s));
  }
  // The bound: CBC's best possible objective, else every coverable weight.
  double trivial = 0;
  for (size_t a = 0; a < problem.assets.size(); ++a) {
    trivial += in.weight[a] * (1 + in.bonus);
  }
  double bound = trivial;
  if (std::isfinite(out.bound)) bound = std::min(bound, -out.bound);
  if (out.proven_optimal && out.has_solution) bound = std::min(bound, -out.objective);
  bound = std::max(bound, plan.objective);
  if (bound - plan.objective <= 1e-6 * std::max(1.0, plan.objective)) bound = plan.objective;
  plan.bound = bound;
  plan.gap = (bound - plan.objective) / std::max(plan.objective, 1e-9);
  plan.proven_optimal = plan.gap == 0;
  plan.seconds = elapsed();
  return plan;
}

}  // namespace truceline::plan
