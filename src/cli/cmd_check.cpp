// truceline check --db DB [--agreement A.json|bundled] [--format ndjson|json]
// [--from T] [--to T] : the stored incidents against a ceasefire agreement.

#include <memory>
#include <string>

#include <fmt/format.h>

#include "app/agreement_check.hpp"
#include "app/app.hpp"
#include "app/window_filter.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace truceline::cli {
namespace {

struct CheckArgs {
  std::string db;
  std::string agreement = "bundled";
  std::string format = "ndjson";
  std::string from, to;
};

int RunCheck(const CheckArgs& args) {
  auto window = app::ParseWindow("--", args.from, args.to, "");
  if (!window.ok()) return ReportFailure(window.status());
  auto agreement = app::LoadAgreement(args.agreement);
  if (!agreement.ok()) return ReportFailure(agreement.status());
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  const rules::Evaluator evaluator(std::move(*agreement));
  store::IncidentQuery query;
  query.from = window->from;
  query.to = window->to;
  auto checked =
      app::CheckIncidents(**store, evaluator, query, *app::ParseCheckFormat(args.format), stdout);
  if (!checked.ok()) return ReportFailure(checked.status());
  fmt::print(stderr, "checked {} incidents against {}: {} violations\n", checked->incidents,
             evaluator.agreement().id, checked->violations);
  return kExitOk;
}

}  // namespace

void AddCheckCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<CheckArgs>();
  auto* cmd = app.add_subcommand(
      "check",
      "Check the stored incidents against a ceasefire agreement: one violation per line "
      "(incident, clause, evidence), ordered by incident id then clause");
  cmd->add_option("--db", args->db, "The store")->required()->check(CLI::ExistingFile);
  cmd->add_option("--agreement", args->agreement,
                  "The agreement (JSON, docs/formats.md); 'bundled' (the default) is the "
                  "bundled example, data/agreements/example-2025.json");
  cmd->add_option("--format", args->format, "ndjson (one violation per line) or json")
      ->check(CLI::IsMember({"ndjson", "json"}));
  cmd->add_option("--from", args->from,
                  "Incidents still going on at or after (RFC 3339, or YYYY-MM-DD)");
  cmd->add_option("--to", args->to,
                  "Incidents begun at or before (RFC 3339, or YYYY-MM-DD: whole day)");
  cmd->callback([args, &run] { run = [args] { return RunCheck(*args); }; });
}

}  // namespace truceline::cli
