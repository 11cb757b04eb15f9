#pragma once
// Parsing of the time and place filters shared by the CLI's options and
// the server's query parameters. `name` is the option or parameter as the
// user wrote it ("--from", "bbox"), quoted in error messages (kInvalidArgument).

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/time.hpp"

namespace truceline::app {

// An RFC 3339 date-time, or a date YYYY-MM-DD meaning its 00:00 UTC
// (or, with `end_of_day`, its last microsecond). `option` names the flag
// in error messages.
core::Result<core::UtcMicros> ParseTimeText(std::string_view name, const std::string& text,
                                            bool end_of_day);

// "W,S,E,N" in degrees (RFC 7946 order). S <= N; W > E crosses the antimeridian.
core::Result<std::array<double, 4>> ParseBBoxText(std::string_view name, const std::string& text);

// The from/to/bbox filters of the read commands and endpoints; empty text
// leaves a filter unset. A date alone in `to` means the end of that day.
// `prefix` goes before the names in messages: "--" for CLI options, "" for
// query parameters.
struct WindowFilter {
  std::optional<core::UtcMicros> from;
  std::optional<core::UtcMicros> to;
  std::optional<std::array<double, 4>> bbox;
};
core::Result<WindowFilter> ParseWindow(std::string_view prefix, const std::string& from,
                                       const std::string& to, const std::string& bbox);

}  // namespace truceline::app
