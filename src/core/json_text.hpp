#pragma once
// Writing JSON text by hand, for streamed output where building a DOM would
// cost memory and time (bulk NDJSON/GeoJSON, JSON-lines diagnostics).

#include <string>
#include <string_view>

namespace truceline::core {

// Appends `value` as a JSON string literal (quotes included), escaping
// quotes, backslashes and control characters. `value` must be UTF-8.
void AppendJsonString(std::string& out, std::string_view value);

// Appends a finite double in the shortest form that reads back exactly;
// non-finite values become null.
void AppendJsonNumber(std::string& out, double value);

}  // namespace truceline::core
