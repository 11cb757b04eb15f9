// End to end: simulate a day, ingest it, write the daily report, and
// recompute its counts from the database with SQL; determinism of
// report.json; bad input and its exit codes.

#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <unistd.h>

#include "../cli/process.hpp"
#include "report/render.hpp"

namespace truceline {
namespace {

using testing::ReadWholeFile;
using testing::RunResult;
using testing::RunTruceline;

// 2025-04-01 in Europe/Kyiv (UTC+3 since 2025-03-30), computed by hand so
// that the check does not share the report's time-zone code.
constexpr int64_t kDayStartUs = 1743454800LL * 1'000'000;  // 2025-03-31T21:00:00Z
constexpr int64_t kHourUs = 3'600'000'000LL;
constexpr int64_t kDayEndUs = kDayStartUs + 24 * kHourUs;

class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / fmt::format("truceline-report-{}", ::getpid());
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
    std::string sim = (dir_ / "sim.ndjson").string();
    RunResult simulated = RunTruceline(
        {"simulate", "--days", "1", "--seed", "23", "--events-per-day", "400", "--out", sim},
        dir_.string());
    ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
    RunResult ingested = RunTruceline({"ingest", "--db", db_, sim}, dir_.string());
    ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  static std::string Path(const std::string& name) { return (dir_ / name).string(); }
  static RunResult Report(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"report", "daily"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunTruceline(args, dir_.string());
  }

  // Rows of (text key, count) from the database.
  static std::map<std::string, int64_t> Query(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    std::map<std::string, int64_t> rows;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char* key = sqlite3_column_text(stmt, 0);
        rows[key ? reinterpret_cast<const char*>(key) : ""] = sqlite3_column_int64(stmt, 1);
      }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
  }
  static int64_t Count(const std::string& sql) {
    auto rows = Query("SELECT '', (" + sql + ")");
    return rows.empty() ? -1 : rows.begin()->second;
  }

  static inline std::filesystem::path dir_;
  static inline std::string db_;
};

TEST_F(ReportCliTest, CountsMatchTheDatabase) {
  RunResult r = Report({"--db", db_, "--date", "2025-04-01", "--out", Path("out")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"report.json", "report.html", "report.pdf", "map.png", "trend.png"}) {
    EXPECT_TRUE(std::filesystem::exists(Path(std::string("out/") + name))) << name;
  }
  std::string text = ReadWholeFile(Path("out/report.json"));
  ASSERT_TRUE(report::VerifyContentHash(text).ok());
  auto doc = nlohmann::json::parse(text);
  auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["content_hash"], doc["content_hash"]);
  EXPECT_EQ(doc["day"]["start"], "2025-03-31T21:00:00Z");
  EXPECT_EQ(doc["day"]["hours"], 24);

  const std::string day = fmt::format("BETWEEN {} AND {}", kDayStartUs, kDayEndUs - 1);
  const std::string before =
      fmt::format("BETWEEN {} AND {}", kDayStartUs - 24 * kHourUs, kDayStartUs - 1);
  int64_t incidents = Count("SELECT count(*) FROM incidents WHERE first_at_us " + day);
  ASSERT_GT(incidents, 50);
  EXPECT_EQ(doc["summary"]["incidents"]["day"], incidents);
  EXPECT_EQ(doc["summary"]["incidents"]["previous_day"],
            Count("SELECT count(*) FROM incidents WHERE first_at_us " + before));
  EXPECT_EQ(doc["summary"]["reports"]["day"],
            Count("SELECT count(*) FROM reports WHERE observed_at_us " + day));
  EXPECT_EQ(summary["incidents"], incidents);

  auto families =
      Query("SELECT family, count(*) FROM incidents WHERE first_at_us " + day + " GROUP BY 1");
  for (const auto& row : doc["incidents"]["by_family"]) {
    std::string family = row["family"];
    EXPECT_EQ(row["day"], families.count(family) ? families[family] : 0) << family;
  }
  auto regions = Query("SELECT admin_region, count(*) FROM incidents WHERE first_at_us " + day +
                       " GROUP BY 1");
  int64_t by_oblast = 0;
  for (const auto& row : doc["incidents"]["by_oblast"]) {
    std::string oblast = row["oblast"];
    if (oblast == report::kOutsideOblasts) oblast = "";
    EXPECT_EQ(row["day"], regions[oblast]) << oblast;
    by_oblast += row["day"].get<int64_t>();
  }
  EXPECT_EQ(by_oblast, incidents);

  auto sources =
      Query("SELECT source, count(*) FROM reports WHERE observed_at_us " + day + " GROUP BY 1");
  ASSERT_EQ(doc["coverage"]["sources"].size(), sources.size());
  for (const auto& row : doc["coverage"]["sources"]) {
    EXPECT_EQ(row["reports"], sources[row["source"]]) << row["source"];
  }
  auto hours = Query(fmt::format(
      "SELECT (observed_at_us - {0}) / {1}, count(*) FROM reports WHERE observed_at_us {2} "
      "GROUP BY 1",
      kDayStartUs, kHourUs, day));
  EXPECT_EQ(doc["coverage"]["hours_without_reports"].size(), 24 - hours.size());
  // The exercise starts at 00:00 UTC, 03:00 in Kyiv: the first three hours
  // of the local day have no reports.
  EXPECT_EQ(doc["coverage"]["hours_without_reports"][0], "00:00+03:00");
  EXPECT_TRUE(doc["violations"].is_null());
  EXPECT_FALSE(doc["hotspots"].empty());
  EXPECT_FALSE(doc["hotspots"][0]["nearest_town"].is_null());
}

