#include "app/window_filter.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace truceline::app {

core::Result<core::UtcMicros> ParseTimeText(std::string_view name, const std::string& text,
                                            bool end_of_day) {
  std::string candidate = text;
  bool date_only = text.size() == 10 && text[4] == '-' && text[7] == '-';
  if (date_only) candidate += "T00:00:00Z";
  std::string reason;
  auto t = core::ParseRfc3339(candidate, &reason);
  if (!t) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("{} '{}': {} (or a date YYYY-MM-DD)", name, text, reason));
  }
  if (date_only && end_of_day) *t += std::chrono::hours(24) - std::chrono::microseconds(1);
  return *t;
}

core::Result<std::array<double, 4>> ParseBBoxText(std::string_view name, const std::string& text) {
  std::array<double, 4> box{};
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (size_t i = 0; i < 4; ++i) {
    auto [next, ec] = std::from_chars(p, end, box[i]);
    bool separator_ok = i < 3 ? (next < end && *next == ',') : next == end;
    if (ec != std::errc() || !separator_ok || !std::isfinite(box[i])) {
      return core::Status(core::ErrorCode::kInvalidArgument,
                          fmt::format("{} '{}': expected four numbers W,S,E,N", name, text));
    }
    p = next + 1;
  }
  auto [w, s, e, n] = box;
  if (s < -90 || n > 90 || s > n || w < -180 || w > 180 || e < -180 || e > 180) {
    return core::Status(
        core::ErrorCode::kInvalidArgument,
        fmt::format("{} '{}': need -180 <= W,E <= 180 and -90 <= S <= N <= 90", name, text));
  }
  return box;
}

core::Result<WindowFilter> ParseWindow(std::string_view prefix, const std::string& from,
                                       const std::string& to, const std::string& bbox) {
  WindowFilter filter;
  if (!from.empty()) {
    auto t = ParseTimeText(fmt::format("{}from", prefix), from, /*end_of_day=*/false);
    if (!t.ok()) return t.status();
    filter.from = *t;
  }
  if (!to.empty()) {
    auto t = ParseTimeText(fmt::format("{}to", prefix), to, /*end_of_day=*/true);
    if (!t.ok()) return t.status();
    filter.to = *t;
  }
  if (!bbox.empty()) {
    auto box = ParseBBoxText(fmt::format("{}bbox", prefix), bbox);
    if (!box.ok()) return box.status();
    filter.bbox = *box;
  }
  return filter;
}

}  // namespace truceline::app
