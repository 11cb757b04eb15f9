#include "bench_input.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "app/reference_data.hpp"
#include "app/report_export.hpp"
#include "sim/sim.hpp"

namespace truceline::bench {
namespace {

void AppendNumber(std::string& out, double v) {
  fmt::format_to(std::back_inserter(out), "{}", v);
}

}  // namespace

core::Result<std::vector<core::Report>> GenerateReports(size_t count, uint64_t seed,
                                                        double events_per_day,
                                                        std::vector<int64_t>* events) {
  auto line = app::LoadLineOfContact();
  if (!line.ok()) return line.status();
  sim::ExerciseOptions options;
  options.seed = seed;
  options.start = core::FromUnixMicros(1'743'465'600'000'000);  // 2025-04-01T00:00:00Z
  // About 1.6 reports per event: ask for enough events to overshoot `count`.
  double wanted_events = static_cast<double>(count) / 1.4 + 100;
  if (events_per_day > 0) {
    options.events_per_day = events_per_day;
    options.days = static_cast<int>(std::ceil(wanted_events / events_per_day));
  } else {
    options.days = 1;
    options.events_per_day = wanted_events;
  }
  options.line = std::move(*line);
  std::vector<core::Report> reports;
  reports.reserve(count);
  core::Status generated = sim::GenerateExercise(options, [&](const sim::SimulatedReport& s) {
    if (reports.size() >= count) return;
    reports.push_back(s.report);
    if (events != nullptr) events->push_back(s.event);
  });
  if (!generated.ok()) return generated;
  if (reports.size() < count) {
    return core::Status(
        core::ErrorCode::kInternal,
        fmt::format("the simulator gave {} reports, fewer than {}", reports.size(), count));
  }
  return reports;
}

std::string GeoJsonCollection(const std::vector<core::Report>& reports) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  for (size_t i = 0; i < reports.size(); ++i) {
    if (i > 0) out += ",\n";
    app::AppendReportGeoJsonFeature(out, reports[i]);
  }
  out += "\n]}\n";
  return out;
}

std::string_view TableCsvHeader() {
  return "seq,source,id,source_kind,observed_at_us,time_uncertainty_s,lat,lon,"
         "position_uncertainty_m,kind,count,weapon_class,target_category,bearing_deg,text,"
         "content_digest,ingested_at_us\n";
}

void AppendTableCsvRow(std::string& out, int64_t seq, const core::Report& r,
                       const core::ContentDigest& digest, int64_t ingested_at_us) {
  fmt::format_to(std::back_inserter(out), "{},", seq);
  app::AppendCsvField(out, r.source);
  out += ',';
  app::AppendCsvField(out, r.id);
  out += ',';
  out += core::SourceKindName(r.source_kind);
  fmt::format_to(std::back_inserter(out), ",{},{},{},{},{},", core::ToUnixMicros(r.observed_at),
                 r.time_uncertainty_s, r.lat, r.lon, r.position_uncertainty_m);
  out += core::ReportKindName(r.kind);
  fmt::format_to(std::back_inserter(out), ",{},", r.count);
  if (r.weapon_class) out += core::WeaponClassName(*r.weapon_class);
  out += ',';
  if (r.target_category) out += core::TargetCategoryName(*r.target_category);
  out += ',';
  if (r.bearing_deg) AppendNumber(out, *r.bearing_deg);
  out += ',';
  app::AppendCsvField(out, r.text);
  out += ',';
  out += digest.ToHex();
  fmt::format_to(std::back_inserter(out), ",{}\n", ingested_at_us);
}

core::Status WriteFile(const std::string& path, std::string_view text) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), std::fclose);
  if (!file || std::fwrite(text.data(), 1, text.size(), file.get()) != text.size() ||
      std::fflush(file.get()) != 0) {
    return core::Status(core::ErrorCode::kIoError,
                        fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  }
  return core::Status::Ok();
}

}  // namespace truceline::bench
