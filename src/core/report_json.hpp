#pragma once
// The Report's JSON form (the NDJSON contract of DESIGN.md), written
// without a DOM. Readers live in ingest/; this is the one writer.

#include <string>

#include "core/report.hpp"

namespace truceline::core {

// Appends the report's fields as JSON members, without braces, in contract
// order; optional fields are left out when absent and `lat`/`lon` only when
// `with_position` is set (GeoJSON puts them in the geometry).
void AppendReportMembers(std::string& out, const Report& report, bool with_position = true);

// Appends one NDJSON line: the report as a JSON object and '\n'.
void AppendReportNdjson(std::string& out, const Report& report);

}  // namespace truceline::core
