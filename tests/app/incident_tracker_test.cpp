// app::IncidentTracker: streaming fusion inside ingest, persisted in the
// store. Its incidents must equal batch fusion over every stored report,
// whatever the arrival order, lateness, batching, restarts or crashes
// between storing and fusing.

#include "app/incident_tracker.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/incident_edit.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace truceline::app {
namespace {

using core::Report;

class IncidentTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-tracker-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<store::Store> OpenFresh(int n) {
    // Not durable: these stores are thrown away, and fsyncs would dominate.
    auto store = store::OpenSqliteStore((dir_ / fmt::format("t{}.db", n)).string(),
                                        store::SqliteOptions{.durable = false});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(*store);
  }

  static store::AppendResult Append(store::Store& store, std::span<const Report> reports) {
    std::vector<core::ContentDigest> digests;
    for (const Report& r : reports)
      digests.push_back(core::DigestReportContent(r));
    auto appended = store.AppendReports(reports, digests, core::FromUnixMicros(0));
    EXPECT_TRUE(appended.ok()) << appended.status().ToString();
    return *appended;
  }

  // Report id -> incident id, from what the store says.
  static std::map<std::string, uint64_t> StoredIncidentOfReport(store::Store& store) {
    std::map<std::string, uint64_t> incident_of;
    std::vector<core::Incident> incidents;
    EXPECT_TRUE(store
                    .ScanIncidents({},
                                   [&](const core::Incident& i) {
                                     incidents.push_back(i);
                                     return true;
                                   })
                    .ok());
    for (const auto& incident : incidents) {
      std::vector<Report> members;
      EXPECT_TRUE(store
                      .ScanIncidentReports(incident.id,
                                           [&](const store::FusedReport& f) {
                                             EXPECT_EQ(f.incident, incident.id);
                                             members.push_back(f.report);
                                             incident_of[f.report.id] = incident.id;
                                           })
                      .ok());
      // The stored attributes are those of the stored members.
      core::IncidentSummary expected = fusion::SummarizeIncident(members);
      EXPECT_EQ(incident.summary.report_count, members.size());
      EXPECT_EQ(incident.summary.source_count, expected.source_count);
      EXPECT_EQ(incident.summary.first_at, expected.first_at);
      EXPECT_EQ(incident.summary.last_at, expected.last_at);
      EXPECT_NEAR(incident.summary.lat, expected.lat, 1e-9);
      EXPECT_NEAR(incident.summary.lon, expected.lon, 1e-9);
    }
    return incident_of;
  }

  std::filesystem::path dir_;
};

