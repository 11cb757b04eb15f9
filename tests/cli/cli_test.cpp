// End-to-end tests of the truceline executable: exit codes, summaries,
// diagnostics, reject files, read-back formats, crash consistency.

#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "process.hpp"

namespace truceline {
namespace {

using testing::ReadWholeFile;
using testing::RunResult;
using testing::RunTruceline;

std::string Report(int i, const std::string& source = "patrol-1") {
  return fmt::format(
      R"({{"id":"r{}","source":"{}","source_kind":"monitor","observed_at":"2025-04-01T{:02}:{:02}:00Z","lat":{},"lon":{},"kind":"artillery","count":{}}})",
      i, source, (i / 60) % 24, i % 60, 47.0 + (i % 100) * 0.01, 36.0 + (i % 50) * 0.02, 1 + i % 5);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-cli-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
    db_ = Path("t.db");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::ofstream(Path(name), std::ios::binary) << content;
    return Path(name);
  }
  RunResult Truceline(const std::vector<std::string>& args, const std::string& input = "") {
    return RunTruceline(args, dir_.string(), input);
  }
  int64_t Count(const std::string& sql = "SELECT count(*) FROM reports") {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return n;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(CliTest, MixedBatchStoresExactlyTheGoodRecords) {
  std::string good1 = Report(1), good2 = Report(2), good3 = Report(3, "sensor-9");
  std::string bad_lat =
      R"({"id":"x","source":"p","source_kind":"monitor","observed_at":"2025-04-01T00:00:00Z","lat":91,"lon":36,"kind":"artillery"})";
  std::string bad_json = R"({"id":"y", "source": )";
  auto in = Write("in.ndjson",
                  good1 + "\n" + bad_lat + "\n" + good2 + "\n" + bad_json + "\n" + good3 + "\n");
  auto r = Truceline(
      {"ingest", "--db", db_, in, "--errors", "json", "--reject-file", Path("rejected.ndjson")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "{\"accepted\":3,\"duplicates\":0,\"rejected\":2,\"fused\":3,\"late\":0}\n");
  auto errors = Lines(r.err);
  ASSERT_EQ(errors.size(), 2u) << r.err;
  auto e0 = nlohmann::json::parse(errors[0]);
  EXPECT_EQ(e0["file"], in);
  EXPECT_EQ(e0["line"], 2);
  EXPECT_EQ(e0["field"], "lat");
  EXPECT_EQ(e0["code"], "invalid_record");
  EXPECT_EQ(e0["reason"], "91 is out of range: latitude must be between -90 and 90");
  auto e1 = nlohmann::json::parse(errors[1]);
  EXPECT_EQ(e1["line"], 4);
  EXPECT_EQ(e1["code"], "parse_error");
  EXPECT_EQ(ReadWholeFile(Path("rejected.ndjson")), bad_lat + "\n" + bad_json + "\n");

  auto back = Truceline({"reports", "--db", db_});
  EXPECT_EQ(back.exit_code, 0);
  auto stored = Lines(back.out);
  ASSERT_EQ(stored.size(), 3u);
  std::set<std::string> ids;
  for (const auto& line : stored)
    ids.insert(nlohmann::json::parse(line)["id"]);
  EXPECT_EQ(ids, (std::set<std::string>{"r1", "r2", "r3"}));
}

TEST_F(CliTest, TextDiagnosticsNameFileLineFieldAndReason) {
  auto in = Write("in.ndjson", Report(1) + "\n" + R"({"source":"p"})" + "\n");
  auto r = Truceline({"ingest", "--db", db_, in});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(in + ":2: field 'source_kind': is required"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(in + ":2: field 'observed_at': is required"), std::string::npos);
}

TEST_F(CliTest, ReingestIsIdempotentAndReusedIdsAreRejected) {
  std::string lines;
  for (int i = 0; i < 100; ++i)
    lines += Report(i) + "\n";
  auto in = Write("in.ndjson", lines);
  auto first = Truceline({"ingest", "--db", db_, in});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out,
            "{\"accepted\":100,\"duplicates\":0,\"rejected\":0,\"fused\":100,\"late\":0}\n");
  auto second = Truceline({"ingest", "--db", db_, in});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.out,
            "{\"accepted\":0,\"duplicates\":100,\"rejected\":0,\"fused\":0,\"late\":0}\n");
  // Same (source, id), different content: refused, original kept.
  std::string changed = Report(7);
  changed.replace(changed.find("\"count\":"), 9, "\"count\":9");
  auto conflict = Truceline({"ingest", "--db", db_, Write("c.ndjson", changed + "\n")});
  EXPECT_EQ(conflict.exit_code, 1);
  EXPECT_EQ(conflict.out,
            "{\"accepted\":0,\"duplicates\":0,\"rejected\":1,\"fused\":0,\"late\":0}\n");
  EXPECT_NE(conflict.err.find("already has a different report with id 'r7'"), std::string::npos);
  EXPECT_EQ(Count(), 100);
  EXPECT_EQ(Count("SELECT count FROM reports WHERE id = 'r7'"), 3);
}

TEST_F(CliTest, ReadsStandardInputAndCsvWithHeaderInTheRejectFile) {
  auto r = Truceline({"ingest", "--db", db_, "-"}, Report(1) + "\n" + Report(2) + "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "{\"accepted\":2,\"duplicates\":0,\"rejected\":0,\"fused\":2,\"late\":0}\n");
  std::string csv =
      "source,source_kind,observed_at,lat,lon,kind\n"
      "p9,monitor,2025-04-01T10:00:00Z,48.5,37.5,artillery\n"
      "p9,monitor,2025-04-01T10:00:00Z,48.5,37.5,bombard\n";
  auto c = Truceline({"ingest", "--db", db_, "--reject-file", Path("rej.csv"), "-"}, csv);
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_NE(c.err.find("<stdin>:3: field 'kind': 'bombard' is not a report kind"),
            std::string::npos)
      << c.err;
  EXPECT_EQ(ReadWholeFile(Path("rej.csv")),
            "source,source_kind,observed_at,lat,lon,kind\n"
            "p9,monitor,2025-04-01T10:00:00Z,48.5,37.5,bombard\n");
}

TEST_F(CliTest, ExitCodesForUsageAndIoErrors) {
  EXPECT_EQ(Truceline({}).exit_code, 2);
  EXPECT_EQ(Truceline({"ingest", "x.ndjson"}).exit_code, 2);  // no --db
  EXPECT_EQ(Truceline({"ingest", "--db", db_, "--bogus", "x"}).exit_code, 2);
  EXPECT_EQ(Truceline({"ingest", "--db", db_, "--format", "xml", "x"}).exit_code, 2);
  auto missing = Truceline({"ingest", "--db", db_, Path("missing.ndjson")});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find(Path("missing.ndjson")), std::string::npos);
  auto bad_db = Truceline({"ingest", "--db", "/nonexistent-dir/x.db", Write("a.ndjson", "")});
  EXPECT_EQ(bad_db.exit_code, 3);
  EXPECT_NE(bad_db.err.find("/nonexistent-dir/x.db"), std::string::npos);
  EXPECT_EQ(Truceline({"reports", "--db", db_, "--bbox", "1,2,3"}).exit_code, 2);
  EXPECT_EQ(Truceline({"--version"}).exit_code, 0);
}

TEST_F(CliTest, AStoreFromANewerVersionIsRefusedWithExitThree) {
  ASSERT_EQ(Truceline({"ingest", "--db", db_, Write("a.ndjson", Report(1))}).exit_code, 0);
  sqlite3* db = nullptr;
  sqlite3_open(db_.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto r = Truceline({"reports", "--db", db_});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("schema is version 999, newer than this truceline understands"),
            std::string::npos)
      << r.err;
}

TEST_F(CliTest, ReportsFiltersAndFormats) {
  std::string lines;
  for (int i = 0; i < 120; ++i)
    lines += Report(i) + "\n";
  ASSERT_EQ(Truceline({"ingest", "--db", db_, Write("in.ndjson", lines)}).exit_code, 0);
  auto window = Truceline(
      {"reports", "--db", db_, "--from", "2025-04-01T00:30:00Z", "--to", "2025-04-01T00:39:00Z"});
  EXPECT_EQ(Lines(window.out).size(), 10u);
  auto day = Truceline({"reports", "--db", db_, "--from", "2025-04-01", "--to", "2025-04-01"});
  EXPECT_EQ(Lines(day.out).size(), 120u);
  // lat 47.0 + (i % 100) * 0.01: i in [0, 10] or [100, 110] -> lat <= 47.1 ...
  auto box = Truceline({"reports", "--db", db_, "--bbox", "35,46.9,40,47.095"});
  EXPECT_EQ(Lines(box.out).size(), 20u);

  auto geo = Truceline({"reports", "--db", db_, "--format", "geojson"});
  ASSERT_EQ(geo.exit_code, 0);
  auto fc = nlohmann::json::parse(geo.out);
  EXPECT_EQ(fc["type"], "FeatureCollection");
  ASSERT_EQ(fc["features"].size(), 120u);
  const auto& f = fc["features"][0];
  EXPECT_EQ(f["type"], "Feature");
  EXPECT_EQ(f["geometry"]["type"], "Point");
  EXPECT_EQ(f["geometry"]["coordinates"][0], 36.0);  // RFC 7946: longitude first
  EXPECT_EQ(f["geometry"]["coordinates"][1], 47.0);
  EXPECT_EQ(f["properties"]["source"], "patrol-1");
  EXPECT_FALSE(f["properties"].contains("lat"));

  // CSV and GeoJSON exports ingest again into an identical store.
  auto csv = Truceline({"reports", "--db", db_, "--format", "csv"});
  Write("out.csv", csv.out);
  Write("out.geojson", geo.out);
  auto original = Truceline({"reports", "--db", db_}).out;
  for (const char* name : {"out.csv", "out.geojson"}) {
    std::string other_db = Path(std::string(name) + ".db");
    auto again = Truceline({"ingest", "--db", other_db, Path(name)});
    EXPECT_EQ(again.out,
              "{\"accepted\":120,\"duplicates\":0,\"rejected\":0,\"fused\":120,\"late\":0}\n")
        << again.err;
    EXPECT_EQ(Truceline({"reports", "--db", other_db}).out, original) << name;
  }
}

// Kills an ingest mid-stream: every batch it acknowledged must be in the
// store, and the store must be consistent and accept the rest afterwards.
TEST_F(CliTest, KilledIngestKeepsEveryAcknowledgedBatch) {
  std::vector<std::string> records;
  for (int i = 0; i < 5000; ++i)
    records.push_back(Report(i, fmt::format("s{}", i % 13)) + "\n");
  testing::Child child({"ingest", "--db", db_, "--batch-size", "1000", "--progress", "-"},
                       dir_.string());
  std::string first;
  for (int i = 0; i < 3500; ++i)
    first += records[static_cast<size_t>(i)];
  ASSERT_TRUE(child.Write(first));
  ASSERT_TRUE(child.WaitForStderr(R"("accepted":3000)", std::chrono::seconds(60)))
      << child.Stderr();
  child.Kill();  // SIGKILL while the fourth batch is half read

  int64_t acknowledged = 3000;
  EXPECT_GE(Count(), acknowledged);
  EXPECT_LE(Count(), 3500);
  sqlite3* db = nullptr;
  sqlite3_open(db_.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "ok");
  sqlite3_finalize(stmt);
  sqlite3_close(db);

  std::string all;
  for (const auto& r : records)
    all += r;
  auto rest = Truceline({"ingest", "--db", db_, Write("all.ndjson", all)});
  EXPECT_EQ(rest.exit_code, 0) << rest.err;
  auto summary = nlohmann::json::parse(rest.out);
  EXPECT_EQ(summary["accepted"].get<int64_t>() + summary["duplicates"].get<int64_t>(), 5000);
  EXPECT_GE(summary["duplicates"].get<int64_t>(), acknowledged);
  EXPECT_EQ(Count(), 5000);
}

TEST_F(CliTest, SimulationIsSeededRealisticAndValid) {
  auto a = Truceline({"simulate", "--days", "1", "--seed", "7", "--out", Path("a.ndjson"),
                      "--truth", Path("a.csv"), "--events-per-day", "500"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto b = Truceline({"simulate", "--days", "1", "--seed", "7", "--out", Path("b.ndjson"),
                      "--events-per-day", "500"});
  auto c = Truceline({"simulate", "--days", "1", "--seed", "8", "--out", Path("c.ndjson"),
                      "--events-per-day", "500"});
  std::string text = ReadWholeFile(Path("a.ndjson"));
  EXPECT_EQ(text, ReadWholeFile(Path("b.ndjson")));
  EXPECT_NE(text, ReadWholeFile(Path("c.ndjson")));
  auto reports = Lines(text);
  EXPECT_GT(reports.size(), 700u);
  EXPECT_EQ(Lines(ReadWholeFile(Path("a.csv"))).size(), reports.size() + 1);

  std::map<std::string, int> source_kinds;
  for (const auto& line : reports) {
    auto j = nlohmann::json::parse(line);
    ++source_kinds[j["source_kind"]];
    double lat = j["lat"], lon = j["lon"];
    EXPECT_TRUE(lat > 44 && lat < 53 && lon > 22 && lon < 41) << line;
  }
  EXPECT_GT(source_kinds["sensor"], 0);
  EXPECT_GT(source_kinds["monitor"], 0);
  EXPECT_GT(source_kinds["osint"], 0);

  // Strikes on energy infrastructure hit the bundled power plants: nearly
  // every such report (they carry position errors, and a few are wrong)
  // lies within 10 km of one.
  std::vector<std::pair<double, double>> plants;
  for (const auto& row :
       Lines(ReadWholeFile(std::string(TRUCELINE_SOURCE_DIR) + "/data/power_plants.csv"))) {
    double lat = 0, lon = 0;
    int field = 0;
    std::stringstream cells(row);
    for (std::string cell; std::getline(cells, cell, ',') && field <= 4; ++field) {
      if (field == 3) lat = std::atof(cell.c_str());
      if (field == 4) lon = std::atof(cell.c_str());
    }
    if (lat != 0) plants.emplace_back(lat, lon);
  }
  ASSERT_GT(plants.size(), 30u);
  int energy = 0, near_a_plant = 0;
  for (const auto& line : reports) {
    auto j = nlohmann::json::parse(line);
    if (j.value("target_category", "") != "energy") continue;
    ++energy;
    double best = 1e9;
    for (auto [lat, lon] : plants) {
      double dy = (j["lat"].get<double>() - lat) * 111'000;
      double dx = (j["lon"].get<double>() - lon) * 111'000 * std::cos(lat * M_PI / 180);
      best = std::min(best, std::hypot(dx, dy));
    }
    near_a_plant += best < 10'000;
  }
  EXPECT_GT(energy, 10);
  EXPECT_GE(near_a_plant, energy * 9 / 10) << near_a_plant << " of " << energy;

  auto ingested = Truceline({"ingest", "--db", db_, Path("a.ndjson")});
  EXPECT_EQ(ingested.exit_code, 0) << ingested.err;
  auto summary = nlohmann::json::parse(ingested.out);
  EXPECT_EQ(summary["rejected"], 0);
  EXPECT_EQ(summary["accepted"].get<size_t>() + summary["duplicates"].get<size_t>(),
            reports.size());
}

// r0 and r1 are 0.01° of latitude (about 1.1 km) and 1 minute apart:
// linked; r2 is far away; r3 is a weapon sighting (another family); the
// last record is invalid.
std::string FourReportsAndABadOne() {
  std::string in;
  in +=
      R"({"id":"r0","source":"a","source_kind":"sensor","observed_at":"2025-04-01T00:00:00Z","lat":47.0,"lon":36.0,"kind":"artillery"})"
      "\n";
  in +=
      R"({"id":"r1","source":"b","source_kind":"monitor","observed_at":"2025-04-01T00:01:00Z","lat":47.01,"lon":36.0,"kind":"explosion"})"
      "\n";
  in +=
      R"({"id":"r2","source":"a","source_kind":"sensor","observed_at":"2025-04-01T00:01:00Z","lat":48.0,"lon":37.0,"kind":"mortar"})"
      "\n";
  in +=
      R"({"id":"r3","source":"c","source_kind":"osint","observed_at":"2025-04-01T00:01:00Z","lat":47.0,"lon":36.0,"kind":"weapon_sighting","weapon_class":"tank"})"
      "\n";
  in += R"({"id":"bad","source":"c"})"
        "\n";
  return in;
}

TEST_F(CliTest, FuseAddsAnIncidentToEveryReportInInputOrder) {
  std::string in = FourReportsAndABadOne();
  auto r = Truceline({"fuse", Write("in.ndjson", in), "--out", Path("out.ndjson"), "--incidents",
                      Path("inc.ndjson")});
  EXPECT_EQ(r.exit_code, 1);  // one record was rejected
  EXPECT_NE(r.err.find(R"({"reports":4,"incidents":3,"rejected":1})"), std::string::npos) << r.err;
  auto out = Lines(ReadWholeFile(Path("out.ndjson")));
  ASSERT_EQ(out.size(), 4u);
  std::vector<std::string> ids, incidents;
  for (const auto& line : out) {
    auto j = nlohmann::json::parse(line);
    ids.push_back(j["id"]);
    incidents.push_back(j["incident_id"]);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"r0", "r1", "r2", "r3"}));
  EXPECT_EQ(incidents, (std::vector<std::string>{"I0000001", "I0000001", "I0000002", "I0000003"}));
  auto summary = Lines(ReadWholeFile(Path("inc.ndjson")));
  ASSERT_EQ(summary.size(), 3u);
  auto first = nlohmann::json::parse(summary[0]);
  EXPECT_EQ(first["report_count"], 2);
  EXPECT_EQ(first["source_count"], 2);
  EXPECT_EQ(first["reports"][1]["id"], "r1");
  EXPECT_EQ(first["family"], "indirect_fire");
  EXPECT_EQ(first["kind"], "artillery");
  EXPECT_EQ(first["status"], "corroborated");
  EXPECT_EQ(first["first_observed_at"], "2025-04-01T00:00:00Z");
  EXPECT_NEAR(first["lat"].get<double>(), 47.005, 1e-9);

  // A tighter config splits r0 and r1.
  auto tight = Truceline({"fuse", Path("in.ndjson"), "--out", Path("out2.ndjson"), "--config",
                          Write("c.json", R"({"families":{"indirect_fire":{"distance_m":500}}})")});
  EXPECT_NE(tight.err.find(R"({"reports":4,"incidents":4,"rejected":1})"), std::string::npos)
      << tight.err;
}

TEST_F(CliTest, IngestFusesIntoStoredIncidentsThatExportReviewAndFilter) {
  auto r = Truceline({"ingest", "--db", db_, Write("in.ndjson", FourReportsAndABadOne())});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "{\"accepted\":4,\"duplicates\":0,\"rejected\":1,\"fused\":4,\"late\":0}\n");

