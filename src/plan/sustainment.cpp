// ComputeSustainment: troops committed under a rotation rule, by nation,
// against the registry's pledges, and the rotation timeline.

#include "plan/sustainment.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace truceline::plan {

core::Result<Sustainment> ComputeSustainment(const std::vector<NationDeployment>& deployments,
                                             const RotationRule& rule) {
  auto bad = [](std::string message) {
    return core::Status(core::ErrorCode::kInvalidArgument, std::move(message));
  };
  if (rule.lines < 1) return bad(fmt::format("rotation lines {} must be at least 1", rule.lines));
  if (rule.tour_months < 1) {
    return bad(fmt::format("rotation tour_months {} must be at least 1", rule.tour_months));
  }
  if (rule.horizon_months < 1) {
    return bad(fmt::format("rotation horizon_months {} must be at least 1", rule.horizon_months));
  }
  Sustainment out;
  out.rule = rule;
  for (const NationDeployment& d : deployments) {
    if (d.deployed < 0 || d.contingents < 0) {
      return bad(fmt::format("nation {}: negative deployment", d.nation));
    }
    NationSustainment n;
    n.deployment = d;
    n.committed = d.deployed * rule.lines;
    if (d.pledged_as_reported.empty() && !d.pledged_min && !d.pledged_max) {
      n.against_pledge = "no_pledge";
    } else if (!d.pledged_max && !d.pledged_min) {
      n.against_pledge = "no_figure";
    } else {
      // An open-ended pledge ("at least N") has no maximum to exceed.
      const double max = d.pledged_max.value_or(static_cast<double>(n.committed));
      if (n.committed > max) {
        n.against_pledge = "exceeds_pledge";
        n.shortfall = n.committed - max;
      } else {
        n.against_pledge = "within_pledge";
      }
    }
    out.deployed_total += d.deployed;
    out.committed_total += n.committed;
    out.nations.push_back(std::move(n));
  }
  const int periods = (rule.horizon_months + rule.tour_months - 1) / rule.tour_months;
  for (int i = 0; i < periods; ++i) {
    RotationPeriod p;
    p.index = i;
    p.start_month = i * rule.tour_months;
    p.end_month = std::min(rule.horizon_months, (i + 1) * rule.tour_months);
    p.deployed_line = i % rule.lines + 1;
    p.preparing_line = (i + 1) % rule.lines + 1;
    p.recovering_line = (i + rule.lines - 1) % rule.lines + 1;
    p.troops_deployed = out.deployed_total;
    out.timeline.push_back(p);
  }
  out.rotations = periods - 1;
  return out;
}

}  // namespace truceline::plan
