#pragma once
// `truceline plan`: reads a deployment scenario (docs/formats.md,
// "Deployment scenario"), checks its nations against the coalition
// registry, builds the problem from the bundled data, solves it with the
// planning engine (plan/deployment.hpp), works out the sustainment, and
// writes plan.json, plan.geojson and map.png; or compares several scenarios.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.hpp"
#include "plan/deployment.hpp"
#include "plan/sustainment.hpp"

namespace truceline::app {

// A scenario turned into the engine's terms, with what the registry said.
struct PlanScenario {
  std::string id;
  std::string title;
  std::string option;        // the option of the reports it models
  nlohmann::json citations;  // [{"source","quote"}] from the scenario
  std::vector<std::string> assumptions;
  plan::DeploymentProblem problem;
  plan::RotationRule rotation;
  // Per contingent: the caveats the registry's conditions added, and the
  // conditions that are not about places (preconditions), as text.
  std::vector<std::vector<std::string>> caveats_applied;
  std::vector<std::string> registry_notes;        // one line per nation: stance and conditions
  std::vector<plan::NationDeployment> pledges;    // per nation, in first-appearance order
  std::vector<std::string> excluded_beyond_line;  // assets beyond the line (not counted)
  std::string registry_id;
};

struct PlanRequest {
  std::string scenario_path;
  std::string out_dir;        // created if absent
  std::string registry_file;  // empty: the bundled registry
  double time_limit_s = 30;
};

struct PlanOutcome {
  PlanScenario scenario;
  plan::DeploymentPlan plan;
  plan::Sustainment sustainment;
  nlohmann::json document;  // plan.json's content
  std::string json_path, geojson_path, map_path;
};

// Reads and checks a scenario against the registry and the bundled data.
// Errors name the file, the JSON path and the cause: kNotFound/kIoError for
// files; kParseError for bad JSON; kInvalidRecord for a bad field, a nation
// not in the registry (by code), or a nation whose stance is opposed,
// declined or transit-only (with the stance and its date).
core::Result<PlanScenario> LoadPlanScenario(const std::string& path,
                                            const std::string& registry_file);

// Loads, solves (every plan re-checked by plan::EvaluateDeployment), and
// only then writes OUT/plan.json, OUT/plan.geojson and OUT/map.png.
// Errors: those of LoadPlanScenario and plan::SolveDeployment (prefixed with
// the scenario file); kIoError when the folder or a file cannot be written.
core::Result<PlanOutcome> RunPlan(const PlanRequest& request);

struct CompareRequest {
  std::vector<std::string> scenario_paths;
  std::string out_dir;
  std::string registry_file;
  double time_limit_s = 30;
};

struct CompareOutcome {
  std::vector<PlanOutcome> plans;  // each written to OUT/<scenario id>/
  std::string json_path, markdown_path, csv_path;
};

// Plans each scenario into OUT/<id>/ and writes the side-by-side table:
// OUT/comparison.json, OUT/comparison.md and OUT/comparison.csv. Errors: as
// RunPlan for the first scenario that fails; kInvalidArgument when two
// scenarios share an id.
core::Result<CompareOutcome> RunPlanCompare(const CompareRequest& request);

// The map: oblasts, the line, coverage circles, sites with contingents by
// nation, covered and uncovered assets, hubs. PNG bytes. Errors: kInternal
// when cairo fails.
core::Result<std::string> RenderPlanMap(const PlanScenario& scenario,
                                        const plan::DeploymentPlan& plan);

// plan.json and plan.geojson of a solved scenario (see docs/formats.md).
nlohmann::json PlanJson(const PlanScenario& scenario, const plan::DeploymentPlan& plan,
                        const plan::Sustainment& sustainment);
std::string PlanGeoJson(const PlanScenario& scenario, const plan::DeploymentPlan& plan);

}  // namespace truceline::app
