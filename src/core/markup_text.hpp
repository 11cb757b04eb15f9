#pragma once
// Escaping text for HTML and XML (the daily report's page, CAP alerts and
// Atom feeds): the one escaper, safe in element content and in quoted
// attribute values.

#include <string>
#include <string_view>

namespace truceline::core {

// `text` with & < > " ' replaced by character references.
std::string EscapeMarkup(std::string_view text);

}  // namespace truceline::core
