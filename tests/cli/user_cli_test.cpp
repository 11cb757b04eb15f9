// End-to-end tests of `truceline user …` and `truceline audit …`, and of the
// audit entries the CLI's other state changes append. The tampering is done
// with Debian's sqlite3 command-line tool, as an intruder with the file would.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "process.hpp"

namespace truceline {
namespace {

using nlohmann::json;
using testing::RunResult;
using testing::RunTruceline;

class UserCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-user-cli-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "store.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  RunResult Truceline(const std::vector<std::string>& args, const std::string& input = "") {
    return RunTruceline(args, dir_.string(), input);
  }
  json Json(const std::vector<std::string>& args, const std::string& input = "") {
    auto r = Truceline(args, input);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json::object();
  }
  std::vector<json> Lines(const std::vector<std::string>& args) {
    auto r = Truceline(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<json> out;
    size_t start = 0;
    while (start < r.out.size()) {
      size_t end = r.out.find('\n', start);
      out.push_back(json::parse(r.out.substr(start, end - start)));
      start = end + 1;
    }
    return out;
  }
  // Runs the sqlite3 tool on the store; returns its exit status.
  int Sqlite(const std::string& sql) {
    std::string command = fmt::format("sqlite3 '{}' \"{}\" 2>/dev/null", db_, sql);
    return std::system(command.c_str());
  }

  static std::string ReadWhole(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(UserCliTest, AddsUsersCreatesAndRevokesTokensAndAuditsEachChange) {
  json added =
      Json({"user", "add", "--db", db_, "--name", "zoe", "--role", "analyst", "--password-stdin"},
           "a long enough password\n");
  EXPECT_EQ(added["user"], "zoe");
  EXPECT_FALSE(added.contains("password"));

  json generated = Json({"user", "add", "--db", db_, "--name", "amir", "--role", "admin"});
  EXPECT_GE(generated.value("password", "").size(), 40u);

  auto short_password = Truceline(
      {"user", "add", "--db", db_, "--name", "kim", "--role", "analyst", "--password-stdin"},
      "too short\n");
  EXPECT_EQ(short_password.exit_code, 2) << short_password.err;
  auto taken = Truceline({"user", "add", "--db", db_, "--name", "zoe", "--role", "admin"});
  EXPECT_EQ(taken.exit_code, 1) << taken.err;
  auto bad_role = Truceline({"user", "add", "--db", db_, "--name", "kim", "--role", "boss"});
  EXPECT_EQ(bad_role.exit_code, 2);

  auto users = Lines({"user", "list", "--db", db_});
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0]["name"], "amir");
  EXPECT_EQ(users[1]["role"], "analyst");

  json token =
      Json({"user", "token", "create", "--db", db_, "--name", "zoe", "--expires-days", "7"});
  uint64_t id = token["token_id"];
  EXPECT_TRUE(token["token"].get<std::string>().starts_with(fmt::format("tl_{}_", id)));
  json revoked = Json({"user", "token", "revoke", "--db", db_, "--token-id", std::to_string(id)});
  EXPECT_EQ(revoked["revoked"], true);
  auto unknown = Truceline({"user", "token", "revoke", "--db", db_, "--token-id", "99"});
  EXPECT_EQ(unknown.exit_code, 3) << unknown.err;

  json passwd = Json({"user", "passwd", "--db", db_, "--name", "zoe", "--password-stdin"},
                     "another long password\n");
  EXPECT_EQ(passwd["password_set"], true);

  auto entries = Lines({"audit", "list", "--db", db_});
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0]["action"], "user.add");
  EXPECT_EQ(entries[0]["target"], "user:zoe");
  EXPECT_TRUE(entries[0]["actor"].get<std::string>().starts_with("cli:"));
  EXPECT_EQ(entries[0]["role"], "admin");
  EXPECT_EQ(entries[2]["action"], "token.create");
  EXPECT_EQ(entries[3]["action"], "token.revoke");
  EXPECT_EQ(entries[3]["target"], fmt::format("token:{}", id));
  EXPECT_EQ(entries[4]["action"], "user.password");
  auto page = Lines({"audit", "list", "--db", db_, "--after", "2", "--limit", "2"});
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0]["seq"], 3);

  json verified = Json({"audit", "verify", "--db", db_});
  EXPECT_EQ(verified["ok"], true);
  EXPECT_EQ(verified["entries"], 5);
}

