// End to end: `truceline check` on a store filled by `truceline ingest`,
// against a small agreement file and against the bundled example.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "process.hpp"

namespace truceline {
namespace {

using testing::RunResult;
using testing::RunTruceline;

// A line along 36.0 E from 48 N south to 47 N; no fire within 5 km; tanks
// 15 km back; energy targets protected.
constexpr std::string_view kAgreement = R"({
  "id": "cli-test", "title": "CLI test", "effective_from": "2025-04-01T00:00:00Z",
  "lines": {"l": {"type": "LineString", "coordinates": [[36.0, 48.0], [36.0, 47.0]],
                  "sides": {"left": "east", "right": "west"}}},
  "clauses": [
    {"id": "1", "title": "No fire near the line", "rule": "no_fire", "families": ["indirect_fire"], "line": "l", "within_km": 5},
    {"id": "2", "title": "Tanks back", "rule": "withdrawal", "weapon_classes": ["tank"], "line": "l", "min_km": 15},
    {"id": "3", "title": "Energy", "rule": "protected_target", "target_categories": ["energy"]}
  ]
})";

std::string Report(const std::string& id, const std::string& source, double lat, double lon,
                   const std::string& kind, const std::string& extra = "") {
  return fmt::format(
      R"({{"id":"{}","source":"{}","source_kind":"monitor","observed_at":"2025-04-02T10:00:00Z","lat":{},"lon":{},"kind":"{}"{}}})",
      id, source, lat, lon, kind, extra);
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

class CheckCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-check-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
    db_ = Path("t.db");
    agreement_ = Write("agreement.json", std::string(kAgreement));
    const std::string reports =
        // Two sources, 1.5 km east of the line: one corroborated incident.
        Report("a1", "patrol-1", 47.5, 36.02, "artillery") + "\n" +
        Report("b1", "sensor-2", 47.5, 36.0201, "artillery") + "\n" +
        // A tank 7.5 km west of the line.
        Report("c1", "patrol-1", 47.5, 35.9, "weapon_sighting", R"(,"weapon_class":"tank")") +
        "\n" +
        // An energy strike far away, and shelling near Pokrovsk (the bundled line).
        Report("d1", "osint-x", 50.0, 30.0, "missile_strike", R"(,"target_category":"energy")") +
        "\n" + Report("e1", "patrol-3", 48.28, 37.18, "artillery") + "\n";
    auto r = Truceline({"ingest", "--db", db_, Write("in.ndjson", reports)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::ofstream(Path(name), std::ios::binary) << content;
    return Path(name);
  }
  RunResult Truceline(const std::vector<std::string>& args) {
    return RunTruceline(args, dir_.string());
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string db_, agreement_;
};

TEST_F(CheckCliTest, WritesOneViolationPerLineWithItsEvidence) {
  auto r = Truceline({"check", "--db", db_, "--agreement", agreement_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  // Ordered by incident id; incidents are numbered in arrival order.
  const nlohmann::json& fire = lines[0];
  EXPECT_EQ(fire["clause_id"], "1");
  EXPECT_EQ(fire["clause_title"], "No fire near the line");
  EXPECT_EQ(fire["rule"], "no_fire");
  EXPECT_EQ(fire["incident_status"], "corroborated");
  EXPECT_EQ(fire["report_ids"], (nlohmann::json{"patrol-1/a1", "sensor-2/b1"}));
  EXPECT_NEAR(fire["evidence"]["line_distance_m"].get<double>(), 1'500, 20);
  EXPECT_EQ(fire["evidence"]["line"], "l");
  EXPECT_EQ(fire["evidence"]["limit_m"], 5000);
  EXPECT_FALSE(fire["evidence"].contains("zone"));
  EXPECT_FALSE(fire["evidence"].contains("side_of_line"));
  const nlohmann::json& tank = lines[1];
  EXPECT_EQ(tank["clause_id"], "2");
  EXPECT_EQ(tank["rule"], "withdrawal");
  EXPECT_EQ(tank["report_ids"], (nlohmann::json{"patrol-1/c1"}));
  EXPECT_EQ(tank["evidence"]["weapon_class"], "tank");
  EXPECT_EQ(tank["evidence"]["side_of_line"], "west");
  EXPECT_LT(tank["incident_id"].get<uint64_t>(), lines[2]["incident_id"].get<uint64_t>());
  EXPECT_EQ(lines[2]["clause_id"], "3");
  EXPECT_EQ(lines[2]["evidence"], (nlohmann::json{{"target_category", "energy"}}));
  EXPECT_NE(r.err.find("checked 4 incidents against cli-test: 3 violations"), std::string::npos)
      << r.err;
}

TEST_F(CheckCliTest, JsonFormatAndTimeWindow) {
  auto r = Truceline({"check", "--db", db_, "--agreement", agreement_, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["agreement"]["id"], "cli-test");
  ASSERT_EQ(doc["violations"].size(), 3u);
  EXPECT_EQ(doc["violations"][1]["clause_id"], "2");
  auto later = Truceline({"check", "--db", db_, "--agreement", agreement_, "--from", "2025-04-03"});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(later.out, "");
}

TEST_F(CheckCliTest, BundledExampleAgreement) {
  auto r = Truceline({"check", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  bool pokrovsk = false;
  for (const auto& v : JsonLines(r.out)) {
    if (v["report_ids"] == nlohmann::json{"patrol-3/e1"} && v["clause_id"] == "1") {
      pokrovsk = true;
      EXPECT_LT(v["evidence"]["line_distance_m"].get<double>(), 30'000);
    }
  }
  EXPECT_TRUE(pokrovsk) << r.out;
  EXPECT_NE(r.err.find("against example-2025"), std::string::npos) << r.err;
}

TEST_F(CheckCliTest, BadAgreementIsAConfigurationError) {
  std::string bad(kAgreement);
  bad.replace(bad.find("\"no_fire\""), 9, "\"no_fyre\"");
  bad.replace(bad.find("[36.0, 47.0]"), 12, "[36.0, 97.0]");
  auto r = Truceline({"check", "--db", db_, "--agreement", Write("bad.json", bad)});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(
      r.err.find(Path("bad.json") + ": $.lines.l.coordinates[1]: latitude 97 outside [-90, 90]"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(Path("bad.json") + ": $.clauses[0].rule: unknown rule 'no_fyre'"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace truceline
