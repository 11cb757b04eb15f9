// truceline demo : what `make run` starts — a simulated exercise day
// ingested into ./truceline.db under the bundled example agreement, its
// violations, the daily report of its last day, and then the server (the
// administrator's password printed once).

#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "app/accounts.hpp"
#include "app/agreement_service.hpp"
#include "app/app.hpp"
#include "app/daily_report.hpp"
#include "app/exercise_file.hpp"
#include "app/window_filter.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/serve_args.hpp"

namespace truceline::cli {
namespace {

struct DemoArgs {
  std::string db = "truceline.db";
  std::string start = "2025-04-01";
  uint64_t seed = 1;
  int days = 1;
  bool serve = true;
  ServeArgs server;
};

// The demo's administrator: created with a random password on the first
// run, which is printed once (the store keeps only its hash).
int EnsureAdministrator(const std::string& db) {
  auto store = app::OpenAccountStore(db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  app::AccountService accounts(**store, clock);
  const app::Actor setup{"demo", app::Role::kAdmin};
  auto users = accounts.ListUsers(setup);
  if (!users.ok()) return ReportFailure(users.status());
  for (const auto& user : *users) {
    if (user.name == "admin") {
      fmt::print(
          "Log in as 'admin' with the password printed when this store was first set up\n"
          "  (forgotten? build/bin/truceline user passwd --db {} --name admin)\n",
          db);
      return kExitOk;
    }
  }
  const std::string password = app::GeneratePassword();
  core::Status added = accounts.AddUser(setup, "admin", app::Role::kAdmin, password);
  if (!added.ok()) return ReportFailure(added);
  fmt::print(
      "Created the administrator. Log in as 'admin' with password: {}\n"
      "  (shown once; change it with: build/bin/truceline user passwd --db {} --name admin)\n",
      password, db);
  return kExitOk;
}

class QuietObserver final : public app::IngestObserver {
 public:
  void OnRejection(const ingest::Rejection&, const ingest::ReportBatch&) override {}
  void OnBatchCommitted(const app::IngestSummary&) override {}
};

int RunDemo(const DemoArgs& args) {
  auto start = app::ParseTimeText("--start", args.start, false);
  if (!start.ok()) return ReportFailure(start.status());
  std::filesystem::path db(args.db);
  std::filesystem::path exercise =
      (db.has_parent_path() ? db.parent_path() : std::filesystem::path(".")) /
      fmt::format("exercise-{}-seed{}.ndjson", args.start, args.seed);
  sim::ExerciseOptions options;
  options.seed = args.seed;
  options.start = *start;
  options.days = args.days;
  fmt::print("Simulating {} day(s) of monitoring from {} (seed {}) into {} ...\n", args.days,
             args.start, args.seed, exercise.string());
  auto written = app::WriteExerciseFiles(options, exercise.string(), "");
  if (!written.ok()) return ReportFailure(written.status());
  fmt::print("  {} reports describing {} events\n", written->reports, written->events);

  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  auto active = (*store)->ActiveAgreement();
  if (!active.ok()) return ReportFailure(active.status());
  if (!active->has_value()) {
    auto activated =
        app::ActivateAgreement(**store, "bundled", {"demo", app::Role::kCoordinator}, clock);
    if (!activated.ok()) return ReportFailure(activated.status());
    fmt::print("Activated the bundled example agreement '{}' (an example, not a real treaty)\n",
               activated->agreement_id);
  }
  app::Service service(**store, clock);
  QuietObserver observer;
  auto summary = service.Ingest({exercise.string()}, {}, observer);
  if (!summary.ok()) return ReportFailure(summary.status());
  auto total = (*store)->CountReports();
  if (!total.ok()) return ReportFailure(total.status());
  fmt::print("Ingested into {}: {{\"accepted\":{},\"duplicates\":{},\"rejected\":{}}}\n", args.db,
             summary->accepted, summary->duplicates, summary->rejected);
  fmt::print("  the store now holds {} reports\n", *total);
  uint64_t incidents = 0, corroborated = 0;
  core::Status counted = (*store)->ScanIncidents({}, [&](const core::Incident& incident) {
    ++incidents;
    corroborated += incident.Status() == core::IncidentStatus::kCorroborated ? 1 : 0;
    return true;
  });
  if (!counted.ok()) return ReportFailure(counted);
  fmt::print("Fused {} reports into {} incidents ({} corroborated by two or more sources)\n",
             summary->fused, incidents, corroborated);
  uint64_t violations = 0;
  counted = (*store)->ScanViolations({}, [&](const store::ViolationRecord&) {
    ++violations;
    return true;
  });
  if (!counted.ok()) return ReportFailure(counted);
  fmt::print("  {} violations of the agreement kept current as they were fused\n", violations);
  store->reset();

  // The daily report of the exercise's last day.
  auto last_day = core::FormatRfc3339(*start + std::chrono::days(args.days - 1)).substr(0, 10);
  app::DailyReportRequest request;
  request.db = args.db;
  request.date = last_day;
  request.out_dir = (exercise.parent_path() / ("report-" + last_day)).string();
  auto report = app::RunDailyReport(request, clock);
  if (!report.ok()) return ReportFailure(report.status());
  fmt::print("Daily report for {} (Europe/Kyiv) in {}/: report.html, report.pdf, report.json\n",
             last_day, request.out_dir);
  fmt::print(
      "Read them back with:\n  build/bin/truceline reports --db {0} --format geojson\n"
      "  build/bin/truceline incidents --db {0} --status corroborated --format geojson\n"
      "  build/bin/truceline violations --db {0}\n",
      args.db);
  if (!args.serve) return kExitOk;

  if (int code = EnsureAdministrator(args.db); code != kExitOk) return code;
  ServeArgs serve = args.server;
  serve.db = args.db;
  auto served = ServeOptionsFrom(serve);
  if (!served.ok()) return ReportFailure(served.status());
  return RunServer(*served, [&](uint16_t port) {
    fmt::print(
        "\nTruceline is serving at {}/  (web map, REST API under /api/v1, OGC API "
        "Features under /ogc)\nStop it with Ctrl-C.\n",
        ServeUrl(*served, port));
    std::fflush(stdout);
  });
}

}  // namespace

void AddDemoCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<DemoArgs>();
  auto* cmd = app.add_subcommand("demo", "Simulate an exercise day and ingest it (make run)");
  cmd->add_option("--db", args->db, "The store to fill");
  cmd->add_option("--start", args->start, "First day of the exercise (YYYY-MM-DD)");
  cmd->add_option("--seed", args->seed, "Random seed");
  cmd->add_option("--days", args->days, "Days to simulate")->check(CLI::Range(1, 365));
  cmd->add_flag("!--no-serve", args->serve, "Stop after loading, without starting the server");
  AddServeOptions(*cmd, args->server);
  cmd->callback([args, &run] { run = [args] { return RunDemo(*args); }; });
}

}  // namespace truceline::cli
