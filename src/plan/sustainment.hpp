#pragma once
// Sustainment of a deployed force: the troops a rotation rule commits for
// the troops deployed, by nation, against what each nation pledged, and the
// rotation timeline. Pure arithmetic; no I/O.

#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace truceline::plan {

// The rotation rule. Default: the rule of three (one line deployed, one
// preparing, one recovering) with 6-month tours, over 24 months.
struct RotationRule {
  int lines = 3;            // troops committed per troop deployed, >= 1
  int tour_months = 6;      // one tour, >= 1
  int horizon_months = 24;  // the timeline's length, >= 1
};

// What a nation deploys under the plan and what it pledged.
struct NationDeployment {
  std::string nation;  // ISO 3166-1 alpha-2
  int contingents = 0;
  int deployed = 0;  // troops in theatre at any time
  // The registry's troop pledge, when it gives a figure (exact: min == max).
  std::optional<double> pledged_min;
  std::optional<double> pledged_max;
  std::string pledged_as_reported;  // the pledge's words, when there is a pledge
};

struct NationSustainment {
  NationDeployment deployment;
  int committed = 0;  // deployed x lines
  // "no_pledge", "no_figure" (pledged without a number), "within_pledge",
  // "exceeds_pledge" (committed above the pledge's maximum).
  std::string against_pledge;
  std::optional<double> shortfall;  // committed - pledged max, when exceeds_pledge
};

// One tour: which line is deployed, which prepares, which recovers.
struct RotationPeriod {
  int index = 0;            // 0-based
  int start_month = 0;      // months from deployment, inclusive
  int end_month = 0;        // exclusive (clipped to the horizon)
  int deployed_line = 1;    // 1-based line numbers
  int preparing_line = 1;   // the line that relieves it next (same as deployed when lines == 1)
  int recovering_line = 1;  // the line it relieved (with two lines, the preparing one)
  int troops_deployed = 0;
};

struct Sustainment {
  RotationRule rule;
  std::vector<NationSustainment> nations;  // in the input's order
  int deployed_total = 0;
  int committed_total = 0;
  std::vector<RotationPeriod> timeline;
  int rotations = 0;  // hand-overs within the horizon (periods - 1)
};

// Computes the sustainment of `deployments` under `rule`. Errors
// (kInvalidArgument naming the field): lines, tour_months or horizon_months
// below 1; a negative deployment.
core::Result<Sustainment> ComputeSustainment(const std::vector<NationDeployment>& deployments,
                                             const RotationRule& rule);

}  // namespace truceline::plan
