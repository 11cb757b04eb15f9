#include "app/daily_report.hpp"

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "app/agreement_check.hpp"
#include "app/agreement_service.hpp"
#include "app/app.hpp"
#include "app/input_file.hpp"
#include "app/output_file.hpp"
#include "app/reference_data.hpp"
#include "report/render.hpp"

namespace truceline::app {

namespace chr = std::chrono;
using core::ErrorCode;
using core::Result;
using core::Status;

namespace {

bool ValidZoneName(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
          c == '+')) {
      return false;
    }
  }
  return true;
}

// The reference layers and towns of the report.
struct Reference {
  report::MapLayers layers;
  std::vector<report::Town> towns;
};

Result<Reference> LoadReference() {
  Reference ref;
  auto oblasts = LoadOblasts();
  if (!oblasts.ok()) return oblasts.status();
  for (Oblast& o : *oblasts)
    ref.layers.oblasts.push_back({o.name, std::move(o.area)});
  auto line = LoadLineOfContact();
  if (!line.ok()) return line.status();
  ref.layers.line_of_contact = std::move(*line);
  auto towns = LoadTowns();
  if (!towns.ok()) return towns.status();
  for (Town& t : *towns)
    ref.towns.push_back({std::move(t.name), std::move(t.oblast), t.position});
  return ref;
}

// Reads the window's incidents and the last 8 days' reports.
Status GatherFromStore(store::Store& store, report::DailyReportInput& input) {
  chr::sys_days day{input.date};
  core::UtcMicros window_start =
      input.zone.StartOfLocalDay(chr::year_month_day(day - chr::days(report::kTrendDays - 1)));
  core::UtcMicros reports_start =
      input.zone.StartOfLocalDay(chr::year_month_day(day - chr::days(report::kMeanDays)));
  core::UtcMicros end = input.zone.StartOfLocalDay(chr::year_month_day(day + chr::days(1)));
  const core::UtcMicros last = end - chr::microseconds(1);  // queries are inclusive

  store::IncidentQuery incidents;
  incidents.from = window_start;
  incidents.to = last;
  TRUCELINE_RETURN_IF_ERROR(store.ScanIncidents(incidents, [&](const core::Incident& incident) {
    // The query selects spans that overlap the window; the report counts
    // an incident on the day of its first observation.
    if (incident.summary.first_at >= window_start) input.incidents.push_back(incident);
    return true;
  }));
  store::ReportQuery reports;
  reports.from = reports_start;
  reports.to = last;
  return store.ScanReports(reports, [&](const store::StoredReport& stored) {
    input.reports.push_back(
        {stored.report.source, stored.report.source_kind, stored.report.observed_at});
    return true;
  });
}

// The evaluator of the agreement `source` names (see
// DailyReportRequest::agreement_source); nullopt for none.
Result<std::optional<rules::Evaluator>> EvaluatorFor(store::Store& store,
                                                     const std::string& source) {
  if (source == "none") return std::optional<rules::Evaluator>();
  if (source.empty()) {
    auto active = LoadActiveRules(store);
    if (!active.ok()) return active.status();
    if (!active->has_value()) return std::optional<rules::Evaluator>();
    return std::optional<rules::Evaluator>((*active)->evaluator);
  }
  auto loaded = LoadAgreement(source);
  if (!loaded.ok()) return loaded.status();
  return std::optional<rules::Evaluator>(rules::Evaluator(std::move(*loaded)));
}

report::AgreementInfo AgreementInfoOf(const rules::Agreement& agreement) {
  report::AgreementInfo info;
  info.id = agreement.id;
  info.title = agreement.title;
  info.timezone = agreement.timezone;
  for (const rules::Clause& clause : agreement.clauses)
    info.clauses.push_back({clause.id, clause.title, clause.rule});
  return info;
}

}  // namespace

Result<core::TimeZone> LoadTimeZone(const std::string& name) {
  if (!ValidZoneName(name)) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("'{}' is not a time zone name (e.g. Europe/Kyiv)", name));
  }
  const char* dir = std::getenv("TZDIR");
  std::string path = fmt::format("{}/{}", dir && *dir ? dir : "/usr/share/zoneinfo", name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status(
        ErrorCode::kInvalidArgument,
        fmt::format("unknown time zone '{}': no file {} (is tzdata installed?)", name, path));
  }
  auto bytes = ReadInputFile(path);
  if (!bytes.ok()) return bytes.status();
  return core::ParseTzif(name, *bytes);
}

Result<DailyReportOutcome> RunDailyReport(const DailyReportRequest& request,
                                          const core::Clock& clock) {
  auto date = core::ParseCalendarDate(request.date);
  if (!date) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("--date '{}': expected a calendar date YYYY-MM-DD", request.date));
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(request.db, ec)) {
    return Status(
        ErrorCode::kNotFound,
        fmt::format("{}: no such store (a report reads an existing database)", request.db));
  }
  auto store = OpenStore(request.db);
  if (!store.ok()) return store.status();
  std::optional<report::AgreementInfo> agreement = request.agreement;
  auto evaluator = request.agreement ? std::optional<rules::Evaluator>()
                                     : EvaluatorFor(**store, request.agreement_source);
  if (!evaluator.ok()) return evaluator.status();
  if (evaluator->has_value()) agreement = AgreementInfoOf((*evaluator)->agreement());

  std::string zone_name = request.timezone;
  if (zone_name.empty() && agreement) zone_name = agreement->timezone;
  if (zone_name.empty()) zone_name = kDefaultTimeZone;
  auto zone = LoadTimeZone(zone_name);
  if (!zone.ok()) return zone.status();
  auto reference = LoadReference();
  if (!reference.ok()) return reference.status();

  report::DailyReportInput input;
  input.date = *date;
  input.zone = std::move(*zone);
  input.agreement = agreement;
  input.towns = std::move(reference->towns);
  TRUCELINE_RETURN_IF_ERROR(GatherFromStore(**store, input));
  input.violations =
      evaluator->has_value() ? (*evaluator)->EvaluateAll(input.incidents) : request.violations;

  auto built = report::BuildDailyReport(input);
  if (!built.ok()) return built.status();
  std::string json = report::RenderJson(*built);
  report::RenderOptions options;
  options.content_hash = report::StatedContentHash(json);
  options.generated_at = core::FormatRfc3339(chr::floor<chr::seconds>(clock.Now()));
  auto map = report::RenderMapPng(*built, reference->layers);
  if (!map.ok()) return map.status();
  auto trend = report::RenderTrendPng(*built);
  if (!trend.ok()) return trend.status();
  auto pdf = report::RenderPdf(*built, reference->layers, options);
  if (!pdf.ok()) return pdf.status();
  std::string html = report::RenderHtml(*built, options);

  TRUCELINE_RETURN_IF_ERROR(CreateOutputFolder(request.out_dir));
  DailyReportOutcome outcome;
  outcome.content_hash = options.content_hash;
  const std::pair<const char*, const std::string*> files[] = {{"map.png", &*map},
                                                              {"trend.png", &*trend},
                                                              {"report.pdf", &*pdf},
                                                              {"report.html", &html},
                                                              {"report.json", &json}};
  for (const auto& [name, content] : files) {
    std::string path = (std::filesystem::path(request.out_dir) / name).string();
    TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(path, *content));
    outcome.files.push_back(std::move(path));
  }
  outcome.report = std::move(*built);
  return outcome;
}

}  // namespace truceline::app