TEST_F(UserCliTest, VerifyNamesTheEntryEditedWithTheSqliteTool) {
  for (const char* name : {"a1", "a2", "a3"}) {
    Json({"user", "add", "--db", db_, "--name", name, "--role", "observer"});
  }
  EXPECT_EQ(Json({"audit", "verify", "--db", db_})["ok"], true);
  // The triggers stop a plain edit…
  EXPECT_NE(Sqlite("UPDATE audit_log SET target = 'user:x' WHERE seq = 2"), 0);
  EXPECT_EQ(Json({"audit", "verify", "--db", db_})["ok"], true);
  // …but not someone who drops them first.
  ASSERT_EQ(Sqlite("DROP TRIGGER audit_log_no_update; "
                   "UPDATE audit_log SET target = 'user:x' WHERE seq = 2;"),
            0);
  auto broken = Truceline({"audit", "verify", "--db", db_});
  EXPECT_EQ(broken.exit_code, 1);
  json report = json::parse(broken.out);
  EXPECT_EQ(report["ok"], false);
  EXPECT_EQ(report["first_bad_seq"], 2);
  EXPECT_NE(broken.err.find("entry 2"), std::string::npos) << broken.err;
}

TEST_F(UserCliTest, VerifyCatchesATruncatedTail) {
  for (const char* name : {"a1", "a2", "a3"}) {
    Json({"user", "add", "--db", db_, "--name", name, "--role", "observer"});
  }
  ASSERT_EQ(Sqlite("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;"), 0);
  auto broken = Truceline({"audit", "verify", "--db", db_});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_EQ(json::parse(broken.out)["first_bad_seq"], 3);
}

TEST_F(UserCliTest, IngestReviewAgreementAndRegistryWritesAreAudited) {
  std::string reports = (dir_ / "r.ndjson").string();
  {
    std::ofstream out(reports);
    out << R"({"id":"1","source":"patrol-1","source_kind":"monitor",)"
        << R"("observed_at":"2025-04-02T10:00:00Z","lat":48.0,"lon":37.8,"kind":"artillery"})"
        << "\n";
  }
  Json({"ingest", "--db", db_, reports});
  Json({"agreement", "activate", "--db", db_, "--role", "coordinator", "--actor", "planner-1"});
  Json({"review", "--db", db_, "--incident", "1", "--status", "verified", "--reason", "seen",
        "--analyst", "zoe"});
  Json({"coalition", "import", "--db", db_, "--role", "coordinator", "--actor", "planner-1"});
  auto entries = Lines({"audit", "list", "--db", db_});
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0]["action"], "reports.ingest");
  EXPECT_EQ(entries[0]["detail"]["accepted"], 1);
  EXPECT_EQ(entries[1]["action"], "agreement.activate");
  EXPECT_EQ(entries[1]["actor"], "planner-1");
  EXPECT_EQ(entries[1]["role"], "coordinator");
  EXPECT_EQ(entries[2]["action"], "incident.review");
  EXPECT_EQ(entries[2]["target"], "incident:1");
  EXPECT_EQ(entries[2]["actor"], "zoe");
  EXPECT_EQ(entries[2]["detail"]["status"], "verified");
  EXPECT_EQ(entries[3]["action"], "registry.import");
  EXPECT_EQ(Json({"audit", "verify", "--db", db_})["entries"], 4);
}

