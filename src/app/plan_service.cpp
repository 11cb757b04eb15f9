// Planning in memory: solving a scenario with its re-check and
// sustainment, the comparison row, and the bundled scenarios.

#include "app/plan_service.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "app/input_file.hpp"
#include "app/reference_data.hpp"

namespace truceline::app {

namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using nlohmann::json;

double CoveredShare(const json& doc, const std::string& category) {
  if (!doc["coverage_by_category"].contains(category)) return 0;
  return doc["coverage_by_category"][category]["covered_weight_share"].get<double>();
}

bool PlainName(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

std::string StringOr(const json& doc, const char* key, const std::string& fallback) {
  return doc.contains(key) && doc[key].is_string() ? doc[key].get<std::string>() : fallback;
}

std::string ScenarioFolder() {
  return DataDirectory() + "/scenarios";
}

}  // namespace

Result<PlanOutcome> SolvePlanScenario(PlanScenario scenario, const std::string& label,
                                      double time_limit_s) {
  plan::DeploymentOptions options;
  options.time_limit_s = time_limit_s;
  auto solved = plan::SolveDeployment(scenario.problem, options);
  if (!solved.ok()) {
    // The engine's kInvalidArgument is a fault of the scenario: a rejected input.
    const ErrorCode code = solved.status().code() == ErrorCode::kInvalidArgument
                               ? ErrorCode::kInvalidRecord
                               : solved.status().code();
    return Status(code, fmt::format("{}: {}", label, solved.status().message()));
  }
  // The plan as reported is re-checked once more, from the problem alone.
  plan::DeploymentEvaluation check = plan::EvaluateDeployment(scenario.problem, solved->site_of);
  if (!check.feasible() || std::abs(check.objective - solved->objective) > 1e-6) {
    return Status(ErrorCode::kInternal,
                  fmt::format("{}: the plan failed the independent re-check", label));
  }
  auto sustainment = plan::ComputeSustainment(scenario.pledges, scenario.rotation);
  if (!sustainment.ok()) {
    return Status(ErrorCode::kInvalidRecord,
                  fmt::format("{}: $.rotation: {}", label, sustainment.status().message()));
  }
  PlanOutcome out;
  out.document = PlanJson(scenario, *solved, *sustainment);
  out.scenario = std::move(scenario);
  out.plan = std::move(*solved);
  out.sustainment = std::move(*sustainment);
  return out;
}

json PlanComparisonRow(const PlanOutcome& o) {
  const json& d = o.document;
  return {{"scenario", o.scenario.id},
          {"title", o.scenario.title},
          {"contingents", o.scenario.problem.contingents.size()},
          {"deployed", o.sustainment.deployed_total},
          {"committed", o.sustainment.committed_total},
          {"objective", d["objective"]},
          {"bound", d["bound"]},
          {"gap", d["gap"]},
          {"proven_optimal", d["proven_optimal"]},
          {"coverage_share",
           {{"city", CoveredShare(d, "city")},
            {"port", CoveredShare(d, "port")},
            {"energy", CoveredShare(d, "energy")},
            {"airport", CoveredShare(d, "airport")}}},
          {"uncovered_assets", d["uncovered_assets"].size()}};
}

ScenarioSummary SummariseScenario(const json& doc) {
  ScenarioSummary s;
  s.name = StringOr(doc, "id", "");
  s.title = StringOr(doc, "title", s.name);
  s.description = StringOr(doc, "option", "");
  auto labelled = [](const json& text) {
    return text.is_string() && text.get<std::string>().find("ILLUSTRATIVE") != std::string::npos;
  };
  if (doc.contains("assumptions") && doc["assumptions"].is_array()) {
    s.illustrative = std::any_of(doc["assumptions"].begin(), doc["assumptions"].end(), labelled);
  }
  if (doc.contains("contingents") && doc["contingents"].is_array()) {
    for (const json& c : doc["contingents"]) {
      if (!c.is_object()) continue;
      ++s.contingents;
      if (c.contains("figures") && labelled(c["figures"])) s.illustrative = true;
      if (!c.contains("nation") || !c["nation"].is_string()) continue;
      const std::string nation = c["nation"].get<std::string>();
      if (std::find(s.nations.begin(), s.nations.end(), nation) == s.nations.end()) {
        s.nations.push_back(nation);
      }
    }
  }
  return s;
}

Result<json> BundledScenario(const std::string& name) {
  const std::string path = ScenarioFolder() + "/" + name + ".json";
  if (!PlainName(name) || !std::filesystem::is_regular_file(path)) {
    return Status(ErrorCode::kNotFound, fmt::format("no bundled scenario '{}'", name));
  }
  auto text = ReadInputFile(path);
  if (!text.ok()) return text.status();
  json doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status(ErrorCode::kParseError, fmt::format("{}: not a JSON object", path));
  }
  return doc;
}

Result<std::vector<ScenarioSummary>> BundledScenarios() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(ScenarioFolder(), error)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  if (error) {
    return Status(ErrorCode::kIoError,
                  fmt::format("{}: cannot list scenarios: {}", ScenarioFolder(), error.message()));
  }
  std::sort(names.begin(), names.end());
  std::vector<ScenarioSummary> out;
  for (const std::string& name : names) {
    auto doc = BundledScenario(name);
    if (!doc.ok()) return doc.status();
    ScenarioSummary summary = SummariseScenario(*doc);
    summary.name = name;
    out.push_back(std::move(summary));
  }
  return out;
}

}  // namespace truceline::app
