#include "app/report_export.hpp"

#include <fmt/format.h>

#include "app/output_file.hpp"
#include "core/json_text.hpp"
#include "core/report_json.hpp"

namespace truceline::app {
std::string_view ReportCsvHeader() {
  return "id,source,source_kind,observed_at,time_uncertainty_s,lat,lon,position_uncertainty_m,"
         "kind,count,weapon_class,target_category,bearing_deg,text\n";
}

void AppendCsvField(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void AppendReportCsvRow(std::string& out, const core::Report& r) {
  auto number = [&](double v) { fmt::format_to(std::back_inserter(out), "{}", v); };
  AppendCsvField(out, r.id);
  out += ',';
  AppendCsvField(out, r.source);
  out += ',';
  out += core::SourceKindName(r.source_kind);
  out += ',';
  out += core::FormatRfc3339(r.observed_at);
  out += ',';
  number(r.time_uncertainty_s);
  out += ',';
  number(r.lat);
  out += ',';
  number(r.lon);
  out += ',';
  number(r.position_uncertainty_m);
  out += ',';
  out += core::ReportKindName(r.kind);
  out += ',';
  out += std::to_string(r.count);
  out += ',';
  if (r.weapon_class) out += core::WeaponClassName(*r.weapon_class);
  out += ',';
  if (r.target_category) out += core::TargetCategoryName(*r.target_category);
  out += ',';
  if (r.bearing_deg) number(*r.bearing_deg);
  out += ',';
  AppendCsvField(out, r.text);
  out += '\n';
}

void AppendReportGeoJsonFeature(std::string& out, const core::Report& r) {
  out += R"({"type":"Feature","geometry":{"type":"Point","coordinates":[)";
  core::AppendJsonNumber(out, r.lon);
  out += ',';
  core::AppendJsonNumber(out, r.lat);
  out += R"(]},"properties":{)";
  core::AppendReportMembers(out, r, /*with_position=*/false);
  out += "}}";
}

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "ndjson") return ExportFormat::kNdjson;
  if (name == "geojson") return ExportFormat::kGeoJson;
  if (name == "csv") return ExportFormat::kCsv;
  return std::nullopt;
}

core::Status ExportReports(store::Store& store, const store::ReportQuery& query,
                           ExportFormat format, std::FILE* out) {
  ChunkedWriter writer(out);
  std::string& buffer = writer.text();
  if (format == ExportFormat::kCsv) buffer += ReportCsvHeader();
  if (format == ExportFormat::kGeoJson)
    buffer += "{\"type\":\"FeatureCollection\",\"features\":[\n";
  bool first = true;
  core::Status scanned = store.ScanReports(query, [&](const store::StoredReport& stored) {
    switch (format) {
      case ExportFormat::kNdjson:
        core::AppendReportNdjson(buffer, stored.report);
        break;
      case ExportFormat::kCsv:
        AppendReportCsvRow(buffer, stored.report);
        break;
      case ExportFormat::kGeoJson:
        if (!first) buffer += ",\n";
        AppendReportGeoJsonFeature(buffer, stored.report);
        break;
    }
    first = false;
    return writer.MaybeFlush();
  });
  if (format == ExportFormat::kGeoJson) buffer += "\n]}\n";
  core::Status written = writer.Finish("the output");
  if (!scanned.ok()) return scanned;
  return written;
}

}  // namespace truceline::app
