// EvaluateDeployment: the independent re-check of a placement. It measures
// every distance afresh from the problem and shares no code with the solver
// (deployment*.cpp), so a solver bug cannot hide itself. Coverage goes
// through core's PointIndex (an R-tree proposing candidates, each measured
// with the geodesic): measuring every (contingent, asset) pair took ~10 s
// for 100 contingents and 100,000 assets, the index takes well under one.

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "core/spatial_index.hpp"
#include "plan/deployment.hpp"

namespace truceline::plan {

DeploymentEvaluation EvaluateDeployment(const DeploymentProblem& problem,
                                        const std::vector<int>& site_of) {
  DeploymentEvaluation out;
  const int num_sites = static_cast<int>(problem.sites.size());
  out.site_load.assign(problem.sites.size(), 0);
  out.cover_count.assign(problem.assets.size(), 0);
  if (site_of.size() != problem.contingents.size()) {
    out.violations.push_back(fmt::format("{} placements for {} contingents", site_of.size(),
                                         problem.contingents.size()));
    return out;
  }
  std::vector<core::geo::LatLon> positions;
  positions.reserve(problem.assets.size());
  for (const ProtectedAsset& a : problem.assets)
    positions.push_back(a.position);
  const core::geo::PointIndex assets(std::move(positions));
  for (size_t k = 0; k < problem.contingents.size(); ++k) {
    const Contingent& c = problem.contingents[k];
    const int s = site_of[k];
    if (s < 0 || s >= num_sites) {
      out.violations.push_back(fmt::format("contingent '{}' is not placed", c.id));
      continue;
    }
    const DeploymentSite& site = problem.sites[s];
    out.site_load[s] += c.troops;
    const double line_km = core::geo::DistanceToLine(site.position, problem.line).distance_m / 1000;
    if (line_km < problem.standoff_km) {
      out.violations.push_back(
          fmt::format("contingent '{}' at '{}': {:.1f} km from the line, "
                      "inside the {} km stand-off",
                      c.id, site.id, line_km, problem.standoff_km));
    }
    if (c.caveats.min_line_km && line_km < *c.caveats.min_line_km) {
      out.violations.push_back(
          fmt::format("contingent '{}' at '{}': {:.1f} km from the line, "
                      "caveat min_line_km {}",
                      c.id, site.id, line_km, *c.caveats.min_line_km));
    }
    if (!c.caveats.allowed_oblasts.empty() &&
        std::find(c.caveats.allowed_oblasts.begin(), c.caveats.allowed_oblasts.end(),
                  site.oblast) == c.caveats.allowed_oblasts.end()) {
      out.violations.push_back(fmt::format("contingent '{}' at '{}': {} is not an allowed oblast",
                                           c.id, site.id, site.oblast));
    }
    if (c.caveats.max_hub_km) {
      double hub_km = std::numeric_limits<double>::infinity();
      for (const LogisticsHub& hub : problem.hubs) {
        hub_km = std::min(hub_km, core::geo::DistanceM(site.position, hub.position) / 1000);
      }
      if (!(hub_km <= *c.caveats.max_hub_km)) {
        out.violations.push_back(
            fmt::format("contingent '{}' at '{}': {:.1f} km from the nearest "
                        "hub, caveat max_hub_km {}",
                        c.id, site.id, hub_km, *c.caveats.max_hub_km));
      }
    }
    for (size_t a : assets.WithinRadius(site.position, c.radius_km * 1000))
      ++out.cover_count[a];
  }
  for (int s = 0; s < num_sites; ++s) {
    if (out.site_load[s] > problem.sites[s].capacity_troops) {
      out.violations.push_back(fmt::format("site '{}' hosts {} troops, capacity {}",
                                           problem.sites[s].id, out.site_load[s],
                                           problem.sites[s].capacity_troops));
    }
  }
  for (size_t a = 0; a < problem.assets.size(); ++a) {
    if (out.cover_count[a] >= 1) out.objective += problem.assets[a].weight;
    if (out.cover_count[a] >= 2) {
      out.objective += problem.double_cover_bonus * problem.assets[a].weight;
    }
  }
  return out;
}

}  // namespace truceline::plan
