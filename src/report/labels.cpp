#include "report/labels.hpp"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace truceline::report::detail {

std::string OffsetLabel(int32_t utc_offset_s) {
  int32_t a = std::abs(utc_offset_s);
  return fmt::format("{}{:02}:{:02}", utc_offset_s < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
}

std::string LocalClock(core::UtcMicros t, int32_t utc_offset_s) {
  int64_t s = core::ToUnixMicros(t) / 1'000'000 + utc_offset_s;
  int64_t of_day = ((s % 86400) + 86400) % 86400;
  return fmt::format("{:02}:{:02}", of_day / 3600, (of_day % 3600) / 60);
}

std::string HourLabel(const HourSlot& slot) {
  return LocalClock(slot.start, slot.utc_offset_s) + OffsetLabel(slot.utc_offset_s);
}

std::string MeanText(double mean) {
  std::string text = fmt::format("{:.2f}", mean);
  while (text.back() == '0')
    text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

namespace {

std::string Km(double metres) {
  return MeanText(std::round(metres / 100.0) / 10.0) + " km";
}

}  // namespace

std::string EvidenceText(const ViolationEntry& entry) {
  const rules::Evidence& e = entry.evidence;
  std::string text;
  auto add = [&](const std::string& part) {
    if (!text.empty()) text += "; ";
    text += part;
  };
  if (e.line_distance_m) {
    std::string part = fmt::format("{} from line {}", Km(*e.line_distance_m), e.line);
    if (e.limit_m) {
      part +=
          fmt::format(" ({} {})", entry.rule == rules::RuleType::kWithdrawal ? "minimum" : "within",
                      Km(*e.limit_m));
    }
    add(part);
  }
  if (!e.zone.empty()) add(fmt::format("inside zone {}", e.zone));
  if (!e.asset_name.empty()) {
    std::string part =
        fmt::format("{} from {}", e.asset_distance_m ? Km(*e.asset_distance_m) : "?", e.asset_name);
    if (!e.asset_set.empty()) part += fmt::format(" ({})", e.asset_set);
    if (e.limit_m) part += fmt::format(", radius {}", Km(*e.limit_m));
    add(part);
  }
  if (e.target_category) {
    add(fmt::format("target reported: {}", core::TargetCategoryName(*e.target_category)));
  }
  if (e.weapon_class) add(fmt::format("weapon: {}", core::WeaponClassName(*e.weapon_class)));
  if (!e.side_of_line.empty()) add(fmt::format("side: {}", e.side_of_line));
  return text.empty() ? "-" : text;
}

std::string HexColour(const Rgb& c) {
  auto byte = [](double v) { return static_cast<int>(std::lround(v * 255.0)); };
  return fmt::format("#{:02x}{:02x}{:02x}", byte(c.r), byte(c.g), byte(c.b));
}

}  // namespace truceline::report::detail
