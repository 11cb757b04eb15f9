// truceline ingest --db DB FILE... : validate and store reports.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/fuse.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/local_audit.hpp"
#include "cli/rejection_printer.hpp"

namespace truceline::cli {
namespace {

struct IngestArgs {
  std::string db;
  std::vector<std::string> inputs;
  std::string errors = "text";
  std::string reject_file;
  std::string format;
  size_t batch_records = 50'000;
  bool progress = false;
  bool no_fusion = false;
  std::string fusion_config;
  double lateness_s = app::TrackerOptions{}.lateness_s;
};

int RunIngest(const IngestArgs& args) {
  std::optional<ingest::Format> format;
  if (!args.format.empty()) format = ingest::ParseFormat(args.format);

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> reject_file(nullptr, std::fclose);
  if (!args.reject_file.empty()) {
    reject_file.reset(std::fopen(args.reject_file.c_str(), "w"));
    if (!reject_file) {
      return ReportFailure(core::Status(core::ErrorCode::kIoError,
                                        fmt::format("{}: cannot create the reject file: {}",
                                                    args.reject_file, std::strerror(errno))));
    }
  }
  app::IngestOptions options{format, args.batch_records};
  if (args.no_fusion) {
    options.fusion.reset();
  } else {
    options.fusion->lateness_s = args.lateness_s;
    if (!args.fusion_config.empty()) {
      auto config = app::LoadFusionConfig(args.fusion_config);
      if (!config.ok()) return ReportFailure(config.status());
      options.fusion->config = *config;
    }
  }
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  app::Service service(**store, clock);
  RejectionPrinter observer(args.errors == "json", args.progress, reject_file.get());
  auto summary = service.Ingest(args.inputs, options, observer);
  if (reject_file && std::fflush(reject_file.get()) != 0) observer.set_reject_file_failed();
  // One audit entry per run, with what was committed (also after a failure).
  const app::IngestSummary& counts = summary.ok() ? *summary : observer.committed();
  nlohmann::json detail{{"inputs", args.inputs},           {"accepted", counts.accepted},
                        {"duplicates", counts.duplicates}, {"rejected", counts.rejected},
                        {"fused", counts.fused},           {"completed", summary.ok()}};
  int audited = RecordAudit(args.db, LocalAdmin(), "reports.ingest", "reports", detail.dump());
  if (!summary.ok()) {
    // What was committed before the failure is durable: say so.
    fmt::print("{}\n", IngestSummaryJson(observer.committed()));
    std::fflush(stdout);
    return ReportFailure(summary.status());
  }
  fmt::print("{}\n", IngestSummaryJson(*summary));
  std::fflush(stdout);
  if (audited != kExitOk) return audited;
  if (observer.reject_file_failed()) {
    return ReportFailure(
        core::Status(core::ErrorCode::kIoError,
                     fmt::format("{}: writing rejected records failed", args.reject_file)));
  }
  return summary->rejected > 0 ? kExitRejected : kExitOk;
}

}  // namespace

void AddIngestCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<IngestArgs>();
  auto* cmd = app.add_subcommand(
      "ingest", "Validate reports (NDJSON, CSV, GeoJSON) and store them; prints a JSON summary");
  cmd->add_option("--db", args->db, "The store (an SQLite file, created if missing)")->required();
  cmd->add_option("inputs", args->inputs, "Input files; '-' reads standard input")->required();
  cmd->add_option("--format", args->format, "Input format when the file name does not say")
      ->check(CLI::IsMember({"ndjson", "csv", "geojson"}));
  cmd->add_option("--errors", args->errors, "How to print rejections: text or json (JSON lines)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--reject-file", args->reject_file,
                  "Write every rejected record, as read, to this file");
  cmd->add_option("--batch-size", args->batch_records, "Records per committed batch")
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_flag("--progress", args->progress,
                "After each durable commit print {\"committed\":{...}} on stderr");
  cmd->add_flag("--no-fusion", args->no_fusion,
                "Store only; incidents are brought up to date by the next ingest with fusion");
  cmd->add_option("--fusion-config", args->fusion_config,
                  "Linking thresholds per family (JSON, as for `truceline fuse --config`)");
  cmd->add_option("--lateness", args->lateness_s,
                  "Seconds behind the newest report within which fusion stays in memory; "
                  "older reports are fused through the store (slower, same result)")
      ->check(CLI::Range(0.0, 30.0 * 86400));
  cmd->callback([args, &run] { run = [args] { return RunIngest(*args); }; });
}

}  // namespace truceline::cli
