#pragma once
// The CLI's part in the audit trail: who the local operator is, and the
// audit entry appended after a change the CLI made to a store.

#include <string>
#include <string_view>

#include "app/actor.hpp"

namespace truceline::cli {

// The local administrator: "cli:<login name>" ($USER, else "local") with
// the admin role. Whoever can write the database file owns it, so the
// account commands act with this actor.
app::Actor LocalAdmin();

// Appends an audit entry (app::AuditTrail::Append) to the store at `db` for
// a change already committed there. Returns kExitOk, or prints the failure
// (saying the change itself was made) and returns its exit code.
int RecordAudit(const std::string& db, const app::Actor& actor, std::string_view action,
                std::string_view target, std::string_view detail_json);

}  // namespace truceline::cli
