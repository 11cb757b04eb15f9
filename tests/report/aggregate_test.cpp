// BuildDailyReport on small hand-made inputs: exact counts on the day, the
// day before and the 7-day mean; DST days; violations with evidence;
// hotspots; coverage and gaps; independence from input order.

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "report/render.hpp"
#include "report/report.hpp"
#include "report_test_util.hpp"

namespace truceline::report {
namespace {

using core::ReportKind;
using core::SourceKind;
using testing::At;
using testing::Date;
using testing::MakeIncident;
using testing::MakeReport;

const CountRow* Row(const std::vector<CountRow>& rows, const std::string& key) {
  for (const CountRow& r : rows) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

// UTC zone, day 2025-04-10: 3 incidents on the day, 2 the day before, and
// 12 more over 2025-04-03..08 (14 in the 7 days before: mean 2).
DailyReportInput UtcWeek() {
  DailyReportInput in;
  in.date = Date(2025, 4, 10);
  in.incidents = {
      MakeIncident(1, ReportKind::kArtillery, "2025-04-10T00:00:00Z", 48.0, 37.8),
      MakeIncident(2, ReportKind::kMortar, "2025-04-10T12:00:00Z", 48.01, 37.81),
      MakeIncident(3, ReportKind::kWeaponSighting, "2025-04-10T23:59:59Z", 47.5, 35.9,
                   "Zaporizhzhia Oblast"),
      MakeIncident(4, ReportKind::kArtillery, "2025-04-09T10:00:00Z", 48.0, 37.8),
      MakeIncident(5, ReportKind::kSmallArms, "2025-04-09T11:00:00Z", 48.0, 37.8),
      // Outside the window of the mean, inside the trend.
      MakeIncident(6, ReportKind::kArtillery, "2025-04-02T23:59:59Z", 48.0, 37.8),
      // After the day: ignored.
      MakeIncident(7, ReportKind::kArtillery, "2025-04-11T00:00:00Z", 48.0, 37.8),
  };
  uint64_t id = 100;
  for (int d = 3; d <= 8; ++d) {
    for (int k = 0; k < 2; ++k) {
      std::string t = "2025-04-0" + std::to_string(d) + "T0" + std::to_string(k) + ":00:00Z";
      in.incidents.push_back(MakeIncident(id++, ReportKind::kArtillery, t.c_str(), 48.0, 37.8));
    }
  }
  return in;
}

TEST(AggregateTest, CountsOnTheDayTheDayBeforeAndTheMean) {
  auto r = BuildDailyReport(UtcWeek());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->day_hours, 24);
  EXPECT_EQ(r->incidents.day, 3u);
  EXPECT_EQ(r->incidents.previous_day, 2u);
  EXPECT_DOUBLE_EQ(r->incidents.mean_7d, 2.0);  // 14 / 7
  const CountRow* fire = Row(r->incidents_by_family, "indirect_fire");
  ASSERT_NE(fire, nullptr);
  EXPECT_EQ(fire->counts.day, 2u);
  EXPECT_EQ(fire->counts.previous_day, 1u);
  EXPECT_DOUBLE_EQ(fire->counts.mean_7d, 1.86);  // 13 / 7 rounded
  EXPECT_EQ(r->incidents_by_family.size(), 6u);  // every family, zeros too
  EXPECT_EQ(Row(r->incidents_by_family, "sighting")->counts.day, 1u);
  EXPECT_EQ(Row(r->incidents_by_kind, "mortar")->counts.day, 1u);
  EXPECT_EQ(Row(r->incidents_by_kind, "air_strike"), nullptr);  // never seen
  ASSERT_EQ(r->incidents_by_oblast.size(), 2u);
  EXPECT_EQ(r->incidents_by_oblast[0].key, "Donetsk Oblast");
  EXPECT_EQ(r->incidents_by_oblast[0].counts.day, 2u);
  EXPECT_EQ(r->incidents_by_oblast[1].key, "Zaporizhzhia Oblast");
  ASSERT_EQ(r->trend.size(), 30u);
  EXPECT_EQ(r->trend.back().date, Date(2025, 4, 10));
  EXPECT_EQ(r->trend[29 - 8].incidents_by_family[0], 1u);  // 2025-04-02
  EXPECT_EQ(r->map_incidents.size(), 3u);
  EXPECT_EQ(r->incidents_by_status[0], 3u);  // single_source
}

TEST(AggregateTest, SpringForwardDayHas23HoursInKyiv) {
  DailyReportInput in;
  in.zone = testing::Kyiv();
  ASSERT_EQ(in.zone.name(), "Europe/Kyiv");
  in.date = Date(2025, 3, 30);
  in.incidents = {
      MakeIncident(1, ReportKind::kArtillery, "2025-03-29T21:59:59Z", 48, 38),  // 23:59 on 29th
      MakeIncident(2, ReportKind::kArtillery, "2025-03-29T22:00:00Z", 48, 38),  // 00:00 on 30th
      MakeIncident(3, ReportKind::kArtillery, "2025-03-30T20:59:59Z", 48, 38),  // 23:59 EEST
      MakeIncident(4, ReportKind::kArtillery, "2025-03-30T21:00:00Z", 48, 38),  // the 31st
  };
  in.reports = {MakeReport("s", SourceKind::kSensor, "2025-03-30T00:30:00Z"),
                MakeReport("s", SourceKind::kSensor, "2025-03-30T01:30:00Z")};
  auto r = BuildDailyReport(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->day_start, At("2025-03-29T22:00:00Z"));
  EXPECT_EQ(r->day_end, At("2025-03-30T21:00:00Z"));
  EXPECT_EQ(r->day_hours, 23);
  EXPECT_EQ(r->incidents.day, 2u);
  EXPECT_EQ(r->incidents.previous_day, 1u);
  ASSERT_EQ(r->coverage.hours.size(), 23u);
  // 00:00, 01:00, 02:00 at +02:00, then 04:00 at +03:00.
  EXPECT_EQ(r->coverage.hours[2].utc_offset_s, 7200);
  EXPECT_EQ(r->coverage.hours[2].reports, 1u);  // 00:30Z = 02:30 local
  EXPECT_EQ(r->coverage.hours[3].utc_offset_s, 10800);
  EXPECT_EQ(r->coverage.hours[3].reports, 1u);  // 01:30Z = 04:30 local
  std::string json = RenderJson(*r);
  EXPECT_NE(json.find("\"local\":\"04:00+03:00\""), std::string::npos);
  EXPECT_EQ(json.find("\"local\":\"03:00"), std::string::npos);
}

TEST(AggregateTest, FallBackDayHas25HoursInKyiv) {
  DailyReportInput in;
  in.zone = testing::Kyiv();
  in.date = Date(2025, 10, 26);
  in.incidents = {
      MakeIncident(1, ReportKind::kArtillery, "2025-10-25T21:00:00Z", 48, 38),  // 00:00 EEST
      MakeIncident(2, ReportKind::kArtillery, "2025-10-26T21:59:59Z", 48, 38),  // 23:59 EET
      MakeIncident(3, ReportKind::kArtillery, "2025-10-26T22:00:00Z", 48, 38),  // the 27th
  };
  in.reports = {MakeReport("s", SourceKind::kSensor, "2025-10-26T00:10:00Z"),
                MakeReport("s", SourceKind::kSensor, "2025-10-26T01:10:00Z")};
  auto r = BuildDailyReport(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->day_hours, 25);
  EXPECT_EQ(r->incidents.day, 2u);
  ASSERT_EQ(r->coverage.hours.size(), 25u);
  // The repeated hour: 03:00 at +03:00 (slot 3), then 03:00 at +02:00 (slot 4).
  EXPECT_EQ(r->coverage.hours[3].reports, 1u);
  EXPECT_EQ(r->coverage.hours[4].reports, 1u);
  std::string json = RenderJson(*r);
  EXPECT_NE(json.find("\"local\":\"03:00+03:00\""), std::string::npos);
  EXPECT_NE(json.find("\"local\":\"03:00+02:00\""), std::string::npos);
}

rules::Violation MakeViolation(uint64_t incident, const char* clause, rules::RuleType rule) {
  rules::Violation v;
  v.incident_id = incident;
  v.clause_id = clause;
  v.rule = rule;
  return v;
}

TEST(AggregateTest, ViolationsByClauseWithEvidence) {
  DailyReportInput in = UtcWeek();
  in.agreement = testing::ExampleAgreement();
  rules::Violation fire = MakeViolation(1, "1", rules::RuleType::kNoFire);
  fire.evidence.line_distance_m = 4200;
  fire.evidence.line = "contact";
  fire.evidence.limit_m = 30000;
  rules::Violation weapon = MakeViolation(3, "2a", rules::RuleType::kWithdrawal);
  weapon.evidence.line_distance_m = 12000;
  weapon.evidence.line = "contact";
  weapon.evidence.limit_m = 25000;
  weapon.evidence.weapon_class = core::WeaponClass::kArtilleryGe100;
  rules::Violation strike = MakeViolation(2, "3", rules::RuleType::kProtectedTarget);
  strike.evidence.asset_set = "energy";
  strike.evidence.asset_name = "Zaporizhzhia NPP";
  strike.evidence.asset_distance_m = 640;
  strike.incident_status = core::IncidentStatus::kCorroborated;
  in.violations = {fire,
                   weapon,
                   strike,
                   MakeViolation(4, "1", rules::RuleType::kNoFire),
                   MakeViolation(100, "1", rules::RuleType::kNoFire),
                   MakeViolation(999, "1", rules::RuleType::kNoFire)};  // unknown incident
  auto r = BuildDailyReport(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->violations.day, 3u);
  EXPECT_EQ(r->violations.previous_day, 1u);
  EXPECT_DOUBLE_EQ(r->violations.mean_7d, 0.29);  // 2 / 7
  ASSERT_EQ(r->clauses.size(), 3u);
  EXPECT_EQ(r->clauses[0].clause.id, "1");
  EXPECT_EQ(r->clauses[0].counts.day, 1u);
  ASSERT_EQ(r->clauses[0].violations.size(), 1u);
  EXPECT_EQ(*r->clauses[0].violations[0].evidence.line_distance_m, 4200);
  ASSERT_EQ(r->withdrawal.size(), 1u);
  EXPECT_EQ(r->withdrawal[0].incident_id, 3u);
  EXPECT_EQ(r->withdrawal[0].admin_region, "Zaporizhzhia Oblast");
  ASSERT_EQ(r->protected_sites.size(), 1u);
  EXPECT_EQ(r->protected_sites[0].clause_title, "No strikes on energy sites");
  EXPECT_EQ(r->protected_sites[0].incident_status, core::IncidentStatus::kCorroborated);
  EXPECT_EQ(Row(r->violations_by_family, "sighting")->counts.day, 1u);
  int violating = 0;
  for (const MapIncident& m : r->map_incidents)
    violating += m.violation;
  EXPECT_EQ(violating, 3);
  std::string json = RenderJson(*r);
  EXPECT_NE(json.find("\"asset_name\":\"Zaporizhzhia NPP\""), std::string::npos);
  EXPECT_NE(json.find("\"weapon_class\":\"artillery_ge100\""), std::string::npos);
}

TEST(AggregateTest, WithoutAnAgreementViolationsAreNotEvaluated) {
  DailyReportInput in = UtcWeek();
  in.violations = {MakeViolation(1, "1", rules::RuleType::kNoFire)};  // ignored
  auto r = BuildDailyReport(in);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->agreement);
  EXPECT_EQ(r->violations.day, 0u);
  EXPECT_TRUE(r->clauses.empty());
  std::string json = RenderJson(*r);
  EXPECT_NE(json.find("\"agreement\":null"), std::string::npos);
  EXPECT_NE(json.find("\"violations\":null"), std::string::npos);
  std::string html = RenderHtml(*r, {});
  EXPECT_NE(html.find("No agreement was given"), std::string::npos);
}

TEST(AggregateTest, HotspotsAreNamedByOblastAndNearestTown) {
  DailyReportInput in;
  in.date = Date(2025, 4, 10);
  in.towns = {{"Bakhmut", "Donetsk Oblast", {48.5956, 38.0003}},
              {"Avdiivka", "Donetsk Oblast", {48.1394, 37.7497}}};
  in.incidents = {MakeIncident(1, ReportKind::kArtillery, "2025-04-10T01:00:00Z", 48.56, 38.0),
                  MakeIncident(2, ReportKind::kMortar, "2025-04-10T02:00:00Z", 48.57, 38.01),
                  MakeIncident(3, ReportKind::kSmallArms, "2025-04-10T03:00:00Z", 48.58, 38.02),
                  MakeIncident(4, ReportKind::kArtillery, "2025-04-10T04:00:00Z", 48.14, 37.75)};
  auto r = BuildDailyReport(in);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hotspots.size(), 2u);
  EXPECT_EQ(r->hotspots[0].rank, 1);
  EXPECT_EQ(r->hotspots[0].incidents, 3u);
  EXPECT_EQ(r->hotspots[0].nearest_town, "Bakhmut");
  EXPECT_EQ(r->hotspots[0].oblast, "Donetsk Oblast");
  EXPECT_EQ(r->hotspots[0].by_family[0], 2u);
  EXPECT_EQ(r->hotspots[0].by_family[1], 1u);
  EXPECT_LT(r->hotspots[0].nearest_town_km, 4.0);
  EXPECT_EQ(r->hotspots[1].nearest_town, "Avdiivka");
  EXPECT_TRUE(r->hotspots[0].cell.Contains({48.57, 38.01}));
}

