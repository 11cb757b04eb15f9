#include "cli/local_audit.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "app/accounts.hpp"
#include "app/audit.hpp"
#include "cli/exit_codes.hpp"

namespace truceline::cli {

app::Actor LocalAdmin() {
  const char* user = std::getenv("USER");
  std::string name = user != nullptr && *user != '\0' ? user : "local";
  return app::Actor{"cli:" + name, app::Role::kAdmin};
}

int RecordAudit(const std::string& db, const app::Actor& actor, std::string_view action,
                std::string_view target, std::string_view detail_json) {
  auto store = app::OpenAccountStore(db);
  core::Status status = store.status();
  if (store.ok()) {
    core::SystemClock clock;
    app::AuditTrail trail(**store, clock);
    status = trail.Append(actor, action, target, detail_json).status();
  }
  if (status.ok()) return kExitOk;
  return ReportFailure(core::Status(
      status.code(), fmt::format("{} was done, but its audit entry was not written: {}", action,
                                 status.message())));
}

}  // namespace truceline::cli
