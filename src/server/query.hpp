#pragma once
// Reading a request's target: percent-decoding, the query string, and the
// typed parameters shared by the endpoints (limits, ids, cursors, OGC
// datetime intervals). Every failure is kInvalidArgument naming the
// parameter, which the server turns into 400.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/time.hpp"
#include "server/http_types.hpp"

namespace truceline::server {

// Input limits of the query string.
inline constexpr size_t kMaxQueryParams = 32;
inline constexpr size_t kMaxQueryValueBytes = 2048;

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). Fails on a
// malformed escape or an embedded NUL.
core::Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Splits "a=1&b=x%20y" into decoded pairs. Fails on a bad escape, more
// than kMaxQueryParams parameters or a value over kMaxQueryValueBytes.
core::Result<QueryParams> ParseQueryString(std::string_view query);

// The value of `name`, or nullopt when absent or empty.
std::optional<std::string> QueryValue(const QueryParams& query, std::string_view name);

// `limit`: a count in [1, max]; `fallback` when absent.
core::Result<uint64_t> LimitParam(const QueryParams& query, std::string_view name,
                                  uint64_t fallback, uint64_t max);

// A positive decimal id (a path segment or a parameter's value); `name`
// is quoted in the error.
core::Result<uint64_t> ParseId(std::string_view name, std::string_view text);

// An OGC API `datetime`: an instant, or an interval "start/end" where
// either end may be ".." or empty (open). Instants are RFC 3339 (a date
// alone means its whole day in UTC).
struct TimeInterval {
  std::optional<core::UtcMicros> from;
  std::optional<core::UtcMicros> to;
};
core::Result<TimeInterval> DatetimeParam(const QueryParams& query, std::string_view name);

}  // namespace truceline::server
