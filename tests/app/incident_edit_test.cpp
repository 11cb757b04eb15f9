// app::MergeIncidents and app::SplitIncident: who may edit, what is
// refused, the histories, and the violations of edited incidents
// re-evaluated in the same step. (That edits hold through later fusion is
// in incident_tracker_test.cpp.)

#include "app/incident_edit.hpp"

#include <filesystem>
#include <fstream>

#include <GeographicLib/Geodesic.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/agreement_service.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace truceline::app {
namespace {

// A north–south line at 36°E and one withdrawal clause: tanks at least
// 15 km from it.
constexpr std::string_view kAgreement = R"({
  "id": "test-line", "title": "A line and a withdrawal distance",
  "effective_from": "2025-01-01T00:00:00Z", "effective_to": null, "timezone": "Europe/Kyiv",
  "lines": {"contact": {"type": "LineString", "coordinates": [[36.0, 47.0], [36.0, 49.0]]}},
  "clauses": [{"id": "2t", "title": "Tanks 15 km back", "rule": "withdrawal",
               "weapon_classes": ["tank"], "line": "contact", "min_km": 15}]
})";

class IncidentEditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-edit-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    auto store =
        store::OpenSqliteStore((dir_ / "t.db").string(), store::SqliteOptions{.durable = false});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto tracker = IncidentTracker::Open(*store_, {}, nullptr, clock_);
    ASSERT_TRUE(tracker.ok()) << tracker.status().ToString();
    tracker_ = std::move(*tracker);
  }
  void TearDown() override {
    tracker_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Activate() {
    std::string path = (dir_ / "agreement.json").string();
    std::ofstream(path) << kAgreement;
    auto activated =
        ActivateAgreement(*store_, path, {"coordinator-1", Role::kCoordinator}, clock_);
    ASSERT_TRUE(activated.ok()) << activated.status().ToString();
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

  // Ingests one report and returns its incident.
  uint64_t Ingest(const core::Report& report) {
    std::vector<core::Report> batch{report};
    std::vector<core::ContentDigest> digests{core::DigestReportContent(report)};
    auto appended = store_->AppendReports(batch, digests, clock_.Now());
    EXPECT_TRUE(appended.ok()) << appended.status().ToString();
    auto fused = tracker_->Fuse(batch, appended->seqs);
    EXPECT_TRUE(fused.ok()) << fused.ToString();
    return store_->LoadFusionState()->next_incident - 1;
  }

  std::vector<uint64_t> ViolatingIncidents() {
    std::vector<uint64_t> out;
    EXPECT_TRUE(store_
                    ->ScanViolations({},
                                     [&](const store::ViolationRecord& v) {
                                       out.push_back(v.incident);
                                       return true;
                                     })
                    .ok());
    return out;
  }

  std::vector<std::string> ViolationHistory(uint64_t incident) {
    std::vector<std::string> out;
    EXPECT_TRUE(store_
                    ->ScanViolationHistory(incident,
                                           [&](const store::ViolationHistoryEntry& e) {
                                             out.push_back(
                                                 fmt::format("{}:{}", e.incident, e.event));
                                           })
                    .ok());
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<IncidentTracker> tracker_;
  core::FixedClock clock_{core::FromUnixMicros(1'800'000'000'000'000)};
  Actor analyst_{"ana", Role::kAnalyst};
};

TEST_F(IncidentEditTest, AMergeIsReEvaluatedAgainstTheActiveAgreementInTheSameStep) {
  Activate();
  // 1: a precise tank 30 km out (no violation); 2: a coarse one 5 km out
  // (a violation). Merged, the precise report dominates the centroid.
  const uint64_t far = Ingest(Tank("patrol-1", 30, 1));
  const uint64_t near = Ingest(Tank("osint-1", 5, 100));
  ASSERT_EQ(ViolatingIncidents(), std::vector<uint64_t>{near});
  auto merged = MergeIncidents(*store_, near, far, "same tank, misplaced by the channel", analyst_,
                               nullptr, clock_);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->incident.id, far);
  EXPECT_TRUE(ViolatingIncidents().empty());
  EXPECT_EQ(ViolationHistory(far), (std::vector<std::string>{fmt::format("{}:found", near),
                                                             fmt::format("{}:withdrawn", near)}));

  // The other way round: 3 far and coarse, 4 near and precise: the merged
  // incident 3 now violates.
  const uint64_t coarse = Ingest(Tank("osint-2", 45, 100));
  const uint64_t precise = Ingest(Tank("patrol-2", 3, 1));
  ASSERT_EQ(ViolatingIncidents(), std::vector<uint64_t>{precise});
  ASSERT_TRUE(MergeIncidents(*store_, coarse, precise, "one tank", analyst_, nullptr, clock_).ok());
  EXPECT_EQ(ViolatingIncidents(), std::vector<uint64_t>{coarse});

  // The tracker, which still holds the old ids, goes on from the merged
  // incidents: a report next to the absorbed one joins the survivor.
  const uint64_t joined = Ingest(Tank("patrol-3", 3, 1));
  EXPECT_EQ(joined, precise);  // no new incident was made
  EXPECT_EQ(store_->GetIncident(coarse)->summary.report_count, 3u);
  EXPECT_EQ(ViolatingIncidents(), std::vector<uint64_t>{coarse});
}

TEST_F(IncidentEditTest, OnlyAnalystsMergeAndBadRequestsAreRefusedWithNothingWritten) {
  const uint64_t a = Ingest(Tank("patrol-1", 30, 1));
  const uint64_t b = Ingest(Tank("patrol-2", 40, 1));
  auto code = [&](uint64_t x, uint64_t y, const std::string& reason, const Actor& actor) {
    return MergeIncidents(*store_, x, y, reason, actor, nullptr, clock_).status().code();
  };
  EXPECT_EQ(code(a, b, "why", {"obs", Role::kObserver}), core::ErrorCode::kForbidden);
  EXPECT_EQ(code(a, b, "why", {"coord", Role::kCoordinator}), core::ErrorCode::kForbidden);
  EXPECT_EQ(code(a, 99, "why", analyst_), core::ErrorCode::kNotFound);
  EXPECT_EQ(code(99, a, "why", analyst_), core::ErrorCode::kNotFound);
  EXPECT_EQ(code(a, a, "why", analyst_), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(a, b, "", analyst_), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(a, b, std::string(kMaxEditReasonBytes + 1, 'x'), analyst_),
            core::ErrorCode::kInvalidArgument);
  // Another family.
  core::Report shot = Tank("patrol-3", 30, 1);
  shot.kind = core::ReportKind::kArtillery;
  shot.weapon_class.reset();
  const uint64_t c = Ingest(shot);
  EXPECT_EQ(code(a, c, "why", analyst_), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->LoadFusionState()->revision, 0u);
  EXPECT_EQ(store_->GetIncident(b)->id, b);

  // An admin may; a merged-away id then resolves, and merging it again is
  // refused as "already one incident".
  ASSERT_TRUE(MergeIncidents(*store_, a, b, "why", {"root", Role::kAdmin}, nullptr, clock_).ok());
  EXPECT_EQ(code(b, a, "why", analyst_), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->LoadFusionState()->revision, 1u);
}

TEST_F(IncidentEditTest, ASplitIsReEvaluatedRecordedAndRefusedWhenItIsNoSplit) {
  Activate();
  // A precise tank 20 km out and a coarse report 5 km out that reaches it:
  // one incident, centred on the precise report (no violation).
  const uint64_t id = Ingest(Tank("patrol-1", 20, 1));
  ASSERT_EQ(Ingest(Tank("osint-1", 5, 20'000)), id);
  ASSERT_EQ(store_->GetIncident(id)->summary.report_count, 2u);
  ASSERT_TRUE(ViolatingIncidents().empty());
  ASSERT_TRUE(
      store_->ReviewIncident(id, {core::IncidentStatus::kVerified, "seen", "ben", clock_.Now()})
          .ok());

  auto code = [&](uint64_t incident, std::vector<ReportKey> keys, const Actor& actor) {
    return SplitIncident(*store_, incident, keys, "why", actor, nullptr, clock_).status().code();
  };
  const ReportKey coarse{"osint-1", "osint-1-1"}, precise{"patrol-1", "patrol-1-1"};
  EXPECT_EQ(code(id, {coarse}, {"obs", Role::kObserver}), core::ErrorCode::kForbidden);
  EXPECT_EQ(code(99, {coarse}, analyst_), core::ErrorCode::kNotFound);
  EXPECT_EQ(code(id, {}, analyst_), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(id, {coarse, precise}, analyst_), core::ErrorCode::kInvalidArgument);  // all
  EXPECT_EQ(code(id, {coarse, coarse}, analyst_), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(id, {{"osint-1", "nope"}}, analyst_), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      SplitIncident(*store_, id, std::vector<ReportKey>{coarse}, "", analyst_, nullptr, clock_)
          .status()
          .code(),
      core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->LoadFusionState()->revision, 0u);

  // Split off, the coarse report is an incident of its own 5 km from the
  // line: a violation, found in the split's own step.
  std::vector<ReportKey> off{coarse};
  auto split = SplitIncident(*store_, id, off, "the OSINT post shows another tank", analyst_,
                             nullptr, clock_);
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  const uint64_t new_id = split->split_off.id;
  EXPECT_GT(new_id, id);
  EXPECT_EQ(split->kept.summary.report_count, 1u);
  EXPECT_EQ(split->kept.Status(), core::IncidentStatus::kVerified);  // the review stays
  EXPECT_FALSE(split->split_off.review.has_value());
  EXPECT_EQ(ViolatingIncidents(), std::vector<uint64_t>{new_id});
  EXPECT_EQ(ViolationHistory(new_id), std::vector<std::string>{fmt::format("{}:found", new_id)});
  // Both histories have the split, with the other part, who and why.
  for (auto [incident, other_key, other] :
       {std::tuple{id, "split_off", new_id}, std::tuple{new_id, "split_from", id}}) {
    std::vector<store::IncidentHistoryEntry> history;
    ASSERT_TRUE(
        store_->ScanIncidentHistory(incident, [&](const auto& e) { history.push_back(e); }).ok());
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.back().event, "split");
    EXPECT_NE(history.back().detail.find(fmt::format("\"{}\":{}", other_key, other)),
              std::string::npos)
        << history.back().detail;
    EXPECT_NE(
        history.back().detail.find(R"("by":"ana","reason":"the OSINT post shows another tank")"),
        std::string::npos)
        << history.back().detail;
  }
  // The parts stay apart: the same coarse report again (another source)
  // reaches both, and joins the one nearest in time — a tie: the smaller id.
  EXPECT_EQ(Ingest(Tank("osint-2", 5, 20'000)), new_id);  // no new incident
  EXPECT_EQ(store_->GetIncident(id)->summary.report_count, 2u);
  EXPECT_EQ(store_->GetIncident(new_id)->summary.report_count, 1u);
}

}  // namespace
}  // namespace truceline::app
