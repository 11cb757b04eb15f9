#pragma once
// The subcommands of the `truceline` executable. Each Add… registers its
// options on the CLI11 app and sets `run` to the action executed after
// parsing; actions return the process exit code (0 ok, 1 something was
// rejected, 2 usage or configuration, 3 I/O or storage).

#include <functional>

#include <CLI/CLI.hpp>

namespace truceline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitIo = 3;

using Action = std::function<int()>;

void AddIngestCommand(CLI::App& app, Action& run);
void AddReportsCommand(CLI::App& app, Action& run);
void AddSimulateCommand(CLI::App& app, Action& run);
void AddDemoCommand(CLI::App& app, Action& run);
void AddFuseCommand(CLI::App& app, Action& run);
void AddIncidentsCommand(CLI::App& app, Action& run);
void AddReviewCommand(CLI::App& app, Action& run);
void AddMergeCommand(CLI::App& app, Action& run);
void AddSplitCommand(CLI::App& app, Action& run);
void AddCoalitionCommand(CLI::App& app, Action& run);
void AddAidCommand(CLI::App& app, Action& run);
void AddSolveCommand(CLI::App& app, Action& run);
void AddCapabilityCommand(CLI::App& app, Action& run);
void AddCheckCommand(CLI::App& app, Action& run);
void AddAgreementCommand(CLI::App& app, Action& run);
void AddViolationsCommand(CLI::App& app, Action& run);
void AddReportCommand(CLI::App& app, Action& run);
void AddPlanCommand(CLI::App& app, Action& run);
void AddServeCommand(CLI::App& app, Action& run);
void AddUserCommand(CLI::App& app, Action& run);
void AddAuditCommand(CLI::App& app, Action& run);

}  // namespace truceline::cli
