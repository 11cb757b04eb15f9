// The Store conformance suite: what every backend must do, written against
// the interface only. A backend joins by adding a factory to kBackends.

#include <filesystem>
#include <functional>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace truceline::store {
namespace {

// Creates an empty store of one backend; `scratch` is a fresh directory.
struct Backend {
  std::string name;
  std::function<core::Result<std::unique_ptr<Store>>(const std::filesystem::path& scratch)> open;
};

const Backend kBackends[] = {
    {"sqlite",
     [](const std::filesystem::path& scratch) {
       return OpenSqliteStore((scratch / "store.db").string());
     }},
};

core::Report MakeReport(const std::string& source, const std::string& id, int64_t second,
                        double lat = 48.5, double lon = 37.5) {
  core::Report r;
  r.source = source;
  r.id = id;
  r.source_kind = core::SourceKind::kMonitor;
  r.observed_at = core::FromUnixMicros(1743500000LL * 1000000 + second * 1000000);
  r.lat = lat;
  r.lon = lon;
  r.kind = core::ReportKind::kArtillery;
  return r;
}

class StoreConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    scratch_ = std::filesystem::temp_directory_path() /
               fmt::format("truceline-store-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(scratch_);
    auto opened = GetParam().open(scratch_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(scratch_);
  }

  AppendResult Append(const std::vector<core::Report>& reports) {
    std::vector<core::ContentDigest> digests;
    for (const auto& r : reports)
      digests.push_back(core::DigestReportContent(r));
    auto result = store_->AppendReports(reports, digests, now_);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : AppendResult{};
  }

  std::vector<core::Report> Scan(const ReportQuery& query = {}) {
    std::vector<core::Report> out;
    auto status = store_->ScanReports(query, [&](const StoredReport& s) {
      out.push_back(s.report);
      return true;
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }

  static inline int counter_ = 0;
  std::filesystem::path scratch_;
  std::unique_ptr<Store> store_;
  core::UtcMicros now_ = core::FromUnixMicros(1743600000LL * 1000000);
};

TEST_P(StoreConformanceTest, StoresEveryFieldExactly) {
  core::Report full = MakeReport("sensor-A1", "r1", 0);
  full.source_kind = core::SourceKind::kSensor;
  full.observed_at += std::chrono::microseconds(123456);
  full.time_uncertainty_s = 2.5;
  full.lat = 48.123456789;
  full.lon = -0.000001;
  full.position_uncertainty_m = 30;
  full.kind = core::ReportKind::kWeaponSighting;
  full.count = 7;
  full.weapon_class = core::WeaponClass::kTacticalMissile;
  full.target_category = core::TargetCategory::kEnergy;
  full.bearing_deg = 0;
  full.text = "Ünïcode, \"quotes\" and\nnewlines";
  core::Report minimal = MakeReport("patrol-1", "r1", 1);
  auto result = Append({full, minimal});
  EXPECT_EQ(result.inserted, 2u);
  EXPECT_EQ(result.outcomes,
            (std::vector<AppendOutcome>{AppendOutcome::kInserted, AppendOutcome::kInserted}));
  auto back = Scan();
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0], full);
  EXPECT_EQ(back[1], minimal);
  auto one = store_->GetReport("sensor-A1", "r1");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->report, full);
  EXPECT_EQ(one->ingested_at, now_);
}

TEST_P(StoreConformanceTest, IsIdempotentBySourceAndId) {
  auto a = MakeReport("s1", "r1", 0);
  auto b = MakeReport("s2", "r1", 0);  // same id, other source: distinct
  EXPECT_EQ(Append({a, b}).inserted, 2u);
  auto again = Append({a, b});
  EXPECT_EQ(again.inserted, 0u);
  EXPECT_EQ(again.duplicates, 2u);
  EXPECT_EQ(*store_->CountReports(), 2u);
}