TEST_F(UserCliTest, AnAnalystsMergeIsAuditedAndLaterIngestsKeepIt) {
  auto write = [&](const std::string& name, const std::string& id, double lat) {
    std::string path = (dir_ / name).string();
    std::ofstream out(path);
    out << R"({"id":")" << id << R"(","source":"patrol-1","source_kind":"monitor",)"
        << R"("observed_at":"2025-04-02T10:00:00Z","lat":)" << lat
        << R"(,"lon":37.8,"kind":"artillery"})"
        << "\n";
    return path;
  };
  std::string two = (dir_ / "two.ndjson").string();
  {
    std::ofstream out(two);
    out << ReadWhole(write("a.ndjson", "1", 48.0)) << ReadWhole(write("b.ndjson", "2", 48.1));
  }
  Json({"ingest", "--db", db_, two});
  json merged = Json({"merge", "--db", db_, "--incident", "2", "--with", "1", "--reason",
                      "one strike; the second patrol misread its map", "--analyst", "zoe"});
  EXPECT_EQ(merged["incident_id"], 1);
  EXPECT_EQ(merged["absorbed"], 2);
  EXPECT_EQ(merged["report_count"], 2);
  // A later ingest (a new process) keeps the merge: a report next to the
  // absorbed incident's joins incident 1.
  Json({"ingest", "--db", db_, write("c.ndjson", "3", 48.1001)});
  auto incidents = Lines({"incidents", "--db", db_});
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0]["report_count"], 3);

  EXPECT_EQ(Truceline({"merge", "--db", db_, "--incident", "1", "--with", "9", "--reason", "x",
                       "--analyst", "zoe"})
                .exit_code,
            3);  // not found
  EXPECT_EQ(Truceline({"merge", "--db", db_, "--incident", "1", "--with", "2", "--reason", "x",
                       "--analyst", "zoe"})
                .exit_code,
            2);  // already one incident
  auto entries = Lines({"audit", "list", "--db", db_});
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1]["action"], "incident.merge");
  EXPECT_EQ(entries[1]["actor"], "zoe");
  EXPECT_EQ(entries[1]["role"], "analyst");
  EXPECT_EQ(entries[1]["target"], "incident:1");
  EXPECT_EQ(entries[1]["detail"]["reason"], "one strike; the second patrol misread its map");
  EXPECT_EQ(Json({"audit", "verify", "--db", db_})["ok"], true);
}

TEST_F(UserCliTest, AnAnalystsSplitIsAuditedAndLaterIngestsKeepThePartsApart) {
  std::string reports = (dir_ / "r.ndjson").string();
  {
    std::ofstream out(reports);
    for (int i = 0; i < 3; ++i) {
      out << R"({"id":")" << i << R"(","source":"patrol-1","source_kind":"monitor",)"
          << R"("observed_at":"2025-04-02T10:00:00Z","lat":)" << 48.0 + 0.009 * i
          << R"(,"lon":37.8,"kind":"artillery"})"
          << "\n";
    }
  }
  Json({"ingest", "--db", db_, reports});
  ASSERT_EQ(Lines({"incidents", "--db", db_}).size(), 1u);
  auto split = Truceline({"split", "--db", db_, "--incident", "1", "--report", "patrol-1", "2",
                          "--reason", "two salvos", "--analyst", "zoe"});
  ASSERT_EQ(split.exit_code, 0) << split.err;
  auto parts = Lines({"incidents", "--db", db_});
  ASSERT_EQ(parts.size(), 2u);
  // A report that reaches both parts, in a new process: still two.
  std::string between = (dir_ / "b.ndjson").string();
  {
    std::ofstream out(between);
    out << R"({"id":"9","source":"osint-1","source_kind":"osint",)"
        << R"("observed_at":"2025-04-02T10:00:20Z","lat":48.0135,"lon":37.8,"kind":"artillery"})"
        << "\n";
  }
  Json({"ingest", "--db", db_, between});
  EXPECT_EQ(Lines({"incidents", "--db", db_}).size(), 2u);

  EXPECT_EQ(
      Truceline({"split", "--db", db_, "--incident", "1", "--report", "patrol-1", "0", "--report",
                 "patrol-1", "1", "--report", "osint-1", "9", "--reason", "x", "--analyst", "zoe"})
          .exit_code,
      2);  // every report
  EXPECT_EQ(Truceline({"split", "--db", db_, "--incident", "7", "--report", "patrol-1", "0",
                       "--reason", "x", "--analyst", "zoe"})
                .exit_code,
            3);  // not found
  auto entries = Lines({"audit", "list", "--db", db_});
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1]["action"], "incident.split");
  EXPECT_EQ(entries[1]["actor"], "zoe");
  EXPECT_EQ(entries[1]["detail"]["reports"][0]["id"], "2");
  EXPECT_EQ(Json({"audit", "verify", "--db", db_})["ok"], true);
}

}  // namespace
}  // namespace truceline
