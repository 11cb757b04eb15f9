// app::ActivateAgreement and the violations ingest keeps current: found when
// an incident violates, withdrawn (history kept) when a new report moves it
// out of violation, changed when an analyst's review changes its status.

#include "app/agreement_service.hpp"

#include <filesystem>
#include <fstream>

#include <GeographicLib/Geodesic.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/incident_tracker.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace truceline::app {
namespace {

// A north–south line at 36°E and one withdrawal clause: tanks at least
// 15 km from it, from 1 January 2025.
constexpr std::string_view kAgreement = R"({
  "id": "test-line", "title": "A line and a withdrawal distance",
  "effective_from": "2025-01-01T00:00:00Z", "effective_to": null, "timezone": "Europe/Kyiv",
  "lines": {"contact": {"type": "LineString", "coordinates": [[36.0, 47.0], [36.0, 49.0]]}},
  "clauses": [{"id": "2t", "title": "Tanks 15 km back", "rule": "withdrawal",
               "weapon_classes": ["tank"], "line": "contact", "min_km": 15}]
})";

class AgreementServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-agreement-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    agreement_path_ = (dir_ / "agreement.json").string();
    std::ofstream(agreement_path_) << kAgreement;
    auto store =
        store::OpenSqliteStore((dir_ / "t.db").string(), store::SqliteOptions{.durable = false});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A tank seen `km` east of the line at 48°N, with this uncertainty.
  static core::Report Tank(const std::string& source, double km, double uncertainty_m) {
    core::Report r;
    r.source = source;
    r.id = source + "-1";
    r.source_kind = core::SourceKind::kMonitor;
    r.observed_at = core::FromUnixMicros(1'743'500'000'000'000);
    GeographicLib::Geodesic::WGS84().Direct(48.0, 36.0, 90.0, km * 1000, r.lat, r.lon);
    r.position_uncertainty_m = uncertainty_m;
    r.kind = core::ReportKind::kWeaponSighting;
    r.weapon_class = core::WeaponClass::kTank;
    return r;
  }

  void Ingest(IncidentTracker& tracker, const core::Report& report) {
    std::vector<core::Report> batch{report};
    std::vector<core::ContentDigest> digests{core::DigestReportContent(report)};
    auto appended = store_->AppendReports(batch, digests, clock_.Now());
    ASSERT_TRUE(appended.ok()) << appended.status().ToString();
    auto fused = tracker.Fuse(batch, appended->seqs);
    ASSERT_TRUE(fused.ok()) << fused.ToString();
  }

  std::vector<store::ViolationRecord> Violations() {
    std::vector<store::ViolationRecord> out;
    EXPECT_TRUE(store_
                    ->ScanViolations({},
                                     [&](const store::ViolationRecord& v) {
                                       out.push_back(v);
                                       return true;
                                     })
                    .ok());
    return out;
  }

  std::vector<std::string> History(uint64_t incident) {
    std::vector<std::string> out;
    EXPECT_TRUE(store_
                    ->ScanViolationHistory(incident,
                                           [&](const store::ViolationHistoryEntry& e) {
                                             out.push_back(e.event + ":" + e.clause_id);
                                           })
                    .ok());
    return out;
  }

  std::filesystem::path dir_;
  std::string agreement_path_;
  std::unique_ptr<store::Store> store_;
  core::FixedClock clock_{core::FromUnixMicros(1'800'000'000'000'000)};
  Actor coordinator_{"coordinator-1", Role::kCoordinator};
};

TEST_F(AgreementServiceTest, OnlyACoordinatorActivatesAndNothingIsWrittenOtherwise) {
  auto refused = ActivateAgreement(*store_, agreement_path_, {"a", Role::kAnalyst}, clock_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), core::ErrorCode::kForbidden);
  EXPECT_FALSE(store_->ActiveAgreement()->has_value());
  auto bad = ActivateAgreement(*store_, (dir_ / "missing.json").string(), coordinator_, clock_);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("missing.json"), std::string::npos);
  EXPECT_FALSE(store_->ActiveAgreement()->has_value());
}

