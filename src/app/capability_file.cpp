#include "app/capability_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "app/input_file.hpp"
#include "app/output_file.hpp"

namespace truceline::app {

using core::ErrorCode;
using core::Result;
using core::Status;

Result<CapabilityOutcome> RunCapability(const CapabilityRequest& request) {
  auto text = ReadInputFile(request.model_path);
  if (!text.ok()) return text.status();
  auto model = plan::ParseCapabilityModel(*text, request.model_path);
  if (!model.ok()) return model.status();
  auto report = plan::AnalyseCapability(*model);
  if (!report.ok()) return report.status();
  std::string json = plan::CapabilityReportJson(*report, model->note);
  auto png = RenderGapChart(*report);
  if (!png.ok()) return png.status();

  TRUCELINE_RETURN_IF_ERROR(CreateOutputFolder(request.out_dir));
  CapabilityOutcome outcome;
  outcome.json_path = (std::filesystem::path(request.out_dir) / "capability.json").string();
  outcome.chart_path = (std::filesystem::path(request.out_dir) / "gaps.png").string();
  TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(outcome.json_path, json));
  TRUCELINE_RETURN_IF_ERROR(WriteFileAtomically(outcome.chart_path, *png));
  outcome.report = std::move(*report);
  return outcome;
}

}  // namespace truceline::app
