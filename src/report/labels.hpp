#pragma once
// Private to report/: text and colours shared by the renderers.

#include <array>
#include <cstdint>
#include <string>

#include "core/report.hpp"
#include "core/time.hpp"
#include "report/report.hpp"

namespace truceline::report::detail {

// "+03:00" for an offset east of UTC in seconds.
std::string OffsetLabel(int32_t utc_offset_s);

// Local wall time "HH:MM" of `t` at `utc_offset_s`.
std::string LocalClock(core::UtcMicros t, int32_t utc_offset_s);

// "HH:MM+03:00": an hour slot as the local clock shows it, with its offset
// so that the repeated hour of a 25-hour day reads unambiguously.
std::string HourLabel(const HourSlot& slot);

// The evidence of a violation in one line of prose ("4.2 km from line
// contact (limit 25 km)").
std::string EvidenceText(const ViolationEntry& entry);

// A mean rounded to 0.01, printed without trailing zeros ("3.5", "12").
std::string MeanText(double mean);

struct Rgb {
  double r, g, b;
};

// Okabe-Ito colours, one per family (indexed by core::Family); readable
// with the common colour-vision deficiencies.
inline constexpr std::array<Rgb, 6> kFamilyColours = {{
    {0.84, 0.37, 0.00},  // indirect_fire: vermillion
    {0.90, 0.62, 0.00},  // small_arms: orange
    {0.00, 0.45, 0.70},  // air_strike: blue
    {0.34, 0.71, 0.91},  // maritime: sky blue
    {0.00, 0.62, 0.45},  // sighting: bluish green
    {0.80, 0.47, 0.65},  // other: reddish purple
}};

// "#rrggbb" of a colour.
std::string HexColour(const Rgb& c);

}  // namespace truceline::report::detail