TEST_P(StoreConformanceTest, ADifferentReportReusingAnIdIsAConflictAndChangesNothing) {
  auto a = MakeReport("s1", "r1", 0);
  auto changed = a;
  changed.count = 5;
  Append({a});
  auto result = Append({changed, MakeReport("s1", "r2", 1)});
  EXPECT_EQ(result.outcomes,
            (std::vector<AppendOutcome>{AppendOutcome::kConflict, AppendOutcome::kInserted}));
  EXPECT_EQ(result.conflicts, 1u);
  EXPECT_EQ(store_->GetReport("s1", "r1")->report, a);
}

TEST_P(StoreConformanceTest, RepeatsWithinOneBatchAreDetected) {
  auto a = MakeReport("s1", "r1", 0);
  auto changed = a;
  changed.lat = 49;
  auto result = Append({a, a, changed});
  EXPECT_EQ(result.outcomes,
            (std::vector<AppendOutcome>{AppendOutcome::kInserted, AppendOutcome::kDuplicate,
                                        AppendOutcome::kConflict}));
  EXPECT_EQ(*store_->CountReports(), 1u);
}

TEST_P(StoreConformanceTest, ScansInTimeOrderWithInclusiveFilters) {
  std::vector<core::Report> reports;
  for (int i = 9; i >= 0; --i) {
    reports.push_back(MakeReport("s", fmt::format("r{}", i), i * 60, 44 + i, 22 + 2 * i));
  }
  Append(reports);
  auto all = Scan();
  ASSERT_EQ(all.size(), 10u);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(all[static_cast<size_t>(i)].id, fmt::format("r{}", i));

  ReportQuery q;
  q.from = MakeReport("s", "x", 120).observed_at;  // inclusive
  q.to = MakeReport("s", "x", 300).observed_at;
  auto window = Scan(q);
  ASSERT_EQ(window.size(), 4u);
  EXPECT_EQ(window.front().id, "r2");
  EXPECT_EQ(window.back().id, "r5");

  ReportQuery box;
  box.bbox = std::array<double, 4>{26, 46, 30, 48};  // lon 26..30, lat 46..48: r2, r3, r4
  auto in_box = Scan(box);
  ASSERT_EQ(in_box.size(), 3u);
  EXPECT_EQ(in_box[0].id, "r2");

  ReportQuery limited;
  limited.limit = 3;
  EXPECT_EQ(Scan(limited).size(), 3u);

  int visited = 0;
  EXPECT_TRUE(store_->ScanReports({}, [&](const StoredReport&) { return ++visited < 2; }).ok());
  EXPECT_EQ(visited, 2);
}

TEST_P(StoreConformanceTest, BBoxMayCrossTheAntimeridian) {
  Append({MakeReport("s", "east", 0, 10, 179.5), MakeReport("s", "west", 1, 10, -179.5),
          MakeReport("s", "zero", 2, 10, 0)});
  ReportQuery q;
  q.bbox = std::array<double, 4>{179, 0, -179, 20};
  auto out = Scan(q);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, "east");
  EXPECT_EQ(out[1].id, "west");
}

TEST_P(StoreConformanceTest, EmptyBatchAndMissingReport) {
  EXPECT_EQ(Append({}).inserted, 0u);
  auto missing = store_->GetReport("s", "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), core::ErrorCode::kNotFound);
  EXPECT_EQ(*store_->CountReports(), 0u);
}

TEST_P(StoreConformanceTest, ManyBatchesAccumulate) {
  for (int b = 0; b < 20; ++b) {
    std::vector<core::Report> batch;
    for (int i = 0; i < 500; ++i) {
      batch.push_back(MakeReport(fmt::format("s{}", i % 7), fmt::format("b{}-{}", b, i), i));
    }
    EXPECT_EQ(Append(batch).inserted, 500u);
  }
  EXPECT_EQ(*store_->CountReports(), 10000u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::ValuesIn(kBackends),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace truceline::store
