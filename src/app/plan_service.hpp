#pragma once
// Planning in memory, for the server: the bundled scenarios, a scenario
// document (a name's or a caller's) with what-if edits, solved and
// re-checked as `truceline plan` does, and a comparison row per plan. No
// files are written; RunPlan (plan_file.hpp) is the same use case with
// its outputs written to a folder.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/plan_file.hpp"
#include "core/geo.hpp"
#include "core/status.hpp"
#include "registry/registry.hpp"

namespace truceline::app {

// What-if changes to a scenario, applied while it is read.
struct ScenarioEdits {
  // Nations (ISO 3166-1 codes of the registry) whose contingents are left out.
  std::vector<std::string> remove_nations;
  // Every contingent's coverage radius, replacing the scenario's.
  std::optional<double> radius_km;
  // Replaces the bundled line of contact (north to south, at least two points).
  std::optional<core::geo::LineString> line;
  // Moves the line (bundled or given) sideways by this many km: positive
  // towards the government-controlled side (west and north: the occupied
  // side grows), negative towards the occupied side. See ShiftLine.
  double line_shift_km = 0;

  bool empty() const { return remove_nations.empty() && !radius_km && !line && line_shift_km == 0; }
};

// A scenario document (docs/formats.md, "Deployment scenario") checked
// against `registry` and turned into the engine's terms, with `edits`
// applied; the plan's assumptions say which edits were made. `label`
// starts every error message (a file name, "scenario 'dnipro'").
// Errors: as LoadPlanScenario; kInvalidRecord naming `remove_nations` (a
// code not in the registry, a nation without a contingent, every
// contingent removed) or `radius_km` (negative).
core::Result<PlanScenario> PlanScenarioFromDocument(const nlohmann::json& document,
                                                    const std::string& label,
                                                    const registry::Registry& registry,
                                                    const ScenarioEdits& edits = {});

// Solves `scenario`, re-checks the plan from the problem alone
// (plan::EvaluateDeployment) and works out the sustainment; the outcome's
// file paths are left empty. Errors: kInvalidRecord for a scenario the
// engine refuses (infeasible caveats name the contingents and sites),
// prefixed with `label`; kInternal when the re-check fails.
core::Result<PlanOutcome> SolvePlanScenario(PlanScenario scenario, const std::string& label,
                                            double time_limit_s);

// One row of the side-by-side comparison (docs/formats.md, `--compare`),
// without its `plan` member.
nlohmann::json PlanComparisonRow(const PlanOutcome& outcome);

// The line moved sideways by `km` (positive: to the right of the line's
// direction, i.e. west/north of a north-to-south line), each vertex along
// the bisector of its segments' normals on a local flat approximation.
// For what-if display and planning only; not a geodesic offset.
core::geo::LineString ShiftLine(const core::geo::LineString& line, double km);

// Plain-language lines for a plan's assumptions naming each edit.
std::vector<std::string> WhatIfAssumptions(const ScenarioEdits& edits);

// A bundled scenario (data/scenarios/NAME.json).
struct ScenarioSummary {
  std::string name;  // the file's stem, also the scenario's id
  std::string title;
  std::string description;    // the option it models
  bool illustrative = false;  // its figures are labelled ILLUSTRATIVE
  int contingents = 0;
  std::vector<std::string> nations;  // in first-appearance order
};

// Every bundled scenario, by name. Errors: kIoError when the folder
// cannot be read, kParseError for a file that is not JSON.
core::Result<std::vector<ScenarioSummary>> BundledScenarios();

// The summary of a scenario document (for caller-supplied ones too).
ScenarioSummary SummariseScenario(const nlohmann::json& document);

// The document of bundled scenario `name`. Errors: kNotFound when there
// is none (`name` must be a plain name: letters, digits, '-', '_').
core::Result<nlohmann::json> BundledScenario(const std::string& name);

}  // namespace truceline::app
