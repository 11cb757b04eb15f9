#include "app/violation_export.hpp"

#include <fmt/format.h>

#include "app/output_file.hpp"
#include "core/json_text.hpp"
#include "core/time.hpp"

namespace truceline::app {

void AppendViolationJson(std::string& text, const store::ViolationRecord& v) {
  fmt::format_to(std::back_inserter(text), "{{\"incident_id\":{},\"clause_id\":", v.incident);
  core::AppendJsonString(text, v.clause_id);
  text += ",\"rule\":";
  core::AppendJsonString(text, v.rule);
  text += ",\"incident_status\":";
  core::AppendJsonString(text, v.incident_status);
  fmt::format_to(std::back_inserter(text), ",\"first_observed_at\":\"{}\",\"evidence\":{}}}",
                 core::FormatRfc3339(v.incident_first_at), v.evidence);
}

core::Status ExportViolations(store::Store& store, const store::ViolationQuery& query,
                              std::FILE* out) {
  ChunkedWriter writer(out);
  std::string& text = writer.text();
  bool writing = true;
  TRUCELINE_RETURN_IF_ERROR(store.ScanViolations(query, [&](const store::ViolationRecord& v) {
    AppendViolationJson(text, v);
    text += '\n';
    writing = writer.MaybeFlush();
    return writing;
  }));
  return writer.Finish("the violations");
}

core::Status ExportViolationHistory(store::Store& store, uint64_t incident, std::FILE* out) {
  ChunkedWriter writer(out);
  std::string& text = writer.text();
  TRUCELINE_RETURN_IF_ERROR(
      store.ScanViolationHistory(incident, [&](const store::ViolationHistoryEntry& e) {
        fmt::format_to(std::back_inserter(text), "{{\"incident_id\":{},\"clause_id\":", e.incident);
        core::AppendJsonString(text, e.clause_id);
        fmt::format_to(std::back_inserter(text),
                       ",\"agreement_version\":{},\"at\":\"{}\",\"event\":", e.agreement_version,
                       core::FormatRfc3339(e.at));
        core::AppendJsonString(text, e.event);
        fmt::format_to(std::back_inserter(text), ",\"detail\":{}}}\n", e.detail);
        writer.MaybeFlush();
      }));
  return writer.Finish("the violation history");
}

}  // namespace truceline::app
