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

// --- Agreements and violations ---

ViolationRecord MakeViolation(uint64_t incident, const std::string& clause, int64_t second,
                              const std::string& evidence = R"({"line_distance_m":1200})") {
  ViolationRecord v;
  v.incident = incident;
  v.clause_id = clause;
  v.rule = "withdrawal";
  v.incident_status = "single_source";
  v.incident_first_at = core::FromUnixMicros(1743500000LL * 1000000 + second * 1000000);
  v.evidence = evidence;
  return v;
}

StoredAgreement MakeAgreement(const std::string& id) {
  StoredAgreement a;
  a.id = id;
  a.document = fmt::format(R"({{"id":"{}"}})", id);
  a.loaded_at = core::FromUnixMicros(1743600000LL * 1000000);
  a.loaded_by = "coordinator-1";
  return a;
}

class ViolationStoreTest : public StoreConformanceTest {
 protected:
  std::vector<ViolationRecord> Violations(const ViolationQuery& query = {}) {
    std::vector<ViolationRecord> out;
    auto status = store_->ScanViolations(query, [&](const ViolationRecord& v) {
      out.push_back(v);
      return true;
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  // Violations matching the query that `set` fills in.
  template <typename Set>
  std::vector<ViolationRecord> ViolationsWhere(Set set) {
    ViolationQuery query;
    set(query);
    return Violations(query);
  }
  std::vector<std::string> History(uint64_t incident) {
    std::vector<std::string> out;
    auto status = store_->ScanViolationHistory(incident, [&](const ViolationHistoryEntry& e) {
      out.push_back(
          fmt::format("{}:{}:{}@v{}", e.event, e.incident, e.clause_id, e.agreement_version));
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }
  // Stores one report per id in `incidents`, each its own incident.
  void StoreIncidents(const std::vector<uint64_t>& incidents) {
    std::vector<core::Report> reports;
    FusionUpdate update;
    for (uint64_t id : incidents) {
      reports.push_back(MakeReport("s", fmt::format("r{}", id), static_cast<int64_t>(id)));
      update.members.push_back({id, id});
      FusionUpdate::Changed changed;
      changed.incident.id = id;
      update.incidents.push_back(changed);
    }
    Append(reports);
    update.state.fused_up_to_seq = incidents.size();
    update.state.next_incident = incidents.size() + 1;
    auto status = store_->ApplyFusion(update, now_);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
};

TEST_P(ViolationStoreTest, NothingIsActiveUntilAnAgreementIsActivated) {
  auto active = store_->ActiveAgreement();
  ASSERT_TRUE(active.ok());
  EXPECT_FALSE(active->has_value());
  ViolationUpdate update{1, {7}, {MakeViolation(7, "2a", 0)}};
  EXPECT_EQ(store_->ApplyViolations(update, now_).code(), core::ErrorCode::kAlreadyExists);
  EXPECT_TRUE(Violations().empty());
}

TEST_P(ViolationStoreTest, AFusionStepEvaluatedWithoutAnAgreementIsRefusedOnceOneIsActive) {
  ASSERT_TRUE(store_->ActivateAgreement(MakeAgreement("example"), {}, now_).ok());
  Append({MakeReport("s", "r1", 1)});
  FusionUpdate update;
  update.members.push_back({1, 1});
  FusionUpdate::Changed changed;
  changed.incident.id = 1;
  update.incidents.push_back(changed);
  update.state.fused_up_to_seq = 1;
  update.state.next_incident = 2;
  EXPECT_EQ(store_->ApplyFusion(update, now_).code(), core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->LoadFusionState()->fused_up_to_seq, 0u);
  update.violations = ViolationUpdate{1, {1}, {}};
  EXPECT_TRUE(store_->ApplyFusion(update, now_).ok());
}

TEST_P(ViolationStoreTest, ActivationStoresTheDocumentAndEveryViolationInOrder) {
  ViolationUpdate all{0,
                      {1, 2, 3},
                      {MakeViolation(2, "3", 50), MakeViolation(1, "2a", 100),
                       MakeViolation(1, "1", 100), MakeViolation(2, "1", 50)}};
  auto version = store_->ActivateAgreement(MakeAgreement("example"), all, now_);
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  auto active = store_->ActiveAgreement();
  ASSERT_TRUE(active.ok() && active->has_value());
  EXPECT_EQ((*active)->version, *version);
  EXPECT_EQ((*active)->id, "example");
  EXPECT_EQ((*active)->document, R"({"id":"example"})");
  EXPECT_EQ((*active)->loaded_by, "coordinator-1");

  std::vector<std::string> order;
  for (const auto& v : Violations())
    order.push_back(fmt::format("{}/{}", v.incident, v.clause_id));
  EXPECT_EQ(order, (std::vector<std::string>{"2/1", "2/3", "1/1", "1/2a"}));
  auto stored = ViolationsWhere([](auto& q) { q.incident = 1; });
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].rule, "withdrawal");
  EXPECT_EQ(stored[1].evidence, R"({"line_distance_m":1200})");
  EXPECT_EQ(ViolationsWhere([](auto& q) { q.clause_id = "1"; }).size(), 2u);
  auto t = [](int64_t second) {
    return core::FromUnixMicros(1743500000LL * 1000000 + second * 1000000);
  };
  EXPECT_EQ(ViolationsWhere([&](auto& q) { q.from = t(60); }).size(), 2u);
  EXPECT_EQ(ViolationsWhere([&](auto& q) { q.to = t(60); }).size(), 2u);
  // Paging resumes after the last row seen.
  auto first = ViolationsWhere([](auto& q) { q.limit = 3; });
  ASSERT_EQ(first.size(), 3u);
  auto rest = ViolationsWhere([&](auto& q) {
    q.after =
        ViolationQuery::After{first[2].incident_first_at, first[2].incident, first[2].clause_id};
  });
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].clause_id, "2a");
  // In the order the evaluation listed them.
  EXPECT_EQ(History(1), (std::vector<std::string>{"found:1:2a@v1", "found:1:1@v1"}));
}

TEST_P(ViolationStoreTest, ReevaluationRecordsWhatChangedAndWhatWasWithdrawn) {
  auto version = store_->ActivateAgreement(
      MakeAgreement("example"), {0, {1}, {MakeViolation(1, "1", 0), MakeViolation(1, "2a", 0)}},
      now_);
  ASSERT_TRUE(version.ok());
  // The same violations again: nothing to record.
  ASSERT_TRUE(store_
                  ->ApplyViolations(
                      {*version, {1}, {MakeViolation(1, "1", 0), MakeViolation(1, "2a", 0)}}, now_)
                  .ok());
  EXPECT_EQ(History(1).size(), 2u);
  // The incident moved: 2a's distance changed and clause 1 no longer holds.
  ASSERT_TRUE(
      store_
          ->ApplyViolations(
              {*version, {1}, {MakeViolation(1, "2a", 0, R"({"line_distance_m":900})")}}, now_)
          .ok());
  auto now = Violations();
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].evidence, R"({"line_distance_m":900})");
  EXPECT_EQ(History(1), (std::vector<std::string>{"found:1:1@v1", "found:1:2a@v1",
                                                  "changed:1:2a@v1", "withdrawn:1:1@v1"}));
  // A violation of an incident not listed as evaluated is refused whole.
  auto bad = store_->ApplyViolations({*version, {1}, {MakeViolation(9, "1", 0)}}, now_);
  EXPECT_EQ(bad.code(), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Violations().size(), 1u);
}

