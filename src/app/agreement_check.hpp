#pragma once
// `truceline check`: the stored incidents against a ceasefire agreement.
// Loads the agreement (references to bundled data resolved from data/),
// evaluates every stored incident, and writes the violations.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "rules/agreement.hpp"
#include "rules/evaluator.hpp"
#include "store/store.hpp"

namespace truceline::app {

// The bundled example agreement, relative to DataDirectory().
inline constexpr std::string_view kBundledAgreement = "agreements/example-2025.json";

// Resolves `bundled:NAME` references from data/: asset sets through
// LoadAssets (power_plants, ports, airports, logistics_hubs), lines through
// LoadLineOfContact (line_of_contact). Unknown names are kNotFound naming
// the known ones. Reads files: not for engines.
class BundledReferences final : public rules::ReferenceResolver {
 public:
  core::Result<std::vector<rules::Asset>> ResolveAssets(std::string_view name) override;
  core::Result<core::geo::MultiLineString> ResolveLine(std::string_view name) override;
};

// The file an agreement path names: "bundled" or an empty path mean the
// bundled example (DataDirectory()/kBundledAgreement).
std::string AgreementFile(const std::string& path);

// Reads and validates the agreement at `path`; "bundled" or an empty path
// mean the bundled example (kBundledAgreement). Errors: kNotFound/kIoError
// for an unreadable file; kInvalidArgument with every problem, one per
// line, "FILE: $.path: reason" (rules::ParseAgreement).
core::Result<rules::Agreement> LoadAgreement(const std::string& path);

enum class CheckFormat { kNdjson, kJson };
std::optional<CheckFormat> ParseCheckFormat(std::string_view name);

// What a check found.
struct CheckSummary {
  uint64_t incidents = 0;   // incidents evaluated
  uint64_t violations = 0;  // violations written
};

// Evaluates every stored incident matching `query` (its time and bbox
// filters) against `evaluator` and writes the violations, ordered by
// incident id then clause order: NDJSON, one violation per line, or one
// JSON document {"agreement": {"id", "title"}, "violations": [...]}. Each
// violation: incident_id, clause_id, clause_title, rule, incident_status,
// family, first_observed_at, lat, lon, report_ids ("source/id", stored
// order), evidence (only the fields measured; distances in metres rounded
// to the millimetre). Errors: the store's, or kIoError when writing fails.
core::Result<CheckSummary> CheckIncidents(store::Store& store, const rules::Evaluator& evaluator,
                                          const store::IncidentQuery& query, CheckFormat format,
                                          std::FILE* out);

// A violation's evidence as a JSON object: only the fields measured,
// distances in metres rounded to the millimetre.
void AppendEvidenceJson(std::string& out, const rules::Evidence& evidence);

// One violation as a JSON object (no line end), as CheckIncidents writes it.
void AppendViolationJson(std::string& out, const rules::Violation& violation,
                         const rules::Clause* clause, const core::Incident& incident,
                         const std::vector<std::string>& report_ids);

}  // namespace truceline::app
