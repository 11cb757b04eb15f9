#pragma once
// Hand-made inputs for the daily report's tests.

#include <fstream>
#include <sstream>
#include <string>

#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "report/report.hpp"

namespace truceline::report::testing {

inline core::UtcMicros At(const char* rfc3339) {
  return *core::ParseRfc3339(rfc3339);
}

inline core::Incident MakeIncident(uint64_t id, core::ReportKind kind, const char* first_at,
                                   double lat, double lon, std::string region = "Donetsk Oblast") {
  core::Incident incident;
  incident.id = id;
  incident.summary.family = core::FamilyOf(kind);
  incident.summary.kind = kind;
  incident.summary.lat = lat;
  incident.summary.lon = lon;
  incident.summary.first_at = At(first_at);
  incident.summary.last_at = At(first_at);
  incident.summary.report_count = 1;
  incident.summary.source_count = 1;
  incident.admin_region = std::move(region);
  return incident;
}

inline ReportRecord MakeReport(const char* source, core::SourceKind kind, const char* at) {
  return {source, kind, At(at)};
}

inline core::TimeZone Kyiv() {
  std::ifstream in("/usr/share/zoneinfo/Europe/Kyiv", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  auto zone = core::ParseTzif("Europe/Kyiv", s.str());
  return zone.ok() ? *zone : core::TimeZone::Utc();
}

inline std::chrono::year_month_day Date(int y, unsigned m, unsigned d) {
  return {std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

inline AgreementInfo ExampleAgreement() {
  return {"example-2025",
          "Example ceasefire",
          "Europe/Kyiv",
          {{"1", "No fire near the line", rules::RuleType::kNoFire},
           {"2a", "Heavy artillery withdrawn 25 km", rules::RuleType::kWithdrawal},
           {"3", "No strikes on energy sites", rules::RuleType::kProtectedTarget}}};
}

}  // namespace truceline::report::testing
