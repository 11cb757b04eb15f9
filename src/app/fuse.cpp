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

// Accumulates an incident's summary from its reports.
struct IncidentSummary {
  core::Family family = core::Family::kOther;
  uint64_t reports = 0;
  core::UtcMicros first{core::UtcMicros::max()};
  core::UtcMicros last{core::UtcMicros::min()};
  std::set<std::string> sources;
  double weight = 0, lat = 0, lon = 0;

  void Add(const core::Report& r) {
    family = core::FamilyOf(r.kind);
    ++reports;
    first = std::min(first, r.observed_at);
    last = std::max(last, r.observed_at);
    sources.insert(r.source);
    // Inverse-variance weights; a report claiming no uncertainty counts as 1 m.
    double sigma = std::max(r.position_uncertainty_m, 1.0);
    double w = 1 / (sigma * sigma);
    weight += w;
    lat += w * r.lat;
    lon += w * r.lon;
  }
};

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
  std::string buffer;
  bool failed = false;
  auto flush = [&](std::FILE* file, bool force) {
    if (buffer.size() < (1 << 20) && !force) return;
    if (std::fwrite(buffer.data(), 1, buffer.size(), file) != buffer.size()) failed = true;
    buffer.clear();
  };
  for (size_t i = 0; i < reports.size(); ++i) {
    buffer += '{';
    core::AppendReportMembers(buffer, reports[i]);
    buffer += ",\"incident_id\":\"";
    buffer += IncidentId(labels[i]);
    buffer += "\"}\n";
    flush(out->get(), false);
  }
  flush(out->get(), true);
  if (failed || std::fflush(out->get()) != 0) {
    return core::Status(core::ErrorCode::kIoError, fmt::format("{}: writing failed", out_path));
  }

  if (!incidents_path.empty()) {
    std::vector<IncidentSummary> incidents(summary.incidents);
    for (size_t i = 0; i < reports.size(); ++i)
      incidents[labels[i]].Add(reports[i]);
    auto file = CreateOutputFile(incidents_path);
    if (!file.ok()) return file.status();
    for (size_t k = 0; k < incidents.size(); ++k) {
      const IncidentSummary& s = incidents[k];
      fmt::format_to(std::back_inserter(buffer),
                     R"({{"incident_id":"{}","family":"{}","reports":{},"sources":{},)"
                     R"("first_observed_at":"{}","last_observed_at":"{}","lat":)",
                     IncidentId(static_cast<uint32_t>(k)), core::FamilyName(s.family), s.reports,
                     s.sources.size(), core::FormatRfc3339(s.first), core::FormatRfc3339(s.last));
      core::AppendJsonNumber(buffer, s.lat / s.weight);
      buffer += ",\"lon\":";
      core::AppendJsonNumber(buffer, s.lon / s.weight);
      buffer += "}\n";
      flush(file->get(), false);
    }
    flush(file->get(), true);
    if (failed || std::fflush(file->get()) != 0) {
      return core::Status(core::ErrorCode::kIoError,
                          fmt::format("{}: writing failed", incidents_path));
    }
  }
  return summary;
}

}  // namespace truceline::app
