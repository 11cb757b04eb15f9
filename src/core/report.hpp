#pragma once
// The Report: one observation from a monitor, sensor or open source, and the
// closed vocabularies it uses (DESIGN.md, "Data contracts").
//
// Every enum has a stable snake_case wire name; `Parse…` and `…Name` convert
// between the two and are the only place those names are spelled.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace truceline::core {

enum class SourceKind { kMonitor, kSensor, kOsint, kParty, kOther };

enum class ReportKind {
  kExplosion,
  kArtillery,
  kMortar,
  kMlrs,
  kTankFire,
  kSmallArms,
  kDroneStrike,
  kMissileStrike,
  kAirStrike,
  kShippingAttack,
  kWeaponSighting,
  kOther,
};

// Reports in different families never fuse into one incident.
enum class Family { kIndirectFire, kSmallArms, kAirStrike, kMaritime, kSighting, kOther };

enum class WeaponClass {
  kSmallArms,
  kMortarLe120,
  kArtilleryLt100,
  kArtilleryGe100,
  kTank,
  kMlrs,
  kMlrsHeavy,
  kTacticalMissile,
  kAirDefence,
  kUav,
  kOther,
};

enum class TargetCategory { kResidential, kEnergy, kPort, kVessel, kMilitary, kOther };

std::string_view SourceKindName(SourceKind v);
std::string_view ReportKindName(ReportKind v);
std::string_view FamilyName(Family v);
std::string_view WeaponClassName(WeaponClass v);
std::string_view TargetCategoryName(TargetCategory v);

// Exact, case-sensitive match of the wire name; nullopt when unknown.
std::optional<SourceKind> ParseSourceKind(std::string_view name);
std::optional<ReportKind> ParseReportKind(std::string_view name);
std::optional<Family> ParseFamily(std::string_view name);
std::optional<WeaponClass> ParseWeaponClass(std::string_view name);
std::optional<TargetCategory> ParseTargetCategory(std::string_view name);

// All wire names of a vocabulary, in enum order (for error messages and docs).
std::span<const std::string_view> SourceKindNames();
std::span<const std::string_view> ReportKindNames();
std::span<const std::string_view> FamilyNames();
std::span<const std::string_view> WeaponClassNames();
std::span<const std::string_view> TargetCategoryNames();

// The family a kind belongs to.
Family FamilyOf(ReportKind kind);

// Limits of the Report contract, shared by validation, storage and docs.
inline constexpr size_t kMaxIdBytes = 128;
inline constexpr size_t kMaxSourceBytes = 128;
inline constexpr size_t kMaxTextBytes = 4096;
inline constexpr double kMaxTimeUncertaintyS = 30.0 * 86400.0;
inline constexpr double kMaxPositionUncertaintyM = 1'000'000.0;
inline constexpr int64_t kMaxCount = 1'000'000;

// One validated observation. Invariants (enforced by ingest validation):
// non-empty `source` and `id` within their byte limits, `lat` in [-90, 90],
// `lon` in [-180, 180], uncertainties finite and >= 0, `count` >= 1,
// `weapon_class` present when `kind` is kWeaponSighting.
struct Report {
  std::string id;
  std::string source;
  SourceKind source_kind = SourceKind::kOther;
  UtcMicros observed_at{};
  double time_uncertainty_s = 0;
  double lat = 0;
  double lon = 0;
  double position_uncertainty_m = 0;
  ReportKind kind = ReportKind::kOther;
  int64_t count = 1;
  std::optional<WeaponClass> weapon_class;
  std::optional<TargetCategory> target_category;
  std::optional<double> bearing_deg;
  std::string text;

  friend bool operator==(const Report&, const Report&) = default;
};

// A 128-bit digest of a report's content (every field except `id`), stable
// across versions and platforms: equal content gives equal digests whatever
// format or field order it arrived in. Used for content-derived ids and to
// tell a true re-delivery from a different report reusing an id.
struct ContentDigest {
  uint64_t hi = 0;
  uint64_t lo = 0;
  friend bool operator==(const ContentDigest&, const ContentDigest&) = default;
  // 32 lowercase hex digits.
  std::string ToHex() const;
};
ContentDigest DigestReportContent(const Report& report);

// The id given to a report that arrived without one: "h" + the digest's hex.
std::string ContentDerivedId(const ContentDigest& digest);

}  // namespace truceline::core
