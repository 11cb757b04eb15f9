// truceline agreement activate --db DB [--agreement A.json|bundled] --role R [--actor N]
// truceline agreement show --db DB
// truceline violations --db DB [--from T] [--to T] [--clause C] [--incident N] [--history N]
// The store's active agreement, and the violations kept against it.

#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/agreement_service.hpp"
#include "app/app.hpp"
#include "app/violation_export.hpp"
#include "cli/actor_args.hpp"
#include "app/window_filter.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/local_audit.hpp"
#include "core/json_text.hpp"

namespace truceline::cli {
namespace {

struct AgreementArgs {
  std::string db;
  std::string agreement = "bundled";
  ActorArgs actor;
};

int RunActivate(const AgreementArgs& args) {
  auto actor = ActorOf(args.actor);
  if (!actor.ok()) return ReportFailure(actor.status());
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  auto activated = app::ActivateAgreement(**store, args.agreement, *actor, clock);
  if (!activated.ok()) return ReportFailure(activated.status());
  nlohmann::json detail{{"agreement", activated->agreement_id},
                        {"version", activated->version},
                        {"violations", activated->violations}};
  int audited = RecordAudit(args.db, *actor, "agreement.activate",
                            fmt::format("agreement:{}", activated->agreement_id), detail.dump());
  if (audited != kExitOk) return audited;
  std::string out = "{\"agreement\":";
  core::AppendJsonString(out, activated->agreement_id);
  fmt::print("{},\"version\":{},\"incidents\":{},\"violations\":{}}}\n", out, activated->version,
             activated->incidents, activated->violations);
  return kExitOk;
}

int RunShow(const AgreementArgs& args) {
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  auto active = (*store)->ActiveAgreement();
  if (!active.ok()) return ReportFailure(active.status());
  if (!active->has_value()) {
    fmt::print("{{\"active\":null}}\n");
    return kExitOk;
  }
  const store::StoredAgreement& a = **active;
  std::string out = "{\"active\":{\"id\":";
  core::AppendJsonString(out, a.id);
  fmt::format_to(std::back_inserter(out),
                 ",\"version\":{},\"loaded_at\":\"{}\",\"loaded_by\":", a.version,
                 core::FormatRfc3339(a.loaded_at));
  core::AppendJsonString(out, a.loaded_by);
  fmt::print("{}}}}}\n", out);
  return kExitOk;
}

struct ViolationsArgs {
  std::string db;
  std::string from, to, clause;
  uint64_t incident = 0;
  uint64_t history = 0;
};

int RunViolations(const ViolationsArgs& args) {
  auto window = app::ParseWindow("--", args.from, args.to, "");
  if (!window.ok()) return ReportFailure(window.status());
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  if (args.history != 0) {
    core::Status written = app::ExportViolationHistory(**store, args.history, stdout);
    return written.ok() ? kExitOk : ReportFailure(written);
  }
  store::ViolationQuery query;
  query.from = window->from;
  query.to = window->to;
  if (!args.clause.empty()) query.clause_id = args.clause;
  if (args.incident != 0) query.incident = args.incident;
  core::Status written = app::ExportViolations(**store, query, stdout);
  return written.ok() ? kExitOk : ReportFailure(written);
}

}  // namespace

void AddAgreementCommand(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand(
      "agreement", "The store's active ceasefire agreement, which ingest keeps violations for");
  cmd->require_subcommand(1);

  auto activate_args = std::make_shared<AgreementArgs>();
  auto* activate = cmd->add_subcommand(
      "activate",
      "Make an agreement the active one: every stored incident is evaluated against it, and "
      "ingest keeps the violations current from then on");
  activate->add_option("--db", activate_args->db, "The store")
      ->required()
      ->check(CLI::ExistingFile);
  activate->add_option("--agreement", activate_args->agreement,
                       "The agreement (JSON, docs/formats.md); 'bundled' (the default) is the "
                       "bundled example");
  AddActorOptions(activate, activate_args->actor, "The activator's role; coordinator or admin");
  activate->callback(
      [activate_args, &run] { run = [activate_args] { return RunActivate(*activate_args); }; });

  auto show_args = std::make_shared<AgreementArgs>();
  auto* show = cmd->add_subcommand("show", "Print the active agreement's id and version");
  show->add_option("--db", show_args->db, "The store")->required()->check(CLI::ExistingFile);
  show->callback([show_args, &run] { run = [show_args] { return RunShow(*show_args); }; });
}

void AddViolationsCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<ViolationsArgs>();
  auto* cmd = app.add_subcommand(
      "violations",
      "Print the stored violations against the active agreement (NDJSON), or one incident's "
      "violation history");
  cmd->add_option("--db", args->db, "The store")->required()->check(CLI::ExistingFile);
  cmd->add_option("--from", args->from, "Incidents first observed at or after (RFC 3339)");
  cmd->add_option("--to", args->to, "Incidents first observed at or before (RFC 3339)");
  cmd->add_option("--clause", args->clause, "Only this clause id");
  cmd->add_option("--incident", args->incident, "Only this incident");
  cmd->add_option("--history", args->history,
                  "Print this incident's violation history instead (found, changed, withdrawn)");
  cmd->callback([args, &run] { run = [args] { return RunViolations(*args); }; });
}

}  // namespace truceline::cli
