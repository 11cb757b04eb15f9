// truceline: the command-line front end. Thin: parses arguments and hands
// over to the app layer (see commands.hpp for the subcommands).

#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace truceline::cli;
  CLI::App app{"Truceline: ceasefire monitoring, coalition registry and force planning"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "truceline 0.1.0");
  Action run;
  AddIngestCommand(app, run);
  AddReportsCommand(app, run);
  AddFuseCommand(app, run);
  AddIncidentsCommand(app, run);
  AddReviewCommand(app, run);
  AddMergeCommand(app, run);
  AddSplitCommand(app, run);
  AddSimulateCommand(app, run);
  AddDemoCommand(app, run);
  AddCoalitionCommand(app, run);
  AddAidCommand(app, run);
  AddSolveCommand(app, run);
  AddCapabilityCommand(app, run);
  AddCheckCommand(app, run);
  AddAgreementCommand(app, run);
  AddViolationsCommand(app, run);
  AddReportCommand(app, run);
  AddPlanCommand(app, run);
  AddServeCommand(app, run);
  AddUserCommand(app, run);
  AddAuditCommand(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    return run();
  } catch (const std::exception& e) {
    fmt::print(stderr, "truceline: internal error: {}\n", e.what());
    return kExitIo;
  }
}
