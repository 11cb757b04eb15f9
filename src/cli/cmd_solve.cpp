// truceline solve --problem pmedian|cfl|mclp --file F [--p P] [--radius S]
//                 [--capacity C] [--time-limit SEC] : standard location problems.

#include <memory>
#include <optional>

#include <fmt/format.h>

#include "app/solve_file.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace truceline::cli {
namespace {

struct SolveArgs {
  std::string problem;
  std::string file;
  std::optional<int> p;
  std::optional<double> radius;
  std::optional<double> capacity;
  double time_limit = 60.0;
  int threads = 1;
  bool heuristic_only = false;
  bool textbook = false;
  int solver_log = 0;
};

int RunSolve(const SolveArgs& args) {
  app::SolveFileRequest request;
  request.problem = args.problem == "pmedian" ? app::LocationProblem::kPMedian
                    : args.problem == "cfl"   ? app::LocationProblem::kCapacitated
                                              : app::LocationProblem::kCovering;
  request.path = args.file;
  request.p = args.p;
  request.radius = args.radius;
  request.capacity = args.capacity;
  request.options.time_limit_s = args.time_limit;
  request.options.threads = args.threads;
  request.options.heuristic_only = args.heuristic_only;
  request.textbook = args.textbook;
  request.options.log_level = args.solver_log;
  auto report = app::SolveFile(request);
  if (!report.ok()) return ReportFailure(report.status());
  fmt::print(
      R"({{"objective":{:.12g},"bound":{:.12g},"gap":{:.6g},"proven_optimal":{},"seconds":{:.3f},)"
      R"("heuristic_objective":{:.12g},"heuristic_seconds":{:.3f},"open_sites":{}}})"
      "\n",
      report->objective, report->bound, report->gap, report->proven_optimal, report->seconds,
      report->heuristic_objective, report->heuristic_seconds, report->plan.open_sites.size());
  return kExitOk;
}

}  // namespace

void AddSolveCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<SolveArgs>();
  auto* cmd = app.add_subcommand(
      "solve",
      "Solve a standard location problem file (OR-Library p-median or capacitated "
      "facility location, SJC maximal covering); prints JSON");
  cmd->add_option("--problem", args->problem, "pmedian, cfl or mclp")
      ->required()
      ->check(CLI::IsMember({"pmedian", "cfl", "mclp"}));
  cmd->add_option("--file", args->file, "The instance file")->required();
  cmd->add_option("--p", args->p, "Number of sites to open (pmedian: overrides the file's)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--radius", args->radius, "mclp: coverage radius (file units)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--capacity", args->capacity, "cfl: capacity of every site")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--time-limit", args->time_limit, "Seconds for the whole solve (default 60)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", args->threads, "CBC threads (default 1)")->check(CLI::Range(1, 64));
  cmd->add_flag("--heuristic-only", args->heuristic_only,
                "Heuristic and local search only (no CBC; trivial bound)");
  cmd->add_flag("--textbook", args->textbook,
                "Benchmark peer: CBC alone on the plain formulation, no heuristic")
      ->group("");
  cmd->add_option("--solver-log", args->solver_log, "CBC log level (0 = silent)")
      ->check(CLI::Range(0, 3))
      ->group("");
  cmd->callback([args, &run] { run = [args] { return RunSolve(*args); }; });
}

}  // namespace truceline::cli