TEST_F(AgreementServiceTest, ActivationEvaluatesTheIncidentsAlreadyStored) {
  {
    auto tracker = IncidentTracker::Open(*store_, {}, nullptr, clock_);
    ASSERT_TRUE(tracker.ok());
    Ingest(**tracker, Tank("patrol-1", 5, 10));
    Ingest(**tracker, Tank("patrol-2", 40, 10));  // far away: its own incident, no violation
  }
  auto activated = ActivateAgreement(*store_, agreement_path_, coordinator_, clock_);
  ASSERT_TRUE(activated.ok()) << activated.status().ToString();
  EXPECT_EQ(activated->agreement_id, "test-line");
  EXPECT_EQ(activated->incidents, 2u);
  EXPECT_EQ(activated->violations, 1u);
  auto active = store_->ActiveAgreement();
  ASSERT_TRUE(active.ok() && active->has_value());
  EXPECT_EQ((*active)->loaded_by, "coordinator-1");
  EXPECT_NE((*active)->document.find("\"test-line\""), std::string::npos);
  auto violations = Violations();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].clause_id, "2t");
  EXPECT_EQ(violations[0].rule, "withdrawal");
  // The tank was placed 5 km east of the line along the parallel.
  const std::string& evidence = violations[0].evidence;
  size_t at = evidence.find("\"line_distance_m\":");
  ASSERT_NE(at, std::string::npos) << evidence;
  EXPECT_NEAR(std::stod(evidence.substr(at + 18)), 5000, 1) << evidence;
}

TEST_F(AgreementServiceTest, IngestKeepsViolationsCurrentAndTheirHistory) {
  ASSERT_TRUE(ActivateAgreement(*store_, agreement_path_, coordinator_, clock_).ok());
  auto tracker = IncidentTracker::Open(*store_, {}, nullptr, clock_);
  ASSERT_TRUE(tracker.ok());
  // A coarse report 10 km from the line: a violation.
  Ingest(**tracker, Tank("osint-1", 10, 20'000));
  auto violations = Violations();
  ASSERT_EQ(violations.size(), 1u);
  const uint64_t incident = violations[0].incident;
  EXPECT_EQ(violations[0].incident_status, "single_source");

  // An analyst verifies it: the violation records the new status.
  ASSERT_TRUE(store_
                  ->ReviewIncident(incident, {core::IncidentStatus::kVerified, "seen on video",
                                              "analyst-1", clock_.Now()})
                  .ok());
  ASSERT_TRUE(RefreshViolations(*store_, incident, clock_).ok());
  ASSERT_EQ(Violations().size(), 1u);
  EXPECT_EQ(Violations()[0].incident_status, "verified");

  // A precise report 20 km out joins it and moves its centroid beyond
  // 15 km: the violation is withdrawn, and the history says so.
  Ingest(**tracker, Tank("patrol-7", 20, 10));
  auto grown = store_->GetIncident(incident);
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(grown->summary.report_count, 2u);
  EXPECT_TRUE(Violations().empty());
  EXPECT_EQ(History(incident),
            (std::vector<std::string>{"found:2t", "changed:2t", "withdrawn:2t"}));

  // A tank close to the line again, reported by the same precise patrol:
  // found again, as a new incident or the same one.
  Ingest(**tracker, Tank("patrol-8", 3, 10));
  ASSERT_EQ(Violations().size(), 1u);
}

TEST_F(AgreementServiceTest, AStepEvaluatedAgainstAnOlderAgreementIsRedone) {
  ASSERT_TRUE(ActivateAgreement(*store_, agreement_path_, coordinator_, clock_).ok());
  auto tracker = IncidentTracker::Open(*store_, {}, nullptr, clock_);
  ASSERT_TRUE(tracker.ok());
  // Another process activates a stricter version (30 km) meanwhile.
  std::string stricter(kAgreement);
  stricter.replace(stricter.find("\"min_km\": 15"), 12, "\"min_km\": 30");
  std::ofstream(agreement_path_) << stricter;
  ASSERT_TRUE(ActivateAgreement(*store_, agreement_path_, coordinator_, clock_).ok());
  // The tracker still holds version 1: its step is refused, redone against
  // version 2, and the tank at 20 km violates the stricter clause.
  Ingest(**tracker, Tank("patrol-1", 20, 10));
  auto violations = Violations();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_NE(violations[0].evidence.find("\"limit_m\":30000"), std::string::npos)
      << violations[0].evidence;
  EXPECT_EQ(store_->LoadFusionState()->fused_up_to_seq, 1u);
}

}  // namespace
}  // namespace truceline::app
