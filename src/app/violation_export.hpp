#pragma once
// Stored violations (against the active agreement) and their history, as
// NDJSON: what `truceline violations` prints and the server will serve.

#include <cstdint>
#include <cstdio>

#include "core/status.hpp"
#include "store/store.hpp"

namespace truceline::app {

// One stored violation as a JSON object (no line end): incident_id,
// clause_id, rule, incident_status, first_observed_at, evidence.
void AppendViolationJson(std::string& out, const store::ViolationRecord& violation);

// Writes each stored violation matching `query`, one JSON object per line:
// incident_id, clause_id, rule, incident_status, first_observed_at,
// evidence. Errors: the store's; kIoError when writing fails.
core::Status ExportViolations(store::Store& store, const store::ViolationQuery& query,
                              std::FILE* out);

// Writes the violation history of an incident (and of every incident merged
// into it), oldest first, one JSON object per line: incident_id, clause_id,
// agreement_version, at, event, detail. Errors: the store's (kNotFound for
// an unknown incident); kIoError when writing fails.
core::Status ExportViolationHistory(store::Store& store, uint64_t incident, std::FILE* out);

}  // namespace truceline::app
