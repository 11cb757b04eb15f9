#include "app/fuse.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/incident_export.hpp"
#include "app/incident_tracker.hpp"
#include "app/output_file.hpp"
#include "core/json_text.hpp"
#include "core/report_json.hpp"

namespace truceline::app {
namespace {

core::Status ConfigError(const std::string& path, const std::string& where,
                         const std::string& reason) {
  return core::Status(core::ErrorCode::kInvalidArgument,
                      fmt::format("{}: {}: {}", path, where, reason));
}

std::string IncidentId(uint32_t label) {
  return fmt::format("I{:07}", label + 1);
}

}  // namespace

core::Result<fusion::FusionConfig> LoadFusionConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return core::Status(
        core::ErrorCode::kInvalidArgument,
        fmt::format("{}: cannot open the fusion config: {}", path, std::strerror(errno)));
  }
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return ConfigError(path, "$", "not valid JSON");
  if (!doc.is_object()) return ConfigError(path, "$", "must be an object");
  fusion::FusionConfig config = fusion::FusionConfig::Defaults();
  for (const auto& [key, value] : doc.items()) {
    if (key != "families") {
      return ConfigError(path, "$." + key, "unknown setting; the config holds \"families\"");
    }
    if (!value.is_object()) return ConfigError(path, "$.families", "must be an object");
    for (const auto& [name, settings] : value.items()) {
      std::string where = "$.families." + name;
      auto family = core::ParseFamily(name);
      if (!family) {
        return ConfigError(
            path, where,
            fmt::format("unknown family; must be one of {}", fmt::join(core::FamilyNames(), ", ")));
      }
      if (!settings.is_object()) return ConfigError(path, where, "must be an object");
      fusion::LinkThresholds thresholds = config.For(*family);
      for (const auto& [setting, number] : settings.items()) {
        double* target = setting == "distance_m" ? &thresholds.distance_m
                         : setting == "time_s"   ? &thresholds.time_s
                                                 : nullptr;
        if (target == nullptr) {
          return ConfigError(path, where + "." + setting,
                             "unknown setting; must be distance_m or time_s");
        }
        if (!number.is_number() || !std::isfinite(number.get<double>()) ||
            number.get<double>() < 0) {
          return ConfigError(path, where + "." + setting,
                             fmt::format("must be a number >= 0, not {}", number.dump()));
        }
        *target = number.get<double>();
      }
      config.Set(*family, thresholds);
    }
  }
  return config;
}

core::Result<FuseSummary> FuseFiles(const std::vector<std::string>& inputs,
                                    std::optional<ingest::Format> format,
                                    const fusion::FusionConfig& config, const std::string& out_path,
                                    const std::string& incidents_path, const core::Clock& clock,
                                    IngestObserver& observer) {
  ingest::ValidationPolicy policy{&clock};
  std::vector<std::unique_ptr<ingest::Reader>> readers;
  for (const auto& path : inputs) {
    auto reader = ingest::OpenReader(path, format, policy);
    if (!reader.ok()) return reader.status();
    readers.push_back(std::move(*reader));
  }
  FuseSummary summary;
  std::vector<core::Report> reports;
  for (auto& reader : readers) {
    bool more = true;
    while (more) {
      ingest::ReportBatch batch;
      auto read = reader->ReadBatch(batch, 50'000);
      if (!read.ok()) return read.status();
      more = *read;
      for (const auto& rejection : batch.rejections)
        observer.OnRejection(rejection, batch);
      summary.rejected += batch.rejections.size();
      for (auto& r : batch.reports)
        reports.push_back(std::move(r));
    }
  }
  std::vector<fusion::FusionPoint> points;
  points.reserve(reports.size());
  for (const auto& r : reports)
    points.push_back(fusion::ToFusionPoint(r));
  std::vector<uint32_t> labels = fusion::ClusterBatch(points, config);
  points = {};
  summary.reports = reports.size();
  for (uint32_t label : labels)
    summary.incidents = std::max<uint64_t>(summary.incidents, label + 1);

  auto out = CreateOutputFile(out_path);
  if (!out.ok()) return out.status();
  ChunkedWriter writer(out->get());
  for (size_t i = 0; i < reports.size(); ++i) {
    std::string& buffer = writer.text();
    buffer += '{';
    core::AppendReportMembers(buffer, reports[i]);
    buffer += ",\"incident_id\":\"";
    buffer += IncidentId(labels[i]);
    buffer += "\"}\n";
    writer.MaybeFlush();
  }
  TRUCELINE_RETURN_IF_ERROR(writer.Finish(out_path));

  if (!incidents_path.empty()) {
    auto regions = AdminRegions::LoadBundled();
    if (!regions.ok()) return regions.status();
    auto file = CreateOutputFile(incidents_path);
    if (!file.ok()) return file.status();
    ChunkedWriter incidents(file->get());
    // Reports grouped by incident, in input order within each.
    std::vector<uint32_t> order(reports.size());
    for (uint32_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return labels[a] < labels[b]; });
    std::vector<core::Report> members;
    std::vector<ReportKey> keys;
    for (size_t begin = 0; begin < order.size();) {
      size_t end = begin;
      members.clear();
      keys.clear();
      for (; end < order.size() && labels[order[end]] == labels[order[begin]]; ++end) {
        members.push_back(reports[order[end]]);
        keys.push_back({reports[order[end]].source, reports[order[end]].id});
      }
      core::Incident incident;
      incident.summary = fusion::SummarizeIncident(members);
      incident.admin_region = regions->At(incident.summary.lat, incident.summary.lon);
      std::string& buffer = incidents.text();
      buffer += "{\"incident_id\":\"";
      buffer += IncidentId(labels[order[begin]]);
      buffer += "\",";
      AppendIncidentMembers(buffer, incident, keys);
      buffer += "}\n";
      incidents.MaybeFlush();
      begin = end;
    }
    TRUCELINE_RETURN_IF_ERROR(incidents.Finish(incidents_path));
  }
  return summary;
}

}  // namespace truceline::app
