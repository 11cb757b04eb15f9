// truceline fuse IN... --out OUT [--config C] [--incidents F] : batch fusion.

#include <memory>

#include <fmt/format.h>

#include "app/fuse.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/rejection_printer.hpp"

namespace truceline::cli {
namespace {

struct FuseArgs {
  std::vector<std::string> inputs;
  std::string out;
  std::string config;
  std::string incidents;
  std::string format;
  std::string errors = "text";
};

int RunFuse(const FuseArgs& args) {
  fusion::FusionConfig config = fusion::FusionConfig::Defaults();
  if (!args.config.empty()) {
    auto loaded = app::LoadFusionConfig(args.config);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    config = *loaded;
  }
  std::optional<ingest::Format> format;
  if (!args.format.empty()) format = ingest::ParseFormat(args.format);
  core::SystemClock clock;
  RejectionPrinter printer(args.errors == "json", /*progress=*/false, nullptr);
  auto summary =
      app::FuseFiles(args.inputs, format, config, args.out, args.incidents, clock, printer);
  if (!summary.ok()) return ReportFailure(summary.status());
  fmt::print(stderr,
             R"({{"reports":{},"incidents":{},"rejected":{}}})"
             "\n",
             summary->reports, summary->incidents, summary->rejected);
  return summary->rejected > 0 ? kExitRejected : kExitOk;
}

}  // namespace

void AddFuseCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<FuseArgs>();
  auto* cmd = app.add_subcommand(
      "fuse", "Fuse report files into incidents (stateless): every report with its incident_id");
  cmd->add_option("inputs", args->inputs, "Input files (NDJSON, CSV, GeoJSON); '-' = stdin")
      ->required();
  cmd->add_option("--out", args->out, "Output: the reports as NDJSON with incident_id")->required();
  cmd->add_option("--config", args->config,
                  "Fusion thresholds: {\"families\":{\"indirect_fire\":{\"distance_m\":1500,"
                  "\"time_s\":120},...}}");
  cmd->add_option("--incidents", args->incidents, "Also write one NDJSON line per incident");
  cmd->add_option("--format", args->format, "Input format when the file name does not say")
      ->check(CLI::IsMember({"ndjson", "csv", "geojson"}));
  cmd->add_option("--errors", args->errors, "How to print rejections: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([args, &run] { run = [args] { return RunFuse(*args); }; });
}

}  // namespace truceline::cli