Report MakeReport(int i, core::ReportKind kind, int64_t t_s, double tau_s, double lat, double lon,
                  double u_m, std::string source) {
  Report r;
  r.id = fmt::format("r{}", i);
  r.source = std::move(source);
  r.source_kind = core::SourceKind::kMonitor;
  r.observed_at = core::FromUnixMicros(1'743'500'000'000'000 + t_s * 1'000'000);
  r.time_uncertainty_s = tau_s;
  r.lat = lat;
  r.lon = lon;
  r.position_uncertainty_m = u_m;
  r.kind = kind;
  return r;
}

// A crowded random scene: two families over a few kilometres and hours, so
// chains, merges, wide time uncertainties and late arrivals are common.
std::vector<Report> RandomScene(std::mt19937_64& random) {
  std::uniform_int_distribution<int> count(20, 160);
  std::uniform_real_distribution<double> unit(0, 1);
  int n = count(random);
  std::vector<Report> reports;
  for (int i = 0; i < n; ++i) {
    auto kind = unit(random) < 0.6 ? core::ReportKind::kArtillery : core::ReportKind::kSmallArms;
    int64_t t = static_cast<int64_t>(unit(random) * 4 * 3600);
    double tau = unit(random) < 0.1 ? unit(random) * 7200 : unit(random) * 60;
    double u = unit(random) < 0.2 ? unit(random) * 3000 : unit(random) * 200;
    reports.push_back(MakeReport(i, kind, t, tau, 48.0 + unit(random) * 0.05,
                                 37.5 + unit(random) * 0.07, u,
                                 fmt::format("src-{}", static_cast<int>(unit(random) * 5))));
  }
  return reports;
}

std::vector<uint32_t> Canonical(const std::vector<Report>& scene,
                                const std::map<std::string, uint64_t>& incident_of) {
  std::map<uint64_t, uint32_t> label;
  std::vector<uint32_t> out;
  for (const Report& r : scene) {
    auto it = incident_of.find(r.id);
    uint64_t id = it == incident_of.end() ? 0 : it->second;
    out.push_back(label.emplace(id, static_cast<uint32_t>(label.size())).first->second);
  }
  return out;
}

std::vector<uint32_t> BatchPartition(const std::vector<Report>& scene,
                                     const fusion::FusionConfig& config) {
  std::vector<fusion::FusionPoint> points;
  for (const Report& r : scene)
    points.push_back(fusion::ToFusionPoint(r));
  return fusion::ClusterBatch(points, config);
}

TEST_F(IncidentTrackerTest, AnyOrderBatchingRestartOrCrashGivesTheBatchPartition) {
  std::mt19937_64 random(20250327);
  std::uniform_real_distribution<double> unit(0, 1);
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  for (int trial = 0; trial < 60; ++trial) {
    std::vector<Report> scene = RandomScene(random);
    TrackerOptions options;
    options.lateness_s = unit(random) * 1800;
    options.max_time_uncertainty_s = unit(random) * 120;
    // Arrival: observation time plus a random delay, sometimes far beyond
    // the lateness bound.
    double max_delay_s = unit(random) < 0.5 ? options.lateness_s : 4 * 3600;
    std::vector<std::pair<double, size_t>> arrival;
    for (size_t i = 0; i < scene.size(); ++i) {
      double t = static_cast<double>(core::ToUnixMicros(scene[i].observed_at)) / 1e6;
      arrival.emplace_back(t + unit(random) * max_delay_s, i);
    }
    std::sort(arrival.begin(), arrival.end());

    auto store = OpenFresh(trial);
    auto tracker = IncidentTracker::Open(*store, options, nullptr, clock);
    ASSERT_TRUE(tracker.ok()) << tracker.status().ToString();
    size_t next = 0;
    while (next < arrival.size()) {
      size_t size =
          std::min<size_t>(1 + static_cast<size_t>(unit(random) * 30), arrival.size() - next);
      std::vector<Report> batch;
      for (size_t k = 0; k < size; ++k)
        batch.push_back(scene[arrival[next + k].second]);
      next += size;
      store::AppendResult appended = Append(*store, batch);
      double event = unit(random);
      if (event < 0.1) continue;  // "crash" between storing and fusing
      if (event < 0.2) {          // a new process: the window is rebuilt
        tracker = IncidentTracker::Open(*store, options, nullptr, clock);
        ASSERT_TRUE(tracker.ok()) << tracker.status().ToString();
      }
      core::Status fused = (*tracker)->Fuse(batch, appended.seqs);
      ASSERT_TRUE(fused.ok()) << fused.ToString();
    }
    ASSERT_TRUE((*tracker)->CatchUp().ok());

    auto incident_of = StoredIncidentOfReport(*store);
    ASSERT_EQ(incident_of.size(), scene.size()) << "trial " << trial;
    ASSERT_EQ(Canonical(scene, incident_of), BatchPartition(scene, options.config))
        << "trial " << trial << ", " << scene.size() << " reports, lateness " << options.lateness_s
        << ", late " << (*tracker)->stats().late;
  }
}

TEST_F(IncidentTrackerTest, RedeliveredReportsAreNotFusedTwice) {
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  auto store = OpenFresh(0);
  auto tracker = IncidentTracker::Open(*store, {}, nullptr, clock);
  ASSERT_TRUE(tracker.ok());
  std::vector<Report> batch{MakeReport(1, core::ReportKind::kMortar, 0, 0, 48, 37.5, 10, "a"),
                            MakeReport(2, core::ReportKind::kMortar, 30, 0, 48, 37.5, 10, "b")};
  for (int round = 0; round < 2; ++round) {
    auto appended = Append(*store, batch);
    ASSERT_TRUE((*tracker)->Fuse(batch, appended.seqs).ok());
  }
  auto incident = store->GetIncident(1);
  ASSERT_TRUE(incident.ok());
  EXPECT_EQ(incident->summary.report_count, 2u);
  EXPECT_EQ(incident->Status(), core::IncidentStatus::kCorroborated);
  EXPECT_EQ((*tracker)->stats().fused, 2u);
}

TEST_F(IncidentTrackerTest, ReviewsSurviveGrowthAndMergesAndAreRecorded) {
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  auto store = OpenFresh(0);
  auto tracker = IncidentTracker::Open(*store, {}, nullptr, clock);
  ASSERT_TRUE(tracker.ok());
  auto fuse = [&](std::vector<Report> batch) {
    auto appended = Append(*store, batch);
    ASSERT_TRUE((*tracker)->Fuse(batch, appended.seqs).ok());
  };
  // Two mortar impacts 2 km apart: two incidents (1500 m threshold).
  fuse({MakeReport(1, core::ReportKind::kMortar, 0, 0, 48.000, 37.5, 0, "patrol-1"),
        MakeReport(2, core::ReportKind::kMortar, 10, 0, 48.018, 37.5, 0, "patrol-2")});
  ASSERT_TRUE(store->GetIncident(1).ok());
  ASSERT_TRUE(store->GetIncident(2).ok());
  core::IncidentReview verified{core::IncidentStatus::kVerified, "crater seen by patrol", "ana",
                                core::FromUnixMicros(1'800'000'000'000'000)};
  core::IncidentReview rejected{core::IncidentStatus::kRejected, "outgoing fire, not impact", "ben",
                                core::FromUnixMicros(1'800'000'000'000'001)};
  ASSERT_TRUE(store->ReviewIncident(2, verified).ok());
  ASSERT_TRUE(store->ReviewIncident(1, rejected).ok());

  // A report near incident 2 only: it grows and stays verified.
  fuse({MakeReport(3, core::ReportKind::kArtillery, 20, 0, 48.020, 37.5, 0, "sensor-9")});
  auto grown = store->GetIncident(2);
  ASSERT_TRUE(grown.ok());
  EXPECT_EQ(grown->summary.report_count, 2u);
  EXPECT_EQ(grown->Status(), core::IncidentStatus::kVerified);
  EXPECT_EQ(grown->summary.kind,
            core::ReportKind::kArtillery);  // ties: the first in the vocabulary

  // A report between them links both: 2 merges into 1, which keeps its own
  // (conflicting) review; the history says so.
  fuse({MakeReport(4, core::ReportKind::kMortar, 15, 0, 48.009, 37.5, 0, "osint-x")});
  auto merged = store->GetIncident(2);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->id, 1u);
  EXPECT_EQ(merged->summary.report_count, 4u);
  EXPECT_EQ(merged->Status(), core::IncidentStatus::kRejected);
  std::vector<std::string> events;
  ASSERT_TRUE(store
                  ->ScanIncidentHistory(
                      1, [&](const store::IncidentHistoryEntry& e) { events.push_back(e.event); })
                  .ok());
  EXPECT_EQ(events, (std::vector<std::string>{"reviewed", "reviewed", "grew_after_review", "merged",
                                              "grew_after_review"}));
  EXPECT_EQ(store->ReviewIncident(1, {core::IncidentStatus::kCorroborated, "", "ana", {}})
                .status()
                .code(),
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(store->GetIncident(99).status().code(), core::ErrorCode::kNotFound);
}

// The partition after analysts' merges: the batch partition with the
// components holding each merged pair joined (a merge acts as one more link).
std::vector<uint32_t> CoarsenedPartition(
    const std::vector<Report>& scene, const fusion::FusionConfig& config,
    const std::vector<std::pair<std::string, std::string>>& merged_reports) {
  std::vector<uint32_t> labels = BatchPartition(scene, config);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < scene.size(); ++i)
    index[scene[i].id] = i;
  for (const auto& [a, b] : merged_reports) {
    uint32_t la = labels[index.at(a)], lb = labels[index.at(b)];
    for (uint32_t& l : labels) {
      if (l == lb) l = la;
    }
  }
  std::map<uint32_t, uint32_t> renumber;
  for (uint32_t& l : labels)
    l = renumber.emplace(l, static_cast<uint32_t>(renumber.size())).first->second;
  return labels;
}

TEST_F(IncidentTrackerTest, AnAnalystsMergeHoldsThroughLaterFusionInAnyOrderAndRestart) {
  std::mt19937_64 random(20261202);
  std::uniform_real_distribution<double> unit(0, 1);
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  const Actor analyst{"ana", Role::kAnalyst};
  int merges_made = 0;
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<Report> scene = RandomScene(random);
    TrackerOptions options;
    options.lateness_s = unit(random) * 1800;
    options.max_time_uncertainty_s = unit(random) * 120;
    std::vector<size_t> order(scene.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::shuffle(order.begin(), order.end(), random);

    auto store = OpenFresh(trial);
    auto tracker = IncidentTracker::Open(*store, options, nullptr, clock);
    ASSERT_TRUE(tracker.ok()) << tracker.status().ToString();
    std::vector<std::pair<std::string, std::string>> merged_reports;
    size_t next = 0;
    while (next < order.size()) {
      size_t size =
          std::min<size_t>(1 + static_cast<size_t>(unit(random) * 20), order.size() - next);
      std::vector<Report> batch;
      for (size_t k = 0; k < size; ++k)
        batch.push_back(scene[order[next + k]]);
      next += size;
      store::AppendResult appended = Append(*store, batch);
      if (unit(random) < 0.15) {  // a new process
        tracker = IncidentTracker::Open(*store, options, nullptr, clock);
        ASSERT_TRUE(tracker.ok()) << tracker.status().ToString();
      }
      core::Status fused = (*tracker)->Fuse(batch, appended.seqs);
      ASSERT_TRUE(fused.ok()) << fused.ToString();
      if (unit(random) > 0.3) continue;
      // An analyst merges two incidents of one family, through another
      // connection: the long-lived tracker must notice.
      auto incident_of = StoredIncidentOfReport(*store);
      std::map<uint64_t, std::string> member_of;
      for (const auto& [report, incident] : incident_of)
        member_of.emplace(incident, report);
      std::vector<std::pair<uint64_t, std::string>> ids(member_of.begin(), member_of.end());
      std::shuffle(ids.begin(), ids.end(), random);
      for (size_t i = 1; i < ids.size(); ++i) {
        auto a = store->GetIncident(ids[0].first);
        auto b = store->GetIncident(ids[i].first);
        ASSERT_TRUE(a.ok() && b.ok());
        if (a->summary.family != b->summary.family) continue;
        auto merged =
            MergeIncidents(*store, a->id, b->id, "one strike, seen twice", analyst, nullptr, clock);
        ASSERT_TRUE(merged.ok()) << merged.status().ToString();
        EXPECT_EQ(merged->incident.id, std::min(a->id, b->id));
        EXPECT_EQ(store->GetIncident(std::max(a->id, b->id))->id, merged->incident.id);
        merged_reports.emplace_back(ids[0].second, ids[i].second);
        ++merges_made;
        break;
      }
    }
    ASSERT_TRUE((*tracker)->CatchUp().ok());
    auto incident_of = StoredIncidentOfReport(*store);
    ASSERT_EQ(incident_of.size(), scene.size()) << "trial " << trial;
    ASSERT_EQ(Canonical(scene, incident_of),
              CoarsenedPartition(scene, options.config, merged_reports))
        << "trial " << trial << ", " << merged_reports.size() << " merges";
  }
  EXPECT_GT(merges_made, 40);
}

TEST_F(IncidentTrackerTest, AMergedIncidentKeepsGrowingAsOneInTheLiveTrackerAndAfterRestart) {
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  auto store = OpenFresh(0);
  auto tracker = IncidentTracker::Open(*store, {}, nullptr, clock);
  ASSERT_TRUE(tracker.ok());
  auto fuse = [&](std::vector<Report> batch) {
    auto appended = Append(*store, batch);
    core::Status fused = (*tracker)->Fuse(batch, appended.seqs);
    ASSERT_TRUE(fused.ok()) << fused.ToString();
  };
  // Two mortar impacts 3 km apart: two incidents; the second is verified.
  fuse({MakeReport(1, core::ReportKind::kMortar, 0, 0, 48.000, 37.5, 0, "patrol-1"),
        MakeReport(2, core::ReportKind::kMortar, 10, 0, 48.027, 37.5, 0, "patrol-2")});
  ASSERT_TRUE(store
                  ->ReviewIncident(2, {core::IncidentStatus::kVerified, "crater seen", "ben",
                                       core::FromUnixMicros(1'800'000'000'000'000)})
                  .ok());
  auto merged = MergeIncidents(*store, 2, 1, "one salvo: the patrols' clocks differ",
                               {"ana", Role::kAnalyst}, nullptr, clock);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->incident.id, 1u);
  EXPECT_EQ(merged->absorbed, 2u);
  EXPECT_EQ(merged->incident.summary.report_count, 2u);
  EXPECT_EQ(merged->incident.summary.source_count, 2u);
  EXPECT_EQ(merged->incident.Status(), core::IncidentStatus::kVerified);  // carried
  EXPECT_EQ(store->GetIncident(2)->id, 1u);
  EXPECT_EQ(store->LoadFusionState()->revision, 1u);

  // The live tracker still holds both reports in its window, under ids 1
  // and 2: reports near either part join incident 1.
  fuse({MakeReport(3, core::ReportKind::kMortar, 20, 0, 48.028, 37.5, 0, "osint-1")});
  fuse({MakeReport(4, core::ReportKind::kMortar, 25, 0, 48.001, 37.5, 0, "osint-2")});
  EXPECT_EQ(StoredIncidentOfReport(*store),
            (std::map<std::string, uint64_t>{{"r1", 1}, {"r2", 1}, {"r3", 1}, {"r4", 1}}));
  // So does a report in a new process, and a late one (slow path).
  tracker = IncidentTracker::Open(*store, {}, nullptr, clock);
  ASSERT_TRUE(tracker.ok());
  fuse({MakeReport(5, core::ReportKind::kMortar, 30, 0, 48.026, 37.5, 0, "osint-3")});
  fuse({MakeReport(6, core::ReportKind::kMortar, 30 + 12 * 3600, 0, 48.5, 37.5, 0, "osint-4"),
        MakeReport(7, core::ReportKind::kMortar, 5, 0, 48.002, 37.5, 0, "osint-5")});
  auto incident_of = StoredIncidentOfReport(*store);
  for (const char* r : {"r1", "r2", "r3", "r4", "r5", "r7"})
    EXPECT_EQ(incident_of[r], 1u) << r;
  EXPECT_NE(incident_of["r6"], 1u);

  std::vector<store::IncidentHistoryEntry> history;
  ASSERT_TRUE(store
                  ->ScanIncidentHistory(
                      2, [&](const store::IncidentHistoryEntry& e) { history.push_back(e); })
                  .ok());
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[0].event, "reviewed");
  EXPECT_EQ(history[1].event, "merged");
  EXPECT_NE(
      history[1].detail.find(R"("by":"ana","reason":"one salvo: the patrols' clocks differ")"),
      std::string::npos)
      << history[1].detail;
}

// Three mortar impacts in a chain along a meridian (each 1 km from the
// next, 1.5 km links): one incident, until an analyst splits r3 off. r4
// and r5 lie between r2 and r3 and link to both parts; r4 is nearest in
// time to r3, r5 to r2.
Report Chain(int i) {
  switch (i) {
    case 1:
      return MakeReport(1, core::ReportKind::kMortar, 0, 0, 48.000, 37.5, 0, "patrol-1");
    case 2:
      return MakeReport(2, core::ReportKind::kMortar, 10, 0, 48.009, 37.5, 0, "patrol-2");
    case 3:
      return MakeReport(3, core::ReportKind::kMortar, 20, 0, 48.018, 37.5, 0, "patrol-3");
    case 4:
      return MakeReport(4, core::ReportKind::kMortar, 19, 0, 48.0135, 37.5, 0, "osint-4");
    default:
      return MakeReport(5, core::ReportKind::kMortar, 11, 0, 48.0135, 37.5, 0, "osint-5");
  }
}

TEST_F(IncidentTrackerTest, SplitPartsStayApartAndALaterReportJoinsTheNearestInTime) {
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  // Every order of r4 and r5, each fused by the live tracker or by a new
  // one (a restart), alone or in one batch.
  for (int variant = 0; variant < 6; ++variant) {
    auto store = OpenFresh(variant);
    auto tracker = IncidentTracker::Open(*store, {}, nullptr, clock);
    ASSERT_TRUE(tracker.ok());
    auto fuse = [&](std::vector<Report> batch) {
      auto appended = Append(*store, batch);
      core::Status fused = (*tracker)->Fuse(batch, appended.seqs);
      ASSERT_TRUE(fused.ok()) << fused.ToString();
    };
    fuse({Chain(1), Chain(2), Chain(3)});
    ASSERT_EQ(StoredIncidentOfReport(*store),
              (std::map<std::string, uint64_t>{{"r1", 1}, {"r2", 1}, {"r3", 1}}));
    std::vector<ReportKey> off{{"patrol-3", "r3"}};
    auto split = SplitIncident(*store, 1, off, "two salvos, minutes apart on the film",
                               {"ana", Role::kAnalyst}, nullptr, clock);
    ASSERT_TRUE(split.ok()) << split.status().ToString();
    EXPECT_EQ(split->kept.id, 1u);
    EXPECT_EQ(split->kept.summary.report_count, 2u);
    EXPECT_EQ(split->split_off.id, 2u);
    EXPECT_EQ(split->split_off.summary.report_count, 1u);
    const bool restart = variant % 2 == 1;
    const bool r5_first = variant / 2 == 1;
    if (variant / 2 == 2) {
      fuse({Chain(4), Chain(5)});
    } else {
      for (int i : r5_first ? std::vector<int>{5, 4} : std::vector<int>{4, 5}) {
        if (restart) {
          tracker = IncidentTracker::Open(*store, {}, nullptr, clock);
          ASSERT_TRUE(tracker.ok());
        }
        fuse({Chain(i)});
      }
    }
    EXPECT_EQ(
        StoredIncidentOfReport(*store),
        (std::map<std::string, uint64_t>{{"r1", 1}, {"r2", 1}, {"r3", 2}, {"r4", 2}, {"r5", 1}}))
        << "variant " << variant;
  }
}

TEST_F(IncidentTrackerTest, SplitPartsStayApartInTheInMemoryWindowToo) {
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  auto store = OpenFresh(0);
  auto tracker = IncidentTracker::Open(*store, {}, nullptr, clock);
  ASSERT_TRUE(tracker.ok());
  auto fuse = [&](std::vector<Report> batch) {
    auto appended = Append(*store, batch);
    core::Status fused = (*tracker)->Fuse(batch, appended.seqs);
    ASSERT_TRUE(fused.ok()) << fused.ToString();
  };
  fuse({Chain(1), Chain(2), Chain(3)});
  std::vector<ReportKey> off{{"patrol-3", "r3"}};
  ASSERT_TRUE(
      SplitIncident(*store, 1, off, "two salvos", {"ana", Role::kAnalyst}, nullptr, clock).ok());
  // r6 joins part 2 and r7 part 1 from storage; r8, later, reaches both
  // only through them, in the tracker's window (it is on time), and is
  // nearer in time to r7.
  fuse({MakeReport(6, core::ReportKind::kMortar, 100, 0, 48.018, 37.5, 0, "osint-6")});
  fuse({MakeReport(7, core::ReportKind::kMortar, 110, 0, 48.000, 37.5, 0, "osint-7")});
  const uint64_t late_before = (*tracker)->stats().late;
  fuse({MakeReport(8, core::ReportKind::kMortar, 200, 0, 48.009, 37.5, 0, "osint-8")});
  EXPECT_EQ((*tracker)->stats().late, late_before);
  auto incident_of = StoredIncidentOfReport(*store);
  EXPECT_EQ(incident_of["r6"], 2u);
  EXPECT_EQ(incident_of["r7"], 1u);
  EXPECT_EQ(incident_of["r8"], 1u);
  EXPECT_EQ(incident_of["r3"], 2u);
  // An analyst may still merge the parts: that is a decision of its own.
  ASSERT_TRUE(
      MergeIncidents(*store, 1, 2, "one salvo after all", {"ana", Role::kAnalyst}, nullptr, clock)
          .ok());
  fuse({MakeReport(9, core::ReportKind::kMortar, 205, 0, 48.009, 37.5, 0, "osint-9")});
  EXPECT_EQ(StoredIncidentOfReport(*store).size(), 7u);
  for (const auto& [report, incident] : StoredIncidentOfReport(*store))
    EXPECT_EQ(incident, 1u) << report;
}

TEST_F(IncidentTrackerTest, RandomSplitsKeepTheirPartsApartInAnyOrderAndRestart) {
  // Random scenes: split a random incident, then fuse the rest in random
  // order with restarts; no incident may ever hold reports of both parts.
  std::mt19937_64 random(20261203);
  std::uniform_real_distribution<double> unit(0, 1);
  core::FixedClock clock(core::FromUnixMicros(1'800'000'000'000'000));
  int splits = 0;
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<Report> scene = RandomScene(random);
    TrackerOptions options;
    options.lateness_s = unit(random) * 1800;
    std::shuffle(scene.begin(), scene.end(), random);
    auto store = OpenFresh(trial);
    auto tracker = IncidentTracker::Open(*store, options, nullptr, clock);
    ASSERT_TRUE(tracker.ok());
    std::vector<std::pair<std::string, std::string>> apart;  // report ids
    size_t next = 0;
    while (next < scene.size()) {
      size_t size =
          std::min<size_t>(1 + static_cast<size_t>(unit(random) * 15), scene.size() - next);
      std::vector<Report> batch(scene.begin() + static_cast<std::ptrdiff_t>(next),
                                scene.begin() + static_cast<std::ptrdiff_t>(next + size));
      next += size;
      auto appended = Append(*store, batch);
      if (unit(random) < 0.15) {
        tracker = IncidentTracker::Open(*store, options, nullptr, clock);
        ASSERT_TRUE(tracker.ok());
      }
      core::Status fused = (*tracker)->Fuse(batch, appended.seqs);
      ASSERT_TRUE(fused.ok()) << fused.ToString();
      if (unit(random) > 0.3) continue;
      // Split the largest incident: its first report (by seq) apart from
      // the others.
      std::map<uint64_t, std::vector<store::FusedReport>> members;
      auto incident_of = StoredIncidentOfReport(*store);
      for (const auto& [report, incident] : incident_of)
        members[incident];
      uint64_t largest = 0;
      for (auto& [incident, reports] : members) {
        ASSERT_TRUE(store
                        ->ScanIncidentReports(
                            incident, [&](const store::FusedReport& f) { reports.push_back(f); })
                        .ok());
        if (largest == 0 || reports.size() > members[largest].size()) largest = incident;
      }
      if (largest == 0 || members[largest].size() < 2) continue;
      const auto& reports = members[largest];
      std::vector<ReportKey> off{{reports[0].report.source, reports[0].report.id}};
      auto split =
          SplitIncident(*store, largest, off, "apart", {"ana", Role::kAnalyst}, nullptr, clock);
      ASSERT_TRUE(split.ok()) << split.status().ToString();
      apart.emplace_back(reports[0].report.id, reports[1].report.id);
      ++splits;
    }
    ASSERT_TRUE((*tracker)->CatchUp().ok());
    auto incident_of = StoredIncidentOfReport(*store);
    ASSERT_EQ(incident_of.size(), scene.size());
    for (const auto& [a, b] : apart)
      EXPECT_NE(incident_of[a], incident_of[b]) << "trial " << trial << ": " << a << ", " << b;
  }
  EXPECT_GT(splits, 30);
}

TEST(AdminRegionsTest, NamesTheBundledOblastOfAPoint) {
  auto regions = AdminRegions::LoadBundled();
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  EXPECT_EQ(regions->At(48.0159, 37.8028), "Donetsk Oblast");  // Donetsk
  EXPECT_EQ(regions->At(49.9935, 36.2304), "Kharkiv Oblast");  // Kharkiv
  EXPECT_EQ(regions->At(52.52, 13.40), "");                    // Berlin
}

}  // namespace
}  // namespace truceline::app