  auto all = Truceline({"incidents", "--db", db_});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  auto lines = Lines(all.out);
  ASSERT_EQ(lines.size(), 3u);  // as `fuse` found
  auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["incident_id"], 1);
  EXPECT_EQ(first["report_count"], 2);
  EXPECT_EQ(first["status"], "corroborated");
  EXPECT_EQ(first["admin_region"], "Zaporizhzhia Oblast");
  EXPECT_EQ(first["reports"][0]["source"], "a");

  auto csv = Lines(Truceline({"incidents", "--db", db_, "--format", "csv"}).out);
  ASSERT_EQ(csv.size(), 4u);
  EXPECT_EQ(csv[0].substr(0, 25), "incident_id,family,kind,s");
  auto geojson =
      nlohmann::json::parse(Truceline({"incidents", "--db", db_, "--format", "geojson"}).out);
  ASSERT_EQ(geojson["features"].size(), 3u);
  EXPECT_EQ(geojson["features"][0]["geometry"]["coordinates"][1].get<double>(),
            first["lat"].get<double>());

  // Filters: family, status, bbox around r2 only, time.
  EXPECT_EQ(Lines(Truceline({"incidents", "--db", db_, "--family", "sighting"}).out).size(), 1u);
  EXPECT_EQ(Lines(Truceline({"incidents", "--db", db_, "--status", "single_source"}).out).size(),
            2u);
  EXPECT_EQ(
      Lines(Truceline({"incidents", "--db", db_, "--bbox", "36.9,47.9,37.1,48.1"}).out).size(), 1u);
  EXPECT_EQ(
      Lines(Truceline({"incidents", "--db", db_, "--from", "2025-04-01T00:00:30Z"}).out).size(),
      3u);  // incident 1 lasts until 00:01
  EXPECT_EQ(Lines(Truceline({"incidents", "--db", db_, "--to", "2025-03-31"}).out).size(), 0u);

