#pragma once
// Parsing of option values shared by several subcommands.

#include <array>
#include <optional>
#include <string>

#include "core/status.hpp"
#include "core/time.hpp"

namespace truceline::cli {

// An RFC 3339 date-time, or a date YYYY-MM-DD meaning its 00:00 UTC
// (or, with `end_of_day`, its last microsecond). `option` names the flag
// in error messages.
core::Result<core::UtcMicros> ParseTimeArgument(const std::string& option, const std::string& text,
                                                bool end_of_day);

// "W,S,E,N" in degrees (RFC 7946 order). S <= N; W > E crosses the antimeridian.
core::Result<std::array<double, 4>> ParseBBoxArgument(const std::string& text);

// The --from/--to/--bbox filters shared by the read commands; empty text
// leaves a filter unset. A date alone in --to means the end of that day.
struct WindowFilter {
  std::optional<core::UtcMicros> from;
  std::optional<core::UtcMicros> to;
  std::optional<std::array<double, 4>> bbox;
};
core::Result<WindowFilter> ParseWindowArguments(const std::string& from, const std::string& to,
                                                const std::string& bbox);

}  // namespace truceline::cli
