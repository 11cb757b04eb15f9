// RestrictedMip: CBC on the deployment MIP over each contingent's candidate
// positions, warm-started from the incumbent.

#include "plan/deployment_restricted.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "plan/mip.hpp"

namespace truceline::plan::detail {

RestrictedOutcome RestrictedMip(const DeploymentInstance& in, const Placement& incumbent,
                                const std::vector<std::vector<int>>& candidates, double seconds,
                                int threads) {
  const DeploymentProblem& p = *in.problem;
  const int nk = in.num_contingents();
  const double inf = std::numeric_limits<double>::infinity();
  Mip mip;
  std::vector<std::vector<int>> positions(nk), columns(nk);
  std::vector<std::vector<std::pair<int, double>>> site_rows(p.sites.size());
  std::vector<std::vector<int>> asset_cols(in.weight.size());
  std::vector<std::pair<int, double>> start;
  for (int k = 0; k < nk; ++k) {
    std::vector<int>& pos = positions[k];
    pos = k < static_cast<int>(candidates.size()) ? candidates[k] : std::vector<int>{};
    pos.push_back(incumbent.choice[k]);
    std::sort(pos.begin(), pos.end());
    pos.erase(std::unique(pos.begin(), pos.end()), pos.end());
    for (int j : pos) {
      const int col = mip.AddColumn(0, 1, 0, true);
      columns[k].push_back(col);
      site_rows[in.allowed[k][j]].push_back({col, p.contingents[k].troops});
      for (int a : in.Covers(k, j))
        asset_cols[a].push_back(col);
      start.push_back({col, j == incumbent.choice[k] ? 1.0 : 0.0});
    }
    mip.AddRow(columns[k], std::vector<double>(columns[k].size(), 1.0), 1, 1);
  }
  for (size_t s = 0; s < p.sites.size(); ++s)
    mip.AddCapacityRow(site_rows[s], p.sites[s].capacity_troops);
  // Assets covered by the same columns behave alike: one row for each such
  // set, with their summed weight.
  std::map<std::vector<int>, double> groups;
  for (size_t a = 0; a < in.weight.size(); ++a) {
    if (!asset_cols[a].empty() && in.weight[a] > 0) groups[asset_cols[a]] += in.weight[a];
  }
  for (const auto& [group_cols, weight] : groups) {
    const bool twice = in.bonus > 0 && group_cols.size() >= 2;
    const int y = mip.AddColumn(0, 1, -weight, false);
    std::vector<int> cols = {y};
    std::vector<double> coefs = {1.0};
    if (twice) {
      const int z = mip.AddColumn(0, 1, -in.bonus * weight, false);
      cols.push_back(z);
      coefs.push_back(1.0);
      mip.AddRow({z, y}, {1.0, -1.0}, -inf, 0);
    }
    for (int col : group_cols) {
      cols.push_back(col);
      coefs.push_back(-1.0);
    }
    mip.AddRow(cols, coefs, -inf, 0);
  }
  Mip::Settings settings;
  settings.seconds = seconds;
  settings.threads = threads;
  const MipOutcome out = mip.Solve(settings, start);
  RestrictedOutcome result;
  if (std::isfinite(out.bound)) result.bound = -out.bound;
  result.proven_optimal = out.proven_optimal && out.has_solution;
  if (result.proven_optimal) result.bound = std::min(result.bound, -out.objective);
  if (!out.has_solution) return result;
  Placement st = EmptyPlacement(in);
  for (int k = 0; k < nk; ++k) {
    for (size_t i = 0; i < columns[k].size(); ++i) {
      if (out.values[columns[k][i]] > 0.5 && st.choice[k] < 0) {
        if (!Fits(in, st, k, positions[k][i])) return result;
        Place(in, st, k, positions[k][i]);
      }
    }
    if (st.choice[k] < 0) return result;
  }
  if (st.objective > incumbent.objective + 1e-9 * std::max(1.0, incumbent.objective)) {
    result.better = std::move(st);
  }
  return result;
}

}  // namespace truceline::plan::detail
