// truceline audit verify --db DB
// truceline audit list --db DB [--after SEQ] [--limit N]
// The store's hash-chained audit trail: check it, or print it as NDJSON.

#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/accounts.hpp"
#include "app/audit.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace truceline::cli {
namespace {

struct AuditArgs {
  std::string db;
  uint64_t after = 0;
  uint64_t limit = 0;
};

int RunVerify(const AuditArgs& args) {
  auto store = app::OpenAccountStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  app::AuditTrail trail(**store, clock);
  auto verified = trail.Verify();
  if (!verified.ok()) return ReportFailure(verified.status());
  nlohmann::ordered_json out{{"ok", verified->ok}, {"entries", verified->entries}};
  if (verified->ok) {
    if (!verified->head_hash.empty()) out["head"] = verified->head_hash;
    fmt::print("{}\n", out.dump());
    return kExitOk;
  }
  out["first_bad_seq"] = verified->first_bad_seq;
  out["reason"] = verified->reason;
  fmt::print("{}\n", out.dump());
  fmt::print(stderr, "truceline: {}: the audit trail is broken at entry {}: {}\n", args.db,
             verified->first_bad_seq, verified->reason);
  return kExitRejected;
}

int RunList(const AuditArgs& args) {
  auto store = app::OpenAccountStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  app::AuditTrail trail(**store, clock);
  core::Status scanned = trail.Scan(args.after, args.limit, [](const app::AuditEntry& e) {
    fmt::print("{}\n", app::AuditEntryJson(e));
    return true;
  });
  return scanned.ok() ? kExitOk : ReportFailure(scanned);
}

}  // namespace

void AddAuditCommand(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("audit", "The store's hash-chained audit trail");
  cmd->require_subcommand(1);

  auto verify_args = std::make_shared<AuditArgs>();
  auto* verify = cmd->add_subcommand(
      "verify",
      "Recompute the hash chain: prints {\"ok\":true,\"entries\":N,\"head\":HASH}, or exits 1 "
      "naming the first bad entry and the reason");
  verify->add_option("--db", verify_args->db, "The store")->required()->check(CLI::ExistingFile);
  verify->callback(
      [verify_args, &run] { run = [verify_args] { return RunVerify(*verify_args); }; });

  auto list_args = std::make_shared<AuditArgs>();
  auto* list = cmd->add_subcommand("list", "Print audit entries in order (NDJSON)");
  list->add_option("--db", list_args->db, "The store")->required()->check(CLI::ExistingFile);
  list->add_option("--after", list_args->after, "Only entries after this seq");
  list->add_option("--limit", list_args->limit, "At most this many entries");
  list->callback([list_args, &run] { run = [list_args] { return RunList(*list_args); }; });
}

}  // namespace truceline::cli
