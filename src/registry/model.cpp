// Wire names of the registry's enumerations, and calendar dates.

#include <array>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "core/time.hpp"
#include "registry/registry.hpp"

namespace truceline::registry {
namespace {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<Stance, 7> kStances{{
    {Stance::kWilling, "willing"},
    {Stance::kConsidering, "considering"},
    {Stance::kConditional, "conditional"},
    {Stance::kNonCombatOnly, "non_combat_only"},
    {Stance::kSupportOnly, "support_only"},
    {Stance::kOpposed, "opposed"},
    {Stance::kDeclined, "declined"},
}};
constexpr NameTable<Condition, 7> kConditions{{
    {Condition::kPostCeasefireOnly, "post_ceasefire_only"},
    {Condition::kRequiresHostRequest, "requires_host_request"},
    {Condition::kRequiresNationalApproval, "requires_national_approval"},
    {Condition::kRequiresUsBackstop, "requires_us_backstop"},
    {Condition::kRequiresConsultationRole, "requires_consultation_role"},
    {Condition::kNoCombatRole, "no_combat_role"},
    {Condition::kTransitOnly, "transit_only"},
}};
constexpr NameTable<Category, 7> kCategories{{
    {Category::kTroops, "troops"},
    {Category::kAircraft, "aircraft"},
    {Category::kShips, "ships"},
    {Category::kAirDefence, "air_defence"},
    {Category::kTraining, "training"},
    {Category::kFunds, "funds"},
    {Category::kEquipment, "equipment"},
}};
constexpr NameTable<PledgeStatus, 3> kStatuses{{
    {PledgeStatus::kAnnounced, "announced"},
    {PledgeStatus::kConfirmed, "confirmed"},
    {PledgeStatus::kDelivered, "delivered"},
}};
constexpr NameTable<DateBasis, 3> kBases{{
    {DateBasis::kStated, "stated"},
    {DateBasis::kReport, "report"},
    {DateBasis::kDerived, "derived"},
}};

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> Lookup(const NameTable<E, N>& table, std::string_view text) {
  for (const auto& [v, name] : table) {
    if (name == text) return v;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string AllNames(const NameTable<E, N>& table) {
  std::string out;
  for (const auto& [v, name] : table) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

std::string_view StanceName(Stance v) {
  return NameOf(kStances, v);
}
std::string_view ConditionName(Condition v) {
  return NameOf(kConditions, v);
}
std::string_view CategoryName(Category v) {
  return NameOf(kCategories, v);
}
std::string_view PledgeStatusName(PledgeStatus v) {
  return NameOf(kStatuses, v);
}
std::string_view DateBasisName(DateBasis v) {
  return NameOf(kBases, v);
}
std::optional<Stance> ParseStance(std::string_view text) {
  return Lookup(kStances, text);
}
std::optional<Condition> ParseCondition(std::string_view text) {
  return Lookup(kConditions, text);
}
std::optional<Category> ParseCategory(std::string_view text) {
  return Lookup(kCategories, text);
}
std::optional<PledgeStatus> ParsePledgeStatus(std::string_view text) {
  return Lookup(kStatuses, text);
}
std::optional<DateBasis> ParseDateBasis(std::string_view text) {
  return Lookup(kBases, text);
}
std::string StanceNames() {
  return AllNames(kStances);
}
std::string ConditionNames() {
  return AllNames(kConditions);
}
std::string CategoryNames() {
  return AllNames(kCategories);
}

std::optional<Date> ParseDate(std::string_view text) {
  auto date = core::ParseCalendarDate(text);
  if (!date) return std::nullopt;
  return Date(*date);
}

std::string FormatDate(Date date) {
  return core::FormatCalendarDate(date);
}

}  // namespace truceline::registry
