// The daily report use case: violations handed in through the request
// (the rules engine's hook) reach report.json; the request's zone rules
// the day; nothing is written when the request is bad.

#include "app/daily_report.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "app/agreement_service.hpp"
#include "app/app.hpp"
#include "report/render.hpp"

namespace truceline::app {
namespace {

class NullObserver final : public IngestObserver {
 public:
  void OnRejection(const ingest::Rejection&, const ingest::ReportBatch&) override {}
  void OnBatchCommitted(const IngestSummary&) override {}
};

class DailyReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-daily-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
    std::string in = (dir_ / "in.ndjson").string();
    std::ofstream(in)
        << R"({"id":"a","source":"patrol-1","source_kind":"monitor","observed_at":"2025-04-01T06:00:00Z","lat":48.0,"lon":37.8,"kind":"artillery"})"
           "\n"
        << R"({"id":"b","source":"sensor-1","source_kind":"sensor","observed_at":"2025-04-01T20:30:00Z","lat":47.5,"lon":35.9,"kind":"weapon_sighting","weapon_class":"artillery_ge100"})"
           "\n";
    auto store = OpenStore(db_);
    ASSERT_TRUE(store.ok());
    Service service(**store, clock_);
    NullObserver observer;
    auto summary = service.Ingest({in}, IngestOptions{}, observer);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    ASSERT_EQ(summary->fused, 2u);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static inline int counter_ = 0;
  core::FixedClock clock_{*core::ParseRfc3339("2025-04-02T06:00:00Z")};
  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(DailyReportTest, ViolationsFromTheRequestReachTheJson) {
  DailyReportRequest request{db_, "2025-04-01", (dir_ / "out").string(), "", "", {}, {}};
  request.agreement =
      report::AgreementInfo{"example-2025",
                            "Example",
                            "Europe/Kyiv",
                            {{"2a", "Heavy artillery 25 km back", rules::RuleType::kWithdrawal}}};
  // Incident ids follow first observation: the sighting is incident 2.
  rules::Violation v;
  v.incident_id = 2;
  v.clause_id = "2a";
  v.rule = rules::RuleType::kWithdrawal;
  v.evidence.weapon_class = core::WeaponClass::kArtilleryGe100;
  request.violations = {v};
  auto outcome = RunDailyReport(request, clock_);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->report.timezone, "Europe/Kyiv");
  EXPECT_EQ(outcome->report.incidents.day, 2u);
  EXPECT_EQ(outcome->report.violations.day, 1u);
  ASSERT_EQ(outcome->report.withdrawal.size(), 1u);
  EXPECT_EQ(outcome->files.size(), 5u);
  std::ifstream in(dir_ / "out" / "report.json", std::ios::binary);
  std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(report::VerifyContentHash(json).ok());
  EXPECT_EQ(report::StatedContentHash(json), outcome->content_hash);
  EXPECT_NE(json.find("\"withdrawal\":[{\"incident_id\":2"), std::string::npos);
  EXPECT_EQ(json.find("2025-04-02T06:00:00Z"), std::string::npos);  // no clock in the JSON
}

TEST_F(DailyReportTest, TheStoresActiveAgreementChecksTheDaysIncidents) {
  {
    auto store = OpenStore(db_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        ActivateAgreement(**store, "bundled", {"coordinator-1", Role::kCoordinator}, clock_).ok());
  }
  auto outcome =
      RunDailyReport({db_, "2025-04-01", (dir_ / "active").string(), "", "", {}, {}}, clock_);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_TRUE(outcome->report.agreement.has_value());
  EXPECT_EQ(outcome->report.agreement->id, "example-2025");
  // As many as the store keeps for the incidents first seen that day.
  auto store = OpenStore(db_);
  ASSERT_TRUE(store.ok());
  store::ViolationQuery day;
  day.from = *core::ParseRfc3339("2025-03-31T21:00:00Z");
  day.to = *core::ParseRfc3339("2025-04-01T20:59:59.999999Z");
  uint64_t stored = 0;
  ASSERT_TRUE((*store)
                  ->ScanViolations(day,
                                   [&](const store::ViolationRecord&) {
                                     ++stored;
                                     return true;
                                   })
                  .ok());
  EXPECT_GT(stored, 0u);
  EXPECT_EQ(outcome->report.violations.day, stored);
  // "none" leaves the violation sections empty.
  auto without =
      RunDailyReport({db_, "2025-04-01", (dir_ / "none").string(), "", "none", {}, {}}, clock_);
  ASSERT_TRUE(without.ok());
  EXPECT_FALSE(without->report.agreement.has_value());
}

TEST_F(DailyReportTest, TheZoneDecidesWhichDayAnInstantBelongsTo) {
  // 20:30Z on 1 April is 23:30 in Kyiv but 1 April 22:30 in Warsaw and
  // 2 April 05:30 in Tokyo.
  DailyReportRequest tokyo{db_, "2025-04-01", (dir_ / "tokyo").string(), "Asia/Tokyo", "", {}, {}};
  auto outcome = RunDailyReport(tokyo, clock_);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->report.incidents.day, 1u);
  EXPECT_EQ(outcome->report.timezone, "Asia/Tokyo");
}

TEST_F(DailyReportTest, BadRequestsWriteNothing) {
  std::string out = (dir_ / "nothing").string();
  EXPECT_EQ(RunDailyReport({db_, "01/04/2025", out, "", "", {}, {}}, clock_).status().code(),
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      RunDailyReport({db_, "2025-04-01", out, "../etc/passwd", "", {}, {}}, clock_).status().code(),
      core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(RunDailyReport({(dir_ / "none.db").string(), "2025-04-01", out, "", "", {}, {}}, clock_)
                .status()
                .code(),
            core::ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "none.db"));
}

}  // namespace
}  // namespace truceline::app
