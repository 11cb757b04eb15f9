// RunPlan and RunPlanCompare: a scenario (or several) solved, re-checked,
// sustained and written out.

#include "app/plan_file.hpp"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "app/output_file.hpp"
#include "app/plan_service.hpp"

namespace truceline::app {

namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using nlohmann::json;

}  // namespace

Result<PlanOutcome> RunPlan(const PlanRequest& request) {
  auto scenario = LoadPlanScenario(request.scenario_path, request.registry_file);
  if (!scenario.ok()) return scenario.status();
  auto solved =
      SolvePlanScenario(std::move(*scenario), request.scenario_path, request.time_limit_s);
  if (!solved.ok()) return solved.status();
  PlanOutcome out = std::move(*solved);
  std::string geojson = PlanGeoJson(out.scenario, out.plan);
  auto png = RenderPlanMap(out.scenario, out.plan);
  if (!png.ok()) return png.status();
  TRUCELINE_RETURN_IF_ERROR(CreateOutputFolder(request.out_dir));
  const std::filesystem::path dir(request.out_dir);
  out.json_path = (dir / "plan.json").string();
  out.geojson_path = (dir / "plan.geojson").string();
  out.map_path = (dir / "map.png").string();
  TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(out.json_path, out.document.dump(2) + "\n"));
  TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(out.geojson_path, geojson));
  TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(out.map_path, *png));
  return out;
}

Result<CompareOutcome> RunPlanCompare(const CompareRequest& request) {
  CompareOutcome out;
  std::set<std::string> ids;
  // Load every scenario first, so a bad one writes nothing.
  for (const std::string& path : request.scenario_paths) {
    auto scenario = LoadPlanScenario(path, request.registry_file);
    if (!scenario.ok()) return scenario.status();
    if (!ids.insert(scenario->id).second) {
      return Status(ErrorCode::kInvalidArgument,
                    fmt::format("{}: scenario id '{}' is used twice", path, scenario->id));
    }
  }
  json rows = json::array();
  std::string md =
      "| scenario | contingents | troops deployed | troops committed | objective | bound | gap | "
      "proven optimal | city | port | energy | airport | uncovered assets |\n"
      "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n";
  std::string csv =
      "scenario,contingents,deployed,committed,objective,bound,gap,proven_optimal,city_share,"
      "port_share,energy_share,airport_share,uncovered_assets\n";
  for (const std::string& path : request.scenario_paths) {
    auto scenario_id = LoadPlanScenario(path, request.registry_file);
    if (!scenario_id.ok()) return scenario_id.status();
    PlanRequest one{path, (std::filesystem::path(request.out_dir) / scenario_id->id).string(),
                    request.registry_file, request.time_limit_s};
    auto planned = RunPlan(one);
    if (!planned.ok()) return planned.status();
    const json& d = planned->document;
    json row = PlanComparisonRow(*planned);
    auto share = [&row](const char* category) {
      return row["coverage_share"][category].get<double>();
    };
    row["plan"] = (std::filesystem::path(scenario_id->id) / "plan.json").string();
    md += fmt::format(
        "| {} | {} | {} | {} | {:.2f} | {:.2f} | {:.4f} | {} | {:.0f}% | {:.0f}% | "
        "{:.0f}% | {:.0f}% | {} |\n",
        planned->scenario.id, row["contingents"].get<int>(), row["deployed"].get<int>(),
        row["committed"].get<int>(), d["objective"].get<double>(), d["bound"].get<double>(),
        d["gap"].get<double>(), d["proven_optimal"].get<bool>() ? "yes" : "no", 100 * share("city"),
        100 * share("port"), 100 * share("energy"), 100 * share("airport"),
        d["uncovered_assets"].size());
    csv += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{}\n", planned->scenario.id,
        row["contingents"].get<int>(), row["deployed"].get<int>(), row["committed"].get<int>(),
        d["objective"].get<double>(), d["bound"].get<double>(), d["gap"].get<double>(),
        d["proven_optimal"].get<bool>() ? "true" : "false", share("city"), share("port"),
        share("energy"), share("airport"), d["uncovered_assets"].size());
    rows.push_back(row);
    out.plans.push_back(std::move(*planned));
  }
  md +=
      "\nShares are of each category's total weight. Troop figures are the scenarios' own "
      "(ILLUSTRATIVE where they say so); see each plan.json's assumptions.\n";
  const std::filesystem::path dir(request.out_dir);
  out.json_path = (dir / "comparison.json").string();
  out.markdown_path = (dir / "comparison.md").string();
  out.csv_path = (dir / "comparison.csv").string();
  json doc = {{"format", "truceline-plan-comparison/1"}, {"scenarios", rows}};
  TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(out.json_path, doc.dump(2) + "\n"));
  TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(out.markdown_path, md));
  TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(out.csv_path, csv));
  return out;
}

}  // namespace truceline::app
