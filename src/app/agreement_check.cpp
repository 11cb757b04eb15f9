#include "app/agreement_check.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "app/input_file.hpp"
#include "app/output_file.hpp"
#include "app/reference_data.hpp"
#include "core/json_text.hpp"

namespace truceline::app {
namespace {

constexpr std::string_view kAssetTables[] = {"airports", "logistics_hubs", "power_plants", "ports"};

// Metres rounded to the millimetre: the geodesics are exact far below that,
// and the positions they start from are not.
double Millimetres(double m) {
  return std::round(m * 1000) / 1000;
}

}  // namespace

core::Result<std::vector<rules::Asset>> BundledReferences::ResolveAssets(std::string_view name) {
  if (std::find(std::begin(kAssetTables), std::end(kAssetTables), name) == std::end(kAssetTables)) {
    return core::Status(core::ErrorCode::kNotFound,
                        fmt::format("unknown bundled asset set '{}' (bundled: {})", name,
                                    fmt::join(kAssetTables, ", ")));
  }
  auto loaded = LoadAssets(std::string(name));
  if (!loaded.ok()) return loaded.status();
  std::vector<rules::Asset> out;
  out.reserve(loaded->size());
  for (const Asset& a : *loaded)
    out.push_back({a.name, a.category, a.position});
  return out;
}

core::Result<core::geo::MultiLineString> BundledReferences::ResolveLine(std::string_view name) {
  if (name != "line_of_contact") {
    return core::Status(core::ErrorCode::kNotFound,
                        fmt::format("unknown bundled line '{}' (bundled: line_of_contact)", name));
  }
  auto line = LoadLineOfContact();
  if (!line.ok()) return line.status();
  return core::geo::MultiLineString{std::move(*line)};
}

std::string AgreementFile(const std::string& path) {
  return path.empty() || path == "bundled" ? DataDirectory() + "/" + std::string(kBundledAgreement)
                                           : path;
}

core::Result<rules::Agreement> LoadAgreement(const std::string& path) {
  const std::string file = AgreementFile(path);
  auto text = ReadInputFile(file);
  if (!text.ok()) return text.status();
  BundledReferences references;
  return rules::ParseAgreement(*text, file, &references);
}

std::optional<CheckFormat> ParseCheckFormat(std::string_view name) {
  if (name == "ndjson") return CheckFormat::kNdjson;
  if (name == "json") return CheckFormat::kJson;
  return std::nullopt;
}

void AppendViolationJson(std::string& out, const rules::Violation& v, const rules::Clause* clause,
                         const core::Incident& incident,
                         const std::vector<std::string>& report_ids) {
  fmt::format_to(std::back_inserter(out), "{{\"incident_id\":{},\"clause_id\":", v.incident_id);
  core::AppendJsonString(out, v.clause_id);
  out += ",\"clause_title\":";
  core::AppendJsonString(out, clause != nullptr ? clause->title : "");
  fmt::format_to(std::back_inserter(out),
                 R"(,"rule":"{}","incident_status":"{}","family":"{}","first_observed_at":"{}")",
                 rules::RuleTypeName(v.rule), core::IncidentStatusName(v.incident_status),
                 core::FamilyName(incident.summary.family),
                 core::FormatRfc3339(incident.summary.first_at));
  out += ",\"lat\":";
  core::AppendJsonNumber(out, incident.summary.lat);
  out += ",\"lon\":";
  core::AppendJsonNumber(out, incident.summary.lon);
  out += ",\"report_ids\":[";
  for (size_t i = 0; i < report_ids.size(); ++i) {
    if (i) out += ',';
    core::AppendJsonString(out, report_ids[i]);
  }
  out += "],\"evidence\":";
  AppendEvidenceJson(out, v.evidence);
  out += "}";
}

void AppendEvidenceJson(std::string& out, const rules::Evidence& e) {
  out += "{";
  bool first = true;
  auto key = [&](std::string_view name) {
    out += first ? "\"" : ",\"";
    out += name;
    out += "\":";
    first = false;
  };
  if (e.line_distance_m) {
    key("line_distance_m");
    core::AppendJsonNumber(out, Millimetres(*e.line_distance_m));
  }
  if (!e.line.empty()) {
    key("line");
    core::AppendJsonString(out, e.line);
  }
  if (!e.side_of_line.empty()) {
    key("side_of_line");
    core::AppendJsonString(out, e.side_of_line);
  }
  if (e.limit_m) {
    key("limit_m");
    core::AppendJsonNumber(out, *e.limit_m);
  }
  if (!e.zone.empty()) {
    key("zone");
    core::AppendJsonString(out, e.zone);
  }
  if (!e.asset_set.empty()) {
    key("asset_set");
    core::AppendJsonString(out, e.asset_set);
  }
  if (!e.asset_name.empty()) {
    key("asset_name");
    core::AppendJsonString(out, e.asset_name);
  }
  if (e.asset_distance_m) {
    key("asset_distance_m");
    core::AppendJsonNumber(out, Millimetres(*e.asset_distance_m));
  }
  if (e.target_category) {
    key("target_category");
    core::AppendJsonString(out, core::TargetCategoryName(*e.target_category));
  }
  if (e.weapon_class) {
    key("weapon_class");
    core::AppendJsonString(out, core::WeaponClassName(*e.weapon_class));
  }
  out += "}";
}

core::Result<CheckSummary> CheckIncidents(store::Store& store, const rules::Evaluator& evaluator,
                                          const store::IncidentQuery& query, CheckFormat format,
                                          std::FILE* out) {
  CheckSummary summary;
  // Incidents are read in pages and evaluated as they come; only those
  // that violate something are kept, for their reports and the ordering.
  std::map<uint64_t, core::Incident> violating;
  std::vector<rules::Violation> violations;
  constexpr uint64_t kPage = 4096;
  store::IncidentQuery paged = query;
  paged.limit = kPage;
  std::vector<core::Incident> page;
  for (;;) {
    page.clear();
    TRUCELINE_RETURN_IF_ERROR(store.ScanIncidents(paged, [&](const core::Incident& incident) {
      page.push_back(incident);
      return true;
    }));
    for (const core::Incident& incident : page) {
      const size_t before = violations.size();
      evaluator.Evaluate(incident, violations);
      if (violations.size() > before) violating.emplace(incident.id, incident);
    }
    summary.incidents += page.size();
    if (page.size() < kPage) break;
    paged.after = {{page.back().summary.first_at, page.back().id}};
  }
  std::stable_sort(violations.begin(), violations.end(),
                   [](const rules::Violation& a, const rules::Violation& b) {
                     return a.incident_id < b.incident_id;
                   });
  std::map<std::string_view, const rules::Clause*> clauses;
  for (const rules::Clause& c : evaluator.agreement().clauses)
    clauses.emplace(c.id, &c);

  ChunkedWriter writer(out);
  std::string& buffer = writer.text();
  if (format == CheckFormat::kJson) {
    buffer += "{\"agreement\":{\"id\":";
    core::AppendJsonString(buffer, evaluator.agreement().id);
    buffer += ",\"title\":";
    core::AppendJsonString(buffer, evaluator.agreement().title);
    buffer += "},\"violations\":[";
  }
  uint64_t reports_of = 0;
  std::vector<std::string> report_ids;
  for (size_t i = 0; i < violations.size(); ++i) {
    const rules::Violation& v = violations[i];
    if (i == 0 || reports_of != v.incident_id) {
      report_ids.clear();
      TRUCELINE_RETURN_IF_ERROR(
          store.ScanIncidentReports(v.incident_id, [&](const store::FusedReport& f) {
            report_ids.push_back(f.report.source + "/" + f.report.id);
          }));
      reports_of = v.incident_id;
    }
    if (format == CheckFormat::kJson) buffer += i ? ",\n" : "\n";
    auto clause = clauses.find(v.clause_id);
    AppendViolationJson(buffer, v, clause == clauses.end() ? nullptr : clause->second,
                        violating.at(v.incident_id), report_ids);
    if (format == CheckFormat::kNdjson) buffer += '\n';
    if (!writer.MaybeFlush()) break;
  }
  if (format == CheckFormat::kJson) buffer += "\n]}\n";
  TRUCELINE_RETURN_IF_ERROR(writer.Finish("the output"));
  summary.violations = violations.size();
  return summary;
}

}  // namespace truceline::app
