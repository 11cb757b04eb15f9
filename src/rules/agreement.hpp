#pragma once
// The ceasefire agreement as data (DESIGN.md "Agreement", docs/formats.md
// "Agreement"): named lines, zones and asset sets, and the clauses that refer
// to them; and the loader that reads and validates the JSON document.
//
// Pure: no I/O, no clock. References to bundled data (`{"ref":
// "bundled:NAME"}`) are resolved through a ReferenceResolver the caller
// passes in (the app layer's reads data/).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.hpp"
#include "core/report.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "rules/violation.hpp"

namespace truceline::rules {

// Sane bounds of the clauses' units: distances to a line (`within_km`,
// `min_km`) in (0, kMaxLineKm], asset radii (`radius_m`) in (0, kMaxRadiusM].
inline constexpr double kMaxLineKm = 1000;
inline constexpr double kMaxRadiusM = 100'000;

// A named line (LineString, or MultiLineString for a line in several
// parts). `left_side`/`right_side` name what lies left and right of the
// line, looking along its direction (each part in its own direction); both
// empty when the document names no sides.
struct AgreementLine {
  std::string name;
  core::geo::MultiLineString parts;
  std::string left_side;
  std::string right_side;
  std::string ref;  // "bundled:NAME" when resolved from a reference, else empty
};

// A named zone (Polygon or MultiPolygon, holes excluded from the zone).
struct AgreementZone {
  std::string name;
  core::geo::MultiPolygon area;
};

// One protected asset: a point with a name and a category (e.g. "energy").
struct Asset {
  std::string name;
  std::string category;
  core::geo::LatLon position;
};

// A named set of assets, inline or resolved from a reference.
struct AssetSet {
  std::string name;
  std::vector<Asset> assets;
  std::string ref;  // "bundled:NAME" when resolved from a reference, else empty
};

// Bit sets over the core vocabularies: bit i set = value i listed.
using FamilyMask = uint32_t;
using WeaponClassMask = uint32_t;
using TargetCategoryMask = uint32_t;

// One clause. Which members are meaningful depends on `rule`
// (docs/formats.md lists them); unused ones stay empty.
struct Clause {
  std::string id;
  std::string title;
  std::string text;
  RuleType rule = RuleType::kNoFire;
  // Listed values, in document order, and the same as bit sets.
  std::vector<core::Family> families;
  std::vector<core::WeaponClass> weapon_classes;
  std::vector<core::TargetCategory> target_categories;
  FamilyMask family_mask = 0;
  WeaponClassMask weapon_class_mask = 0;
  TargetCategoryMask target_category_mask = 0;
  std::string line;                 // name of an AgreementLine, or empty
  std::optional<double> within_km;  // no_fire with a line
  std::optional<double> min_km;     // withdrawal
  std::string zone;                 // name of an AgreementZone, or empty
  std::string assets;               // name of an AssetSet (protected_target), or empty
  std::optional<double> radius_m;   // protected_target with assets
  // The clause's own period, if it has one; the agreement's applies too.
  std::optional<core::UtcMicros> effective_from;
  std::optional<core::UtcMicros> effective_to;
};

// A whole agreement, as loaded and validated.
struct Agreement {
  std::string id;
  std::string title;
  std::string text;
  core::UtcMicros effective_from{};
  std::optional<core::UtcMicros> effective_to;  // nullopt: open-ended
  std::string timezone;                         // IANA name as written, e.g. "Europe/Kyiv"
  std::vector<AgreementLine> lines;             // sorted by name
  std::vector<AgreementZone> zones;             // sorted by name
  std::vector<AssetSet> asset_sets;             // sorted by name
  std::vector<Clause> clauses;                  // document order

  // Lookups by name; nullptr when absent.
  const AgreementLine* FindLine(std::string_view name) const;
  const AgreementZone* FindZone(std::string_view name) const;
  const AssetSet* FindAssetSet(std::string_view name) const;
};

// Whether `clause` of `agreement` is in force at `t`: within both the
// agreement's and the clause's periods, each [effective_from, effective_to)
// (the end is exclusive; an absent end is open).
bool InForce(const Agreement& agreement, const Clause& clause, core::UtcMicros t);

// Resolves `{"ref": "bundled:NAME"}` references while loading. The loader
// passes NAME (without the "bundled:" prefix). Implementations report an
// unknown name with kNotFound; their message is copied into the loader's
// error for that path. Called from the loading thread only.
class ReferenceResolver {
 public:
  virtual ~ReferenceResolver() = default;
  virtual core::Result<std::vector<Asset>> ResolveAssets(std::string_view name) = 0;
  virtual core::Result<core::geo::MultiLineString> ResolveLine(std::string_view name) = 0;
};

// Parses and validates an agreement document (`file` names it in errors).
// Every problem is found, not just the first: the error is kInvalidArgument
// (the agreement is configuration) with one line per problem,
// "FILE: $.json.path: reason" (top-level members first, then each named
// line, zone and asset set by name, then the clauses in order); text that is not JSON
// gives one line "FILE: not valid JSON: …". `resolver` may be nullptr, in
// which case every reference is an error. Thread-safe if the resolver is.
core::Result<Agreement> ParseAgreement(std::string_view text, const std::string& file,
                                       ReferenceResolver* resolver);

}  // namespace truceline::rules
