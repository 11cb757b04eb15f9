#pragma once
// Shared by the rules tests: a resolver with one small bundled line and
// asset set, and helpers to build incidents.

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/incident.hpp"
#include "rules/agreement.hpp"

namespace truceline::rules::testing {

// Resolves "bundled:test_line" and "bundled:test_assets"; anything else is
// kNotFound.
class FakeResolver final : public ReferenceResolver {
 public:
  core::Result<std::vector<Asset>> ResolveAssets(std::string_view name) override {
    if (name != "test_assets") {
      return core::Status(core::ErrorCode::kNotFound,
                          "unknown bundled asset set '" + std::string(name) + "'");
    }
    return std::vector<Asset>{{"Plant X", "energy", {48.0, 33.0}}};
  }
  core::Result<core::geo::MultiLineString> ResolveLine(std::string_view name) override {
    if (name != "test_line") {
      return core::Status(core::ErrorCode::kNotFound,
                          "unknown bundled line '" + std::string(name) + "'");
    }
    return core::geo::MultiLineString{{{49.0, 35.0}, {48.0, 35.0}}};
  }
};

inline Agreement MustParse(std::string_view text) {
  FakeResolver resolver;
  auto parsed = ParseAgreement(text, "test.json", &resolver);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? *parsed : Agreement{};
}

inline core::UtcMicros Time(std::string_view rfc3339) {
  auto t = core::ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(core::UtcMicros{});
}

// An incident of `family` at (lat, lon), first seen at `at`.
inline core::Incident MakeIncident(uint64_t id, core::Family family, double lat, double lon,
                                   std::string_view at = "2025-05-01T12:00:00Z") {
  core::Incident incident;
  incident.id = id;
  incident.summary.family = family;
  incident.summary.lat = lat;
  incident.summary.lon = lon;
  incident.summary.first_at = Time(at);
  incident.summary.last_at = incident.summary.first_at;
  incident.summary.report_count = 1;
  incident.summary.source_count = 1;
  return incident;
}

inline core::Incident Sighting(uint64_t id, core::WeaponClass weapon, double lat, double lon,
                               std::string_view at = "2025-05-01T12:00:00Z") {
  core::Incident incident = MakeIncident(id, core::Family::kSighting, lat, lon, at);
  incident.summary.kind = core::ReportKind::kWeaponSighting;
  incident.summary.weapon_classes = 1u << static_cast<unsigned>(weapon);
  return incident;
}

}  // namespace truceline::rules::testing
