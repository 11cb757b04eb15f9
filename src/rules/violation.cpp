#include "rules/violation.hpp"

#include <array>

namespace truceline::rules {
namespace {

constexpr std::array<std::string_view, 5> kRuleTypeNames{
    "no_fire", "withdrawal", "protected_target", "zone_prohibition", "no_flight"};
static_assert(kRuleTypeNames.size() == static_cast<size_t>(RuleType::kNoFlight) + 1);

}  // namespace

std::string_view RuleTypeName(RuleType v) {
  return kRuleTypeNames[static_cast<size_t>(v)];
}

std::optional<RuleType> ParseRuleType(std::string_view name) {
  for (size_t i = 0; i < kRuleTypeNames.size(); ++i) {
    if (kRuleTypeNames[i] == name) return static_cast<RuleType>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> RuleTypeNames() {
  return kRuleTypeNames;
}

}  // namespace truceline::rules
