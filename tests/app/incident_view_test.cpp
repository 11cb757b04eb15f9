// app::IncidentView: the in-memory incidents must answer every query exactly
// as the store does, after fusion grows and merges incidents, analysts
// review them, and another connection writes while the view is behind.

#include "app/incident_view.hpp"

#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/incident_tracker.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace truceline::app {
namespace {

using core::Report;

class IncidentViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("truceline-view-{}-{}.db", ::getpid(),
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove(path_);
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }

  std::unique_ptr<store::Store> Open() {
    auto store = store::OpenSqliteStore(path_.string(), store::SqliteOptions{.durable = false});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(*store);
  }

  std::filesystem::path path_;
};

// Reports over two areas (one of them across the antimeridian) and a day,
// dense enough that fusion merges incidents.
std::vector<Report> RandomReports(std::mt19937_64& random, int first_id, int count) {
  std::uniform_real_distribution<double> unit(0, 1);
  const core::ReportKind kinds[] = {core::ReportKind::kArtillery, core::ReportKind::kSmallArms,
                                    core::ReportKind::kDroneStrike};
  std::vector<Report> reports;
  for (int i = first_id; i < first_id + count; ++i) {
    Report r;
    r.id = fmt::format("r{}", i);
    r.source = fmt::format("src-{}", static_cast<int>(unit(random) * 4));
    r.source_kind = core::SourceKind::kMonitor;
    r.observed_at = core::FromUnixMicros(1'743'500'000'000'000 +
                                         static_cast<int64_t>(unit(random) * 86'400) * 1'000'000);
    r.time_uncertainty_s = unit(random) * 120;
    bool far = unit(random) < 0.2;
    r.lat = far ? -17 + unit(random) * 0.4 : 47.5 + unit(random) * 0.6;
    r.lon = far ? (unit(random) < 0.5 ? 179.8 + unit(random) * 0.19 : -179.99 + unit(random) * 0.2)
                : 35.0 + unit(random) * 0.8;
    r.position_uncertainty_m = 50 + unit(random) * 800;
    r.kind = kinds[static_cast<int>(unit(random) * 3)];
    reports.push_back(r);
  }
  return reports;
}

void AppendAndFuse(store::Store& store, IncidentTracker& tracker,
                   const std::vector<Report>& reports) {
  std::vector<core::ContentDigest> digests;
  for (const Report& r : reports)
    digests.push_back(core::DigestReportContent(r));
  auto appended = store.AppendReports(reports, digests, core::FromUnixMicros(0));
  ASSERT_TRUE(appended.ok()) << appended.status().ToString();
  core::Status fused = tracker.Fuse(reports, appended->seqs);
  ASSERT_TRUE(fused.ok()) << fused.ToString();
}

store::IncidentQuery RandomQuery(std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0, 1);
  store::IncidentQuery query;
  const int64_t day0 = 1'743'500'000'000'000;
  if (unit(random) < 0.5) {
    query.from = core::FromUnixMicros(day0 + static_cast<int64_t>(unit(random) * 86'400e6));
  }
  if (unit(random) < 0.5) {
    query.to = core::FromUnixMicros(day0 + static_cast<int64_t>(unit(random) * 86'400e6));
  }
  double shape = unit(random);
  if (shape < 0.45) {  // a map's small box
    double lat = 47.4 + unit(random) * 0.7, lon = 34.9 + unit(random) * 0.9;
    query.bbox = std::array<double, 4>{lon, lat, lon + 0.05 + unit(random) * 0.3,
                                       lat + 0.05 + unit(random) * 0.2};
  } else if (shape < 0.6) {  // a whole region
    query.bbox = std::array<double, 4>{30, 44, 40, 52};
  } else if (shape < 0.75) {  // across the antimeridian
    query.bbox = std::array<double, 4>{179.9, -17.3, -179.85, -16.7};
  }
  if (unit(random) < 0.25) {
    query.family = unit(random) < 0.5 ? core::Family::kIndirectFire : core::Family::kAirStrike;
  }
  if (unit(random) < 0.2) {
    const core::IncidentStatus statuses[] = {
        core::IncidentStatus::kVerified, core::IncidentStatus::kRejected,
        core::IncidentStatus::kSingleSource, core::IncidentStatus::kCorroborated};
    query.status = statuses[static_cast<int>(unit(random) * 4)];
  }
  if (unit(random) < 0.7) query.limit = 1 + static_cast<uint64_t>(unit(random) * 40);
  return query;
}

std::vector<uint64_t> StoreIds(store::Store& store, const store::IncidentQuery& query) {
  std::vector<uint64_t> ids;
  EXPECT_TRUE(store
                  .ScanIncidents(query,
                                 [&](const core::Incident& i) {
                                   ids.push_back(i.id);
                                   return true;
                                 })
                  .ok());
  return ids;
}

std::vector<uint64_t> ViewIds(const IncidentView& view, const store::IncidentQuery& query) {
  std::vector<uint64_t> ids;
  view.Scan(query, [&](const core::Incident& i) {
    ids.push_back(i.id);
    return true;
  });
  return ids;
}

// Every query, and paging through it with the cursor, gives the store's ids.
void ExpectSameAnswers(store::Store& store, const IncidentView& view, std::mt19937_64& random,
                       int queries) {
  for (int q = 0; q < queries; ++q) {
    store::IncidentQuery query = RandomQuery(random);
    std::vector<uint64_t> expected = StoreIds(store, query);
    ASSERT_EQ(ViewIds(view, query), expected) << "query " << q;
    if (!query.limit || expected.empty()) continue;
    auto last = store.GetIncident(expected.back());
    ASSERT_TRUE(last.ok());
    query.after = std::pair{last->summary.first_at, last->id};
    ASSERT_EQ(ViewIds(view, query), StoreIds(store, query)) << "query " << q << ", next page";
  }
}

TEST_F(IncidentViewTest, AnswersAsTheStoreThroughGrowthMergesAndReviews) {
  std::mt19937_64 random(20250401);
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  auto store = Open();
  auto tracker = IncidentTracker::Open(*store, {}, nullptr, clock);
  ASSERT_TRUE(tracker.ok());
  IncidentView view;
  ASSERT_TRUE(view.CatchUp(*store).ok());
  EXPECT_EQ(view.size(), 0u);

  int next_id = 0;
  uint64_t merged_away = 0;
  for (int round = 0; round < 6; ++round) {
    AppendAndFuse(*store, **tracker, RandomReports(random, next_id, 400));
    next_id += 400;
    // Reviews of a few incidents, through the store as analysts do.
    std::vector<uint64_t> all = StoreIds(*store, {});
    for (int k = 0; k < 5 && !all.empty(); ++k) {
      uint64_t id = all[random() % all.size()];
      core::IncidentReview review{
          k % 2 ? core::IncidentStatus::kRejected : core::IncidentStatus::kVerified, "checked",
          "analyst", core::FromUnixMicros(0)};
      ASSERT_TRUE(store->ReviewIncident(id, review).ok());
    }
    ASSERT_TRUE(view.CatchUp(*store).ok());
    EXPECT_EQ(view.size(), all.size());
    ExpectSameAnswers(*store, view, random, 60);
    merged_away = static_cast<uint64_t>(next_id) - all.size();
  }
  // The scene merges incidents, so deletions were applied too.
  EXPECT_GT(merged_away, 0u);
}

TEST_F(IncidentViewTest, CatchesUpWithWritesFromAnotherConnection) {
  std::mt19937_64 random(7);
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  auto writer = Open();
  auto reader = Open();
  auto tracker = IncidentTracker::Open(*writer, {}, nullptr, clock);
  ASSERT_TRUE(tracker.ok());
  AppendAndFuse(*writer, **tracker, RandomReports(random, 0, 300));
  IncidentView view;
  ASSERT_TRUE(view.CatchUp(*reader).ok());
  uint64_t seen = view.applied_seq();
  EXPECT_GT(seen, 0u);

  AppendAndFuse(*writer, **tracker, RandomReports(random, 300, 300));
  // Behind until it catches up; then only the changes are read.
  EXPECT_NE(ViewIds(view, {}), StoreIds(*reader, {}));
  size_t changes = 0;
  ASSERT_TRUE(reader
                  ->ScanIncidentChanges(seen,
                                        [&](const store::IncidentChange& change) {
                                          EXPECT_GT(change.seq, seen);
                                          ++changes;
                                        })
                  .ok());
  EXPECT_GT(changes, 0u);
  EXPECT_LT(changes, StoreIds(*reader, {}).size() + 300);
  ASSERT_TRUE(view.CatchUp(*reader).ok());
  EXPECT_EQ(ViewIds(view, {}), StoreIds(*reader, {}));
  ExpectSameAnswers(*reader, view, random, 80);

  // Nothing new: catching up reads nothing and changes nothing.
  uint64_t applied = view.applied_seq();
  ASSERT_TRUE(view.CatchUp(*reader).ok());
  EXPECT_EQ(view.applied_seq(), applied);
}

}  // namespace
}  // namespace truceline::app