TEST_P(ViolationStoreTest, ANewVersionReplacesEveryViolationAndStaleUpdatesAreRefused) {
  auto v1 = store_->ActivateAgreement(
      MakeAgreement("example"), {0, {1, 2}, {MakeViolation(1, "1", 0), MakeViolation(2, "1", 0)}},
      now_);
  ASSERT_TRUE(v1.ok());
  auto v2 = store_->ActivateAgreement(MakeAgreement("example"),
                                      {0, {2}, {MakeViolation(2, "1", 0)}}, now_);
  ASSERT_TRUE(v2.ok());
  EXPECT_GT(*v2, *v1);
  auto now = Violations();
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].incident, 2u);
  EXPECT_EQ(History(1), (std::vector<std::string>{"found:1:1@v1", "withdrawn:1:1@v1"}));
  EXPECT_EQ(History(2), (std::vector<std::string>{"found:2:1@v1", "changed:2:1@v2"}));
  // An evaluation against the old version is stale: refused, nothing written.
  auto stale = store_->ApplyViolations({*v1, {1}, {MakeViolation(1, "1", 0)}}, now_);
  EXPECT_EQ(stale.code(), core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(Violations().size(), 1u);
}

TEST_P(ViolationStoreTest, FusionWritesViolationsInItsTransactionAndMergesWithdrawThem) {
  StoreIncidents({1, 2});
  auto version = store_->ActivateAgreement(
      MakeAgreement("example"), {0, {1, 2}, {MakeViolation(1, "1", 1), MakeViolation(2, "3", 2)}},
      now_);
  ASSERT_TRUE(version.ok());
  // A third report links both incidents: 2 merges into 1, which is
  // re-evaluated in the same step.
  Append({MakeReport("s", "r3", 3)});
  FusionUpdate update;
  update.members.push_back({3, 1});
  update.merges.push_back({2, 1, 3});
  FusionUpdate::Changed changed;
  changed.incident.id = 1;
  update.incidents.push_back(changed);
  update.state.fused_up_to_seq = 3;
  update.state.next_incident = 3;
  update.expected_fused_up_to_seq = 2;
  update.violations =
      ViolationUpdate{*version, {1}, {MakeViolation(1, "1", 1), MakeViolation(1, "3", 1)}};
  // Against a stale agreement version the whole step is refused.
  FusionUpdate stale = update;
  stale.violations->agreement_version = *version + 1;
  EXPECT_EQ(store_->ApplyFusion(stale, now_).code(), core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->LoadFusionState()->fused_up_to_seq, 2u);

  ASSERT_TRUE(store_->ApplyFusion(update, now_).ok());
  std::vector<std::string> now;
  for (const auto& v : Violations())
    now.push_back(fmt::format("{}/{}", v.incident, v.clause_id));
  EXPECT_EQ(now, (std::vector<std::string>{"1/1", "1/3"}));
  // The history of 1 includes what happened to 2 before and at the merge.
  EXPECT_EQ(History(1), (std::vector<std::string>{"found:1:1@v1", "found:2:3@v1",
                                                  "withdrawn:2:3@v1", "found:1:3@v1"}));
  EXPECT_EQ(History(2), History(1));
}

INSTANTIATE_TEST_SUITE_P(Backends, ViolationStoreTest, ::testing::ValuesIn(kBackends),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace truceline::store
