#include "app/incident_export.hpp"

#include <fmt/format.h>

#include "app/output_file.hpp"
#include "core/json_text.hpp"

namespace truceline::app {

void AppendIncidentSummaryMembers(std::string& out, const core::Incident& incident) {
  const core::IncidentSummary& s = incident.summary;
  fmt::format_to(std::back_inserter(out), R"("family":"{}","kind":"{}","status":"{}")",
                 core::FamilyName(s.family), core::ReportKindName(s.kind),
                 core::IncidentStatusName(incident.Status()));
  if (incident.review) {
    out += ",\"review\":{\"status\":";
    core::AppendJsonString(out, core::IncidentStatusName(incident.review->status));
    out += ",\"reason\":";
    core::AppendJsonString(out, incident.review->reason);
    out += ",\"analyst\":";
    core::AppendJsonString(out, incident.review->analyst);
    fmt::format_to(std::back_inserter(out), R"(,"at":"{}"}})",
                   core::FormatRfc3339(incident.review->at));
  }
  out += ",\"confidence\":";
  core::AppendJsonNumber(out, s.confidence);
  out += ",\"lat\":";
  core::AppendJsonNumber(out, s.lat);
  out += ",\"lon\":";
  core::AppendJsonNumber(out, s.lon);
  out += ",\"uncertainty_m\":";
  core::AppendJsonNumber(out, s.uncertainty_m);
  fmt::format_to(std::back_inserter(out),
                 R"(,"first_observed_at":"{}","last_observed_at":"{}","report_count":{},)"
                 R"("source_count":{},"source_kind_count":{},"admin_region":)",
                 core::FormatRfc3339(s.first_at), core::FormatRfc3339(s.last_at), s.report_count,
                 s.source_count, s.source_kind_count);
  core::AppendJsonString(out, incident.admin_region);
}

void AppendIncidentMembers(std::string& out, const core::Incident& incident,
                           std::span<const ReportKey> reports) {
  AppendIncidentSummaryMembers(out, incident);
  out += ",\"reports\":[";
  for (size_t i = 0; i < reports.size(); ++i) {
    out += i ? ",{\"source\":" : "{\"source\":";
    core::AppendJsonString(out, reports[i].source);
    out += ",\"id\":";
    core::AppendJsonString(out, reports[i].id);
    out += '}';
  }
  out += ']';
}

std::string_view IncidentCsvHeader() {
  return "incident_id,family,kind,status,confidence,lat,lon,uncertainty_m,first_observed_at,"
         "last_observed_at,report_count,source_count,source_kind_count,admin_region,"
         "review_reason,review_analyst,reports\n";
}

void AppendIncidentCsvRow(std::string& out, const core::Incident& incident,
                          std::span<const ReportKey> reports) {
  const core::IncidentSummary& s = incident.summary;
  fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{},{},{},", incident.id,
                 core::FamilyName(s.family), core::ReportKindName(s.kind),
                 core::IncidentStatusName(incident.Status()), s.confidence, s.lat, s.lon,
                 s.uncertainty_m, core::FormatRfc3339(s.first_at), core::FormatRfc3339(s.last_at),
                 s.report_count, s.source_count, s.source_kind_count);
  AppendCsvField(out, incident.admin_region);
  out += ',';
  AppendCsvField(out, incident.review ? incident.review->reason : "");
  out += ',';
  AppendCsvField(out, incident.review ? incident.review->analyst : "");
  out += ',';
  std::string keys;
  for (size_t i = 0; i < reports.size(); ++i) {
    if (i) keys += ' ';
    keys += reports[i].source;
    keys += '/';
    keys += reports[i].id;
  }
  AppendCsvField(out, keys);
  out += '\n';
}

core::Status ExportIncidents(store::Store& store, const store::IncidentQuery& query,
                             ExportFormat format, std::FILE* out) {
  ChunkedWriter writer(out);
  std::string& buffer = writer.text();
  if (format == ExportFormat::kCsv) buffer += IncidentCsvHeader();
  if (format == ExportFormat::kGeoJson)
    buffer += "{\"type\":\"FeatureCollection\",\"features\":[\n";
  // Incidents are read first, then their reports, so that two statements
  // are never stepped at once on the store's single connection.
  std::vector<core::Incident> page;
  std::vector<ReportKey> keys;
  bool first = true;
  core::Status status;
  auto write_page = [&]() -> bool {
    for (const core::Incident& incident : page) {
      keys.clear();
      status = store.ScanIncidentReports(incident.id, [&](const store::FusedReport& fused) {
        keys.push_back({fused.report.source, fused.report.id});
      });
      if (!status.ok()) return false;
      switch (format) {
        case ExportFormat::kNdjson:
          fmt::format_to(std::back_inserter(buffer), "{{\"incident_id\":{},", incident.id);
          AppendIncidentMembers(buffer, incident, keys);
          buffer += "}\n";
          break;
        case ExportFormat::kCsv:
          AppendIncidentCsvRow(buffer, incident, keys);
          break;
        case ExportFormat::kGeoJson:
          if (!first) buffer += ",\n";
          fmt::format_to(
              std::back_inserter(buffer),
              R"({{"type":"Feature","id":{},"geometry":{{"type":"Point","coordinates":[)",
              incident.id);
          core::AppendJsonNumber(buffer, incident.summary.lon);
          buffer += ',';
          core::AppendJsonNumber(buffer, incident.summary.lat);
          fmt::format_to(std::back_inserter(buffer), R"(]}},"properties":{{"incident_id":{},)",
                         incident.id);
          AppendIncidentMembers(buffer, incident, keys);
          buffer += "}}";
          break;
      }
      first = false;
      if (!writer.MaybeFlush()) return false;
    }
    page.clear();
    return true;
  };
  // Pages of incidents by (first observation, id), resumed after the last.
  constexpr uint64_t kPage = 4096;
  store::IncidentQuery paged = query;
  uint64_t remaining = query.limit.value_or(UINT64_MAX);
  std::optional<std::pair<core::UtcMicros, uint64_t>> after;
  while (remaining > 0) {
    paged.limit = std::min(remaining, kPage);
    paged.after = after;
    status = store.ScanIncidents(paged, [&](const core::Incident& incident) {
      page.push_back(incident);
      return true;
    });
    if (!status.ok()) break;
    if (page.empty()) break;
    remaining -= page.size();
    after = {{page.back().summary.first_at, page.back().id}};
    bool full = page.size() == *paged.limit;
    if (!write_page() || !full) break;
  }
  if (format == ExportFormat::kGeoJson) buffer += "\n]}\n";
  core::Status written = writer.Finish("the output");
  if (!status.ok()) return status;
  return written;
}

}  // namespace truceline::app
