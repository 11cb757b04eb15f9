// truceline simulate --days N --seed S --out FILE : a realistic exercise.

#include <memory>

#include <fmt/format.h>

#include "app/exercise_file.hpp"
#include "app/window_filter.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace truceline::cli {
namespace {

struct SimulateArgs {
  int days = 1;
  uint64_t seed = 1;
  std::string out;
  std::string truth;
  std::string start = "2025-04-01";
  double events_per_day = 2000;
};

int RunSimulate(const SimulateArgs& args) {
  auto start = app::ParseTimeText("--start", args.start, /*end_of_day=*/false);
  if (!start.ok()) return ReportFailure(start.status());
  sim::ExerciseOptions options;
  options.seed = args.seed;
  options.start = *start;
  options.days = args.days;
  options.events_per_day = args.events_per_day;
  auto written = app::WriteExerciseFiles(options, args.out, args.truth);
  if (!written.ok()) return ReportFailure(written.status());
  fmt::print(R"({{"reports":{},"events":{},"out":"{}"}})"
             "\n",
             written->reports, written->events, args.out);
  return kExitOk;
}

}  // namespace

void AddSimulateCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<SimulateArgs>();
  auto* cmd = app.add_subcommand(
      "simulate", "Generate a seeded, realistic monitoring exercise along the line of contact");
  cmd->add_option("--days", args->days, "Length in days")->check(CLI::Range(1, 3650));
  cmd->add_option("--seed", args->seed, "Random seed: the same seed gives the same exercise");
  cmd->add_option("--out", args->out, "Reports, as NDJSON")->required();
  cmd->add_option("--truth", args->truth, "Ground truth as CSV source,id,event (-1: false report)");
  cmd->add_option("--start", args->start, "First instant (RFC 3339 or YYYY-MM-DD, UTC)");
  cmd->add_option("--events-per-day", args->events_per_day, "Mean true events per day")
      ->check(CLI::Range(1.0, 10'000'000.0));
  cmd->callback([args, &run] { run = [args] { return RunSimulate(*args); }; });
}

}  // namespace truceline::cli
