// truceline report daily --db DB --date YYYY-MM-DD --out DIR : the daily
// report of one local day (report.json, report.html, report.pdf, map.png,
// trend.png).

#include <memory>
#include <string>

#include <fmt/format.h>

#include "app/daily_report.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/json_text.hpp"

namespace truceline::cli {
namespace {

struct DailyArgs {
  std::string db;
  std::string date;
  std::string out;
  std::string timezone;
  std::string agreement;
};

int RunDaily(const DailyArgs& args) {
  app::DailyReportRequest request;
  request.db = args.db;
  request.date = args.date;
  request.out_dir = args.out;
  request.timezone = args.timezone;
  request.agreement_source = args.agreement;
  core::SystemClock clock;
  auto outcome = app::RunDailyReport(request, clock);
  if (!outcome.ok()) return ReportFailure(outcome.status());
  const report::DailyReport& r = outcome->report;
  std::string out = "{\"date\":";
  core::AppendJsonString(out, core::FormatCalendarDate(r.date));
  out += ",\"timezone\":";
  core::AppendJsonString(out, r.timezone);
  out += fmt::format(",\"hours\":{},\"incidents\":{},\"reports\":{},\"violations\":", r.day_hours,
                     r.incidents.day, r.reports.day);
  out += r.agreement ? std::to_string(r.violations.day) : "null";
  out += ",\"content_hash\":";
  core::AppendJsonString(out, outcome->content_hash);
  out += ",\"files\":[";
  for (size_t i = 0; i < outcome->files.size(); ++i) {
    if (i) out += ',';
    core::AppendJsonString(out, outcome->files[i]);
  }
  fmt::print("{}]}}\n", out);
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, Action& run) {
  auto* report = app.add_subcommand("report", "Reports on the monitored ceasefire");
  report->require_subcommand(1);
  auto args = std::make_shared<DailyArgs>();
  auto* daily = report->add_subcommand(
      "daily",
      "The daily report of one local day: writes OUT/report.json, report.html, report.pdf, "
      "map.png and trend.png, and prints a JSON summary");
  // The store's existence is checked by the use case (exit code 3, like
  // every missing file), not by the parser.
  daily->add_option("--db", args->db, "The store")->required();
  daily->add_option("--date", args->date, "The local day, YYYY-MM-DD")->required();
  daily->add_option("--out", args->out, "Output folder (created if absent)")->required();
  daily->add_option("--agreement", args->agreement,
                    "Check the incidents against this agreement (a file, or 'bundled'); default: "
                    "the store's active agreement, if any; 'none': no agreement");
  daily->add_option("--timezone", args->timezone,
                    "The zone of the local day (default Europe/Kyiv), e.g. Europe/Kyiv");
  daily->callback([args, &run] { run = [args] { return RunDaily(*args); }; });
}

}  // namespace truceline::cli