TEST(AggregateTest, CoverageCountsSourcesGapsAndSilentSources) {
  DailyReportInput in;
  in.date = Date(2025, 4, 10);
  in.reports = {
      MakeReport("sensor-A", SourceKind::kSensor, "2025-04-10T00:10:00Z"),
      MakeReport("sensor-A", SourceKind::kSensor, "2025-04-10T05:10:00Z"),
      MakeReport("patrol-1", SourceKind::kMonitor, "2025-04-10T05:20:00Z"),
      MakeReport("patrol-2", SourceKind::kMonitor, "2025-04-08T05:20:00Z"),
      MakeReport("patrol-2", SourceKind::kMonitor, "2025-04-07T05:20:00Z"),
      MakeReport("patrol-2", SourceKind::kMonitor, "2025-04-07T06:20:00Z"),
      MakeReport("osint-old", SourceKind::kOsint, "2025-04-01T05:20:00Z"),  // 9 days before
  };
  auto r = BuildDailyReport(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->reports.day, 3u);
  EXPECT_EQ(r->reports.previous_day, 0u);
  EXPECT_DOUBLE_EQ(r->reports.mean_7d, 0.43);  // 3 / 7
  ASSERT_EQ(r->coverage.sources.size(), 2u);
  EXPECT_EQ(r->coverage.sources[0].source, "sensor-A");
  EXPECT_EQ(r->coverage.sources[0].reports, 2u);
  const SourceKindCount& monitors = r->coverage.source_kinds[0];
  EXPECT_EQ(monitors.reports, 1u);
  EXPECT_EQ(monitors.sources, 1u);
  ASSERT_EQ(r->coverage.silent_sources.size(), 1u);
  EXPECT_EQ(r->coverage.silent_sources[0].source, "patrol-2");
  EXPECT_EQ(r->coverage.silent_sources[0].reports_previous_7d, 3u);
  EXPECT_EQ(r->coverage.silent_sources[0].active_days_previous_7d, 2);
  EXPECT_EQ(r->coverage.silent_sources[0].last_report, At("2025-04-08T05:20:00Z"));
  int gaps = 0;
  for (const HourSlot& h : r->coverage.hours)
    gaps += h.reports == 0;
  EXPECT_EQ(gaps, 22);
}

TEST(AggregateTest, InputOrderDoesNotMatter) {
  DailyReportInput in = UtcWeek();
  in.agreement = testing::ExampleAgreement();
  in.violations = {MakeViolation(1, "1", rules::RuleType::kNoFire),
                   MakeViolation(2, "1", rules::RuleType::kNoFire),
                   MakeViolation(3, "2a", rules::RuleType::kWithdrawal)};
  in.reports = {MakeReport("b", SourceKind::kSensor, "2025-04-10T01:00:00Z"),
                MakeReport("a", SourceKind::kSensor, "2025-04-10T02:00:00Z"),
                MakeReport("c", SourceKind::kOsint, "2025-04-09T02:00:00Z")};
  std::string expected = RenderJson(*BuildDailyReport(in));
  std::mt19937_64 random(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(in.incidents.begin(), in.incidents.end(), random);
    std::shuffle(in.violations.begin(), in.violations.end(), random);
    std::shuffle(in.reports.begin(), in.reports.end(), random);
    EXPECT_EQ(RenderJson(*BuildDailyReport(in)), expected);
  }
}

}  // namespace
}  // namespace truceline::report
