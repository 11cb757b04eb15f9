#include "core/report.hpp"

#include <array>
#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "core/vocabulary.hpp"

namespace truceline::core {
namespace {

using detail::Lookup;
using detail::NameOf;

constexpr std::array<std::string_view, 5> kSourceKindNames{"monitor", "sensor", "osint", "party",
                                                           "other"};
constexpr std::array<std::string_view, 12> kReportKindNames{
    "explosion",  "artillery",       "mortar",          "mlrs",
    "tank_fire",  "small_arms",      "drone_strike",    "missile_strike",
    "air_strike", "shipping_attack", "weapon_sighting", "other"};
constexpr std::array<std::string_view, 6> kFamilyNames{"indirect_fire", "small_arms", "air_strike",
                                                       "maritime",      "sighting",   "other"};
constexpr std::array<std::string_view, 11> kWeaponClassNames{
    "small_arms", "mortar_le120", "artillery_lt100",  "artillery_ge100", "tank",
    "mlrs",       "mlrs_heavy",   "tactical_missile", "air_defence",     "uav",
    "other"};
constexpr std::array<std::string_view, 6> kTargetCategoryNames{"residential", "energy",   "port",
                                                               "vessel",      "military", "other"};

static_assert(kSourceKindNames.size() == static_cast<size_t>(SourceKind::kOther) + 1);
static_assert(kReportKindNames.size() == static_cast<size_t>(ReportKind::kOther) + 1);
static_assert(kFamilyNames.size() == static_cast<size_t>(Family::kOther) + 1);
static_assert(kWeaponClassNames.size() == static_cast<size_t>(WeaponClass::kOther) + 1);
static_assert(kTargetCategoryNames.size() == static_cast<size_t>(TargetCategory::kOther) + 1);

// GCC and Clang provide 128-bit integers as an extension.
__extension__ using Uint128 = unsigned __int128;

// FNV-1a over 128 bits (prime 2^88 + 2^8 + 0x3b), fed with a canonical,
// length-prefixed encoding so that field boundaries cannot be confused.
class Fnv1a128 {
 public:
  void Bytes(const void* data, size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
      state_ ^= p[i];
      state_ *= kPrime;
    }
  }
  void U64(uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; ++i)
      b[i] = static_cast<unsigned char>(v >> (8 * i));
    Bytes(b, sizeof b);
  }
  void Str(std::string_view s) {
    U64(s.size());
    Bytes(s.data(), s.size());
  }
  void F64(double v) {
    if (v == 0) v = 0;  // -0 and +0 are the same content
    U64(std::bit_cast<uint64_t>(v));
  }
  ContentDigest Digest() const {
    return {static_cast<uint64_t>(state_ >> 64), static_cast<uint64_t>(state_)};
  }

 private:
  static constexpr Uint128 kPrime =
      (static_cast<Uint128>(1) << 88) | (static_cast<Uint128>(1) << 8) | 0x3b;
  Uint128 state_ = (static_cast<Uint128>(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
};

}  // namespace

std::string_view SourceKindName(SourceKind v) {
  return NameOf(kSourceKindNames, v);
}
std::string_view ReportKindName(ReportKind v) {
  return NameOf(kReportKindNames, v);
}
std::string_view FamilyName(Family v) {
  return NameOf(kFamilyNames, v);
}
std::string_view WeaponClassName(WeaponClass v) {
  return NameOf(kWeaponClassNames, v);
}
std::string_view TargetCategoryName(TargetCategory v) {
  return NameOf(kTargetCategoryNames, v);
}

std::optional<SourceKind> ParseSourceKind(std::string_view n) {
  return Lookup<SourceKind>(kSourceKindNames, n);
}
std::optional<ReportKind> ParseReportKind(std::string_view n) {
  return Lookup<ReportKind>(kReportKindNames, n);
}
std::optional<Family> ParseFamily(std::string_view n) {
  return Lookup<Family>(kFamilyNames, n);
}
std::optional<WeaponClass> ParseWeaponClass(std::string_view n) {
  return Lookup<WeaponClass>(kWeaponClassNames, n);
}
std::optional<TargetCategory> ParseTargetCategory(std::string_view n) {
  return Lookup<TargetCategory>(kTargetCategoryNames, n);
}

std::span<const std::string_view> SourceKindNames() {
  return kSourceKindNames;
}
std::span<const std::string_view> ReportKindNames() {
  return kReportKindNames;
}
std::span<const std::string_view> FamilyNames() {
  return kFamilyNames;
}
std::span<const std::string_view> WeaponClassNames() {
  return kWeaponClassNames;
}
std::span<const std::string_view> TargetCategoryNames() {
  return kTargetCategoryNames;
}

Family FamilyOf(ReportKind kind) {
  switch (kind) {
    case ReportKind::kExplosion:
    case ReportKind::kArtillery:
    case ReportKind::kMortar:
    case ReportKind::kMlrs:
    case ReportKind::kTankFire:
      return Family::kIndirectFire;
    case ReportKind::kSmallArms:
      return Family::kSmallArms;
    case ReportKind::kDroneStrike:
    case ReportKind::kMissileStrike:
    case ReportKind::kAirStrike:
      return Family::kAirStrike;
    case ReportKind::kShippingAttack:
      return Family::kMaritime;
    case ReportKind::kWeaponSighting:
      return Family::kSighting;
    case ReportKind::kOther:
      return Family::kOther;
  }
  return Family::kOther;
}

std::string ContentDigest::ToHex() const {
  return fmt::format("{:016x}{:016x}", hi, lo);
}

ContentDigest DigestReportContent(const Report& r) {
  Fnv1a128 h;
  h.Str("truceline.report.v1");
  h.Str(r.source);
  h.Str(SourceKindName(r.source_kind));
  h.U64(static_cast<uint64_t>(ToUnixMicros(r.observed_at)));
  h.F64(r.time_uncertainty_s);
  h.F64(r.lat);
  h.F64(r.lon);
  h.F64(r.position_uncertainty_m);
  h.Str(ReportKindName(r.kind));
  h.U64(static_cast<uint64_t>(r.count));
  h.Str(r.weapon_class ? WeaponClassName(*r.weapon_class) : "");
  h.Str(r.target_category ? TargetCategoryName(*r.target_category) : "");
  h.U64(r.bearing_deg ? 1 : 0);
  h.F64(r.bearing_deg.value_or(0));
  h.Str(r.text);
  return h.Digest();
}

std::string ContentDerivedId(const ContentDigest& digest) {
  return "h" + digest.ToHex();
}

}  // namespace truceline::core
