#include "server/query.hpp"

#include <charconv>

#include <fmt/format.h>

#include "app/window_filter.hpp"

namespace truceline::server {
namespace {

core::Status Invalid(std::string message) {
  return core::Status(core::ErrorCode::kInvalidArgument, std::move(message));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

core::Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
      continue;
    }
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Invalid(fmt::format("malformed percent-escape in '{}'", text));
    char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '\0') return Invalid("a NUL byte is not allowed in a request target");
    out.push_back(decoded);
    i += 2;
  }
  return out;
}

core::Result<QueryParams> ParseQueryString(std::string_view query) {
  QueryParams params;
  size_t count = 0;
  size_t i = 0;
  while (i <= query.size() && !query.empty()) {
    size_t end = query.find('&', i);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(i, end - i);
    i = end + 1;
    if (pair.empty()) {
      if (end == query.size()) break;
      continue;
    }
    if (++count > kMaxQueryParams) {
      return Invalid(fmt::format("more than {} query parameters", kMaxQueryParams));
    }
    size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq), true);
    if (!name.ok()) return name.status();
    std::string value;
    if (eq != std::string_view::npos) {
      auto decoded = PercentDecode(pair.substr(eq + 1), true);
      if (!decoded.ok()) return decoded.status();
      value = std::move(*decoded);
    }
    if (value.size() > kMaxQueryValueBytes) {
      return Invalid(
          fmt::format("query parameter '{}' is longer than {} bytes", *name, kMaxQueryValueBytes));
    }
    params[std::move(*name)] = std::move(value);
    if (end == query.size()) break;
  }
  return params;
}

std::optional<std::string> QueryValue(const QueryParams& query, std::string_view name) {
  auto it = query.find(name);
  if (it == query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

core::Result<uint64_t> ParseId(std::string_view name, std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0) {
    return Invalid(fmt::format("{} '{}': expected a positive integer", name, text));
  }
  return value;
}

core::Result<uint64_t> LimitParam(const QueryParams& query, std::string_view name,
                                  uint64_t fallback, uint64_t max) {
  auto text = QueryValue(query, name);
  if (!text) return fallback;
  auto value = ParseId(name, *text);
  if (!value.ok() || *value > max) {
    return Invalid(fmt::format("{} '{}': expected an integer from 1 to {}", name, *text, max));
  }
  return *value;
}

core::Result<TimeInterval> DatetimeParam(const QueryParams& query, std::string_view name) {
  TimeInterval interval;
  auto text = QueryValue(query, name);
  if (!text) return interval;
  auto end_of = [&](const std::string& part,
                    bool end_of_day) -> core::Result<std::optional<core::UtcMicros>> {
    if (part.empty() || part == "..") return std::optional<core::UtcMicros>();
    auto t = app::ParseTimeText(name, part, end_of_day);
    if (!t.ok()) return t.status();
    return std::optional<core::UtcMicros>(*t);
  };
  size_t slash = text->find('/');
  if (slash == std::string::npos) {
    auto from = end_of(*text, false);
    auto to = end_of(*text, true);
    if (!from.ok()) return from.status();
    if (!to.ok()) return to.status();
    interval.from = *from;
    interval.to = *to;
  } else {
    auto from = end_of(text->substr(0, slash), false);
    auto to = end_of(text->substr(slash + 1), true);
    if (!from.ok()) return from.status();
    if (!to.ok()) return to.status();
    interval.from = *from;
    interval.to = *to;
  }
  if (interval.from && interval.to && *interval.from > *interval.to) {
    return Invalid(fmt::format("{} '{}': the interval ends before it starts", name, *text));
  }
  return interval;
}

}  // namespace truceline::server
