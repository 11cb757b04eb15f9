// truceline reports --db DB [--from] [--to] [--bbox] [--format] : read reports back.

#include <memory>

#include "app/app.hpp"
#include "app/report_export.hpp"
#include "app/window_filter.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace truceline::cli {
namespace {

struct ReportsArgs {
  std::string db;
  std::string from, to, bbox;
  std::string format = "ndjson";
  uint64_t limit = 0;
};

int RunReports(const ReportsArgs& args) {
  store::ReportQuery query;
  auto window = app::ParseWindow("--", args.from, args.to, args.bbox);
  if (!window.ok()) return ReportFailure(window.status());
  query.from = window->from;
  query.to = window->to;
  query.bbox = window->bbox;
  if (args.limit > 0) query.limit = args.limit;
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  auto format = app::ParseExportFormat(args.format);
  core::Status exported = app::ExportReports(**store, query, *format, stdout);
  return exported.ok() ? kExitOk : ReportFailure(exported);
}

}  // namespace

void AddReportsCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<ReportsArgs>();
  auto* cmd = app.add_subcommand("reports", "Print stored reports, ordered by observation time");
  cmd->add_option("--db", args->db, "The store")->required()->check(CLI::ExistingFile);
  cmd->add_option("--from", args->from, "Observed at or after (RFC 3339, or YYYY-MM-DD)");
  cmd->add_option("--to", args->to, "Observed at or before (RFC 3339, or YYYY-MM-DD: whole day)");
  cmd->add_option("--bbox", args->bbox, "W,S,E,N in degrees");
  cmd->add_option("--format", args->format, "ndjson, geojson (RFC 7946) or csv")
      ->check(CLI::IsMember({"ndjson", "geojson", "csv"}));
  cmd->add_option("--limit", args->limit, "At most this many reports");
  cmd->callback([args, &run] { run = [args] { return RunReports(*args); }; });
}

}  // namespace truceline::cli