TEST_F(ReportCliTest, JsonIsByteIdenticalAcrossRuns) {
  ASSERT_EQ(Report({"--db", db_, "--date", "2025-04-01", "--out", Path("a")}).exit_code, 0);
  ASSERT_EQ(Report({"--db", db_, "--date", "2025-04-01", "--out", Path("b")}).exit_code, 0);
  std::string a = ReadWholeFile(Path("a/report.json"));
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, ReadWholeFile(Path("b/report.json")));
}

TEST_F(ReportCliTest, BadInputGetsAClearMessageAndItsExitCode) {
  RunResult bad_date = Report({"--db", db_, "--date", "2025-02-30", "--out", Path("x")});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.err.find("2025-02-30"), std::string::npos) << bad_date.err;
  EXPECT_NE(bad_date.err.find("YYYY-MM-DD"), std::string::npos) << bad_date.err;

  std::string missing = Path("missing.db");
  RunResult no_db = Report({"--db", missing, "--date", "2025-04-01", "--out", Path("x")});
  EXPECT_EQ(no_db.exit_code, 3);
  EXPECT_NE(no_db.err.find(missing), std::string::npos) << no_db.err;
  EXPECT_FALSE(std::filesystem::exists(missing));

  // A folder below a regular file cannot be created, even by root.
  std::string blocked = Path("sim.ndjson") + "/out";
  RunResult no_out = Report({"--db", db_, "--date", "2025-04-01", "--out", blocked});
  EXPECT_EQ(no_out.exit_code, 3);
  EXPECT_NE(no_out.err.find(blocked), std::string::npos) << no_out.err;

  RunResult bad_zone = Report(
      {"--db", db_, "--date", "2025-04-01", "--out", Path("x"), "--timezone", "Mars/Olympus"});
  EXPECT_EQ(bad_zone.exit_code, 2);
  EXPECT_NE(bad_zone.err.find("Mars/Olympus"), std::string::npos) << bad_zone.err;
  EXPECT_FALSE(std::filesystem::exists(Path("x")));

  RunResult no_date = Report({"--db", db_, "--out", Path("x")});
  EXPECT_EQ(no_date.exit_code, 2);
}

}  // namespace
}  // namespace truceline
