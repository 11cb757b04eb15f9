#include "server/cursor.hpp"

#include <charconv>

#include <fmt/format.h>

namespace truceline::server {
namespace {

core::Status NotOurs(const std::string& text) {
  return core::Status(core::ErrorCode::kInvalidArgument,
                      fmt::format("cursor '{}' is not one this server gave", text));
}

template <typename T>
bool ParseWhole(std::string_view text, T& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string IncidentCursor(const core::Incident& last) {
  return fmt::format("{}.{}", core::ToUnixMicros(last.summary.first_at), last.id);
}

core::Result<std::pair<core::UtcMicros, uint64_t>> ParseIncidentCursor(const std::string& text) {
  size_t dot = text.find('.');
  int64_t first = 0;
  uint64_t id = 0;
  if (dot == std::string::npos || !ParseWhole(std::string_view(text).substr(0, dot), first) ||
      !ParseWhole(std::string_view(text).substr(dot + 1), id)) {
    return NotOurs(text);
  }
  return std::pair{core::FromUnixMicros(first), id};
}

std::string ViolationCursor(const store::ViolationRecord& last) {
  return fmt::format("{}.{}.{}", core::ToUnixMicros(last.incident_first_at), last.incident,
                     last.clause_id);
}

core::Result<store::ViolationQuery::After> ParseViolationCursor(const std::string& text) {
  std::string_view view(text);
  size_t a = view.find('.');
  size_t b = a == std::string_view::npos ? a : view.find('.', a + 1);
  int64_t first = 0;
  uint64_t incident = 0;
  if (b == std::string_view::npos || !ParseWhole(view.substr(0, a), first) ||
      !ParseWhole(view.substr(a + 1, b - a - 1), incident)) {
    return NotOurs(text);
  }
  return store::ViolationQuery::After{core::FromUnixMicros(first), incident,
                                      std::string(view.substr(b + 1))};
}

}  // namespace truceline::server