  // A verdict, and it survives the incident growing.
  auto reviewed = Truceline({"review", "--db", db_, "--incident", "1", "--status", "verified",
                             "--reason", "crater confirmed", "--analyst", "ana"});
  ASSERT_EQ(reviewed.exit_code, 0) << reviewed.err;
  EXPECT_EQ(nlohmann::json::parse(reviewed.out)["review"]["reason"], "crater confirmed");
  Truceline(
      {"ingest", "--db", db_,
       Write(
           "more.ndjson",
           R"({"id":"r9","source":"d","source_kind":"party","observed_at":"2025-04-01T00:02:00Z","lat":47.015,"lon":36.0,"kind":"artillery"})"
           "\n")});
  auto grown = nlohmann::json::parse(
      Lines(Truceline({"incidents", "--db", db_, "--status", "verified"}).out).at(0));
  EXPECT_EQ(grown["report_count"], 3);
  EXPECT_EQ(Count("SELECT count(*) FROM incident_history WHERE event = 'grew_after_review'"), 1);

  EXPECT_EQ(Truceline({"review", "--db", db_, "--incident", "77", "--status", "rejected",
                       "--reason", "x", "--analyst", "ana"})
                .exit_code,
            3);
  EXPECT_EQ(Truceline({"review", "--db", db_, "--incident", "1", "--status", "corroborated",
                       "--reason", "x", "--analyst", "ana"})
                .exit_code,
            2);
}

TEST_F(CliTest, FuseRefusesABadConfigWithExitTwo) {
  auto in = Write("in.ndjson", Report(1) + "\n");
  struct Case {
    std::string config, message;
  } cases[] = {
      {R"({"families":{"artillery":{"distance_m":1}}})",
       "$.families.artillery: unknown family; must be one of indirect_fire"},
      {R"({"families":{"small_arms":{"distance_m":-5}}})",
       "$.families.small_arms.distance_m: must be a number >= 0, not -5"},
      {R"({"families":{"maritime":{"time_s":"600"}}})",
       "$.families.maritime.time_s: must be a number >= 0, not \"600\""},
      {R"({"families":{"maritime":{"radius":6}}})",
       "$.families.maritime.radius: unknown setting; must be distance_m or time_s"},
      {R"({"families":)", "$: not valid JSON"},
  };
  for (const auto& c : cases) {
    auto config = Write("bad.json", c.config);
    auto r = Truceline({"fuse", in, "--out", Path("out.ndjson"), "--config", config});
    EXPECT_EQ(r.exit_code, 2) << c.config;
    EXPECT_NE(r.err.find(config + ": " + c.message), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace truceline
