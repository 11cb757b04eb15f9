#include "app/exercise_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_set>

#include <fmt/format.h>

#include "app/output_file.hpp"
#include "app/reference_data.hpp"
#include "core/report_json.hpp"

namespace truceline::app {

core::Result<ExerciseFileSummary> WriteExerciseFiles(sim::ExerciseOptions options,
                                                     const std::string& reports_path,
                                                     const std::string& truth_path) {
  if (options.line.empty()) {
    auto line = LoadLineOfContact();
    if (!line.ok()) return line.status();
    options.line = std::move(*line);
  }
  if (options.energy_sites.empty()) {
    auto plants = LoadAssets("power_plants");
    if (!plants.ok()) return plants.status();
    for (const Asset& plant : *plants)
      options.energy_sites.push_back(plant.position);
  }
  auto reports = CreateOutputFile(reports_path);
  if (!reports.ok()) return reports.status();
  FilePtr truth(nullptr, std::fclose);
  if (!truth_path.empty()) {
    auto created = CreateOutputFile(truth_path);
    if (!created.ok()) return created.status();
    truth = std::move(*created);
    std::fputs("source,id,event\n", truth.get());
  }
  ExerciseFileSummary summary;
  std::unordered_set<int64_t> events;
  std::string buffer;
  bool failed = false;
  auto flush = [&](std::FILE* f, std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), f) != text.size()) failed = true;
    text.clear();
  };
  std::string truth_buffer;
  core::Status generated = sim::GenerateExercise(options, [&](const sim::SimulatedReport& s) {
    core::AppendReportNdjson(buffer, s.report);
    ++summary.reports;
    if (s.event >= 0) events.insert(s.event);
    if (truth)
      fmt::format_to(std::back_inserter(truth_buffer), "{},{},{}\n", s.report.source, s.report.id,
                     s.event);
    if (buffer.size() > (1 << 20)) flush(reports->get(), buffer);
    if (truth && truth_buffer.size() > (1 << 20)) flush(truth.get(), truth_buffer);
  });
  if (!generated.ok()) return generated;
  flush(reports->get(), buffer);
  if (truth) flush(truth.get(), truth_buffer);
  if (std::fflush(reports->get()) != 0 || (truth && std::fflush(truth.get()) != 0)) failed = true;
  if (failed) {
    return core::Status(core::ErrorCode::kIoError,
                        fmt::format("{}: writing the exercise failed", reports_path));
  }
  summary.events = events.size();
  return summary;
}

}  // namespace truceline::app
