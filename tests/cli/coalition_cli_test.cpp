// End-to-end tests of `truceline coalition …` and `truceline aid …` on the
// bundled registry and on edited copies of it.

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "process.hpp"

namespace truceline {
namespace {

using nlohmann::json;
using testing::ReadWholeFile;
using testing::RunResult;
using testing::RunTruceline;

class CoalitionCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-coalition-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const json& doc) const {
    std::ofstream(Path(name), std::ios::binary) << doc.dump(1);
    return Path(name);
  }
  RunResult Truceline(const std::vector<std::string>& args) {
    return RunTruceline(args, dir_.string(), "");
  }
  json Json(const std::vector<std::string>& args) {
    auto r = Truceline(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json::object();
  }
  static json Bundled() {
    return json::parse(ReadWholeFile(std::string(TRUCELINE_SOURCE_DIR) +
                                     "/data/registry/coalition-2025-03-27.json"));
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

// The first column of the first row of `sql` on the store `db`, as text.
std::string SqlValue(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return value;
}

const json& NationOf(const json& list, const std::string& iso2) {
  for (const auto& n : list["nations"]) {
    if (n["iso2"] == iso2) return n;
  }
  static const json kNone = json::object();
  ADD_FAILURE() << iso2 << " not listed";
  return kNone;
}

TEST_F(CoalitionCliTest, ListJsonGivesEveryNationWithCitedPositions) {
  json list = Json({"coalition", "list", "--format", "json"});
  EXPECT_EQ(list["as_of"], "2025-03-27");
  for (const char* code : {"UA", "FR", "LT", "FI", "CY", "RO", "DE", "GB", "BE", "BG", "DK",
                           "ES", "HR", "EE", "GR", "IE", "IS", "IT", "LV", "LU", "NO", "NL",
                           "PL", "PT", "CZ", "SI", "SE", "CH", "TR", "AU", "CA", "NZ"}) {
    EXPECT_FALSE(NationOf(list, code).empty()) << code;
  }
  size_t positions = 0;
  for (const auto& n : list["nations"]) {
    EXPECT_FALSE(n["citations"].empty()) << n["iso2"];
    for (const auto& p : n["positions"]) {
      ++positions;
      ASSERT_FALSE(p["citations"].empty()) << p["id"];
      EXPECT_FALSE(p["citations"][0]["quote"].get<std::string>().empty());
      EXPECT_TRUE(p["citations"][0].contains("report_date"));
    }
  }
  EXPECT_GE(positions, 15u);
  EXPECT_EQ(NationOf(list, "BG")["positions"][0]["stance"], "non_combat_only");
  EXPECT_EQ(NationOf(list, "RO")["positions"][0]["conditions"], json({"transit_only"}));
  EXPECT_EQ(NationOf(list, "FR")["positions"][0]["conflicts"], json({"deployment-trigger"}));
}

TEST_F(CoalitionCliTest, ShowByAlpha2OrAlpha3) {
  json tr = Json({"coalition", "show", "TUR", "--format", "json"});
  EXPECT_EQ(tr["iso2"], "TR");
  EXPECT_EQ(tr["positions"][0]["stance"], "conditional");
  EXPECT_EQ(tr["positions"][0]["conditions"], json({"requires_consultation_role"}));
  EXPECT_EQ(tr["positions"][0]["citations"][0]["outlet"], "Bloomberg");
  json ch = Json({"coalition", "show", "ch", "--format", "json"});
  EXPECT_EQ(ch["positions"][0]["conditions"],
            json({"requires_host_request", "requires_national_approval"}));
  auto table = Truceline({"coalition", "show", "GB"});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("boots on the ground and planes in the sky"), std::string::npos);
}

TEST_F(CoalitionCliTest, UnknownNationIsAClearUsageError) {
  auto r = Truceline({"coalition", "show", "XX"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown nation 'XX'"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(CoalitionCliTest, AsOfFollowsTheReportsAndRefusesTheFuture) {
  json mid = Json({"coalition", "as-of", "2025-03-16", "--format", "json"});
  EXPECT_TRUE(NationOf(mid, "GB")["positions"].empty());
  EXPECT_FALSE(NationOf(mid, "FR")["positions"].empty());
  EXPECT_EQ(mid["meetings"].size(), 2u);
  EXPECT_TRUE(mid["conflicts"].empty());
  json end = Json({"coalition", "as-of", "2025-03-27", "--format", "json"});
  EXPECT_EQ(end["meetings"].size(), 3u);
  EXPECT_EQ(end["conflicts"].size(), 4u);

  auto future = Truceline({"coalition", "as-of", "2025-04-01"});
  EXPECT_EQ(future.exit_code, 2);
  EXPECT_NE(future.err.find("after the record's date 2025-03-27"), std::string::npos);
  auto bad = Truceline({"coalition", "list", "--as-of", "27/03/2025"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("expected YYYY-MM-DD"), std::string::npos);
}

TEST_F(CoalitionCliTest, AsOfAcrossAPositionChangeInAnotherDocument) {
  json doc = Bundled();
  doc["as_of"] = "2025-04-30";
  doc["sources"].push_back({{"id", "later"}, {"date", "2025-04-10"}, {"outlets", json::array()}});
  doc["positions"].push_back(
      {{"id", "bg-force-april"},
       {"nation", "BG"},
       {"scope", "post_ceasefire_force"},
       {"stance", "declined"},
       {"date", "2025-04-10"},
       {"citations", {{{"source", "later"}, {"quote", "Bulgaria declines"}}}}});
  std::string file = Write("later.json", doc);
  json march = Json(
      {"coalition", "show", "BG", "--file", file, "--as-of", "2025-03-27", "--format", "json"});
  EXPECT_EQ(march["positions"][0]["stance"], "non_combat_only");
  EXPECT_TRUE(march["superseded"].empty());
  json april = Json({"coalition", "show", "BG", "--file", file, "--format", "json"});
  EXPECT_EQ(april["positions"][0]["stance"], "declined");
  EXPECT_EQ(april["superseded"][0]["stance"], "non_combat_only");
}

TEST_F(CoalitionCliTest, ValidateListsEveryProblemAndABadDocumentIsNotRead) {
  json doc = Bundled();
  doc["pledges"][1]["quantity"]["value"] = -5;
  doc["positions"][0]["citations"][0].erase("source");
  doc["positions"][1]["nation"] = "XX";
  std::string file = Write("bad.json", doc);
  auto r = Truceline({"coalition", "validate", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file + ": $.pledges[1].quantity.value: a quantity cannot be negative"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(file + ": $.positions[0].citations[0].source: required"), std::string::npos);
  EXPECT_NE(r.err.find(file + ": $.positions[1].nation: unknown nation 'XX'"), std::string::npos);
  auto list = Truceline({"coalition", "list", "--file", file});
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_TRUE(list.out.empty());

  auto good = Truceline({"coalition", "validate", Write("good.json", Bundled())});
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_NE(good.out.find("valid: 34 nations"), std::string::npos) << good.out;
}

TEST_F(CoalitionCliTest, AidBalanceAndPackages) {
  json balance = Json({"aid", "balance", "--format", "json"});
  bool funds = false;
  for (const auto& line : balance["lines"]) {
    if (line["donor"] == "FR" && line["category"] == "funds") {
      funds = true;
      EXPECT_EQ(line["unit"], "EUR");
      EXPECT_EQ(line["pledged"], 2e9);
      EXPECT_EQ(line["delivered"], 0);
    }
  }
  EXPECT_TRUE(funds);
  json packages = Json({"aid", "packages", "--format", "json"});
  ASSERT_EQ(packages["packages"].size(), 1u);
  EXPECT_EQ(packages["packages"][0]["items"].size(), 3u);
  auto table = Truceline({"aid", "balance"});
  EXPECT_NE(table.out.find("FR     funds        EUR"), std::string::npos) << table.out;
}

TEST_F(CoalitionCliTest, ImportAndAddNeedACoordinatorAndKeepHistory) {
  std::string db = Path("r.db");
  auto refused = Truceline({"coalition", "import", "--db", db, "--role", "observer"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("needs the coordinator role"), std::string::npos) << refused.err;
  auto no_registry = Truceline({"coalition", "list", "--db", db});
  EXPECT_EQ(no_registry.exit_code, 3);
  EXPECT_NE(no_registry.err.find("no coalition registry in this store"), std::string::npos);

  auto imported =
      Truceline({"coalition", "import", "--db", db, "--role", "coordinator", "--actor", "p1"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(json::parse(imported.out)["nations"], 34);
  json from_store = Json({"coalition", "list", "--db", db, "--format", "json"});
  json from_file = Json({"coalition", "list", "--format", "json"});
  EXPECT_EQ(from_store, from_file);

  json additions = {
      {"sources", {{{"id", "later"}, {"date", "2025-04-10"}, {"outlets", json::array()}}}},
      {"deliveries",
       {{{"id", "fr-d1"},
         {"package", "fr-2025-03-27"},
         {"date", "2025-04-10"},
         {"category", "funds"},
         {"quantity", {{"value", 5e8}, {"unit", "EUR"}}},
         {"citations", {{{"source", "later"}, {"quote", "first tranche"}}}}}}}};
  std::string add = Write("add.json", additions);
  auto analyst = Truceline({"coalition", "add", "--db", db, add, "--role", "analyst"});
  EXPECT_EQ(analyst.exit_code, 1);
  auto added = Truceline({"coalition", "add", "--db", db, add, "--role", "coordinator"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto again = Truceline({"coalition", "add", "--db", db, add, "--role", "coordinator"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("duplicate id"), std::string::npos) << again.err;

  json balance = Json({"aid", "balance", "--db", db, "--format", "json"});
  for (const auto& line : balance["lines"]) {
    if (line["category"] == "funds") {
      EXPECT_EQ(line["delivered"], 5e8);
    }
  }
  json march = Json({"aid", "balance", "--db", db, "--as-of", "2025-03-27", "--format", "json"});
  for (const auto& line : march["lines"])
    EXPECT_EQ(line["delivered"], 0);
}

TEST_F(CoalitionCliTest, APledgeConfirmedAfterTheImportShowsOnItsDate) {
  std::string db = Path("r.db");
  ASSERT_EQ(Truceline({"coalition", "import", "--db", db, "--role", "coordinator"}).exit_code, 0);
  json additions = {
      {"sources",
       {{{"id", "confirmation"}, {"date", "2025-04-10"}, {"outlets", json::array({"AFP"})}}}},
      {"pledge_updates",
       {{{"pledge", "fr-package-2bn"},
         {"status", "confirmed"},
         {"date", "2025-04-10"},
         {"date_basis", "stated"},
         {"citations",
          {{{"source", "confirmation"},
            {"quote", "France confirmed its 2 billion euro package"}}}}}}}};
  std::string add = Write("confirm.json", additions);
  auto status_on = [&](const char* date) {
    json picture = Json({"coalition", "as-of", date, "--db", db, "--format", "json"});
    const json& pledges = NationOf(picture, "FR")["pledges"];
    EXPECT_EQ(pledges.size(), 1u);
    return pledges.empty() ? json() : pledges[0];
  };

  // A non-coordinator is refused and nothing changes.
  auto refused =
      Truceline({"coalition", "add", "--db", db, add, "--role", "analyst", "--actor", "someone"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("needs the coordinator role"), std::string::npos) << refused.err;
  EXPECT_EQ(SqlValue(db, "SELECT count(*) FROM registry_pledge_updates"), "0");
  EXPECT_EQ(SqlValue(db, "SELECT count(*) FROM registry_changes"), "1");
  EXPECT_EQ(SqlValue(db, "SELECT count(*) FROM registry_sources WHERE id = 'confirmation'"), "0");

  auto added =
      Truceline({"coalition", "add", "--db", db, add, "--role", "coordinator", "--actor", "p1"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(json::parse(added.out)["added"]["pledge_updates"], 1);
  EXPECT_EQ(SqlValue(db,
                     "SELECT actor || '/' || role || '/' || action FROM registry_changes "
                     "ORDER BY seq DESC"),
            "p1/coordinator/add");

  json before = status_on("2025-04-09");
  EXPECT_EQ(before["status"], "announced");
  EXPECT_EQ(before["history"].size(), 1u);
  json after = status_on("2025-04-10");
  EXPECT_EQ(after["status"], "confirmed");
  ASSERT_EQ(after["history"].size(), 2u);
  EXPECT_EQ(after["history"][1]["date"], "2025-04-10");
  EXPECT_EQ(after["history"][1]["citations"][0]["source"], "confirmation");

  auto table = Truceline({"coalition", "as-of", "2025-04-10", "--db", db});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("announced 2025-03-27, confirmed 2025-04-10"), std::string::npos)
      << table.out;
  auto show = Truceline({"coalition", "show", "FR", "--db", db});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("2025-04-10 confirmed (stated)"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("France confirmed its 2 billion euro package"), std::string::npos);
  json show_march =
      Json({"coalition", "show", "FR", "--db", db, "--as-of", "2025-03-27", "--format", "json"});
  EXPECT_EQ(show_march["pledges"][0]["status"], "announced");

  // The same update again repeats the status: refused, nothing written.
  additions["sources"][0]["id"] = "confirmation-2";
  additions["pledge_updates"][0]["citations"][0]["source"] = "confirmation-2";
  auto again = Truceline(
      {"coalition", "add", "--db", db, Write("again.json", additions), "--role", "coordinator"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("$.pledge_updates[0].status: pledge 'fr-package-2bn' is already "
                           "confirmed (since 2025-04-10)"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(SqlValue(db, "SELECT count(*) FROM registry_pledge_updates"), "1");
  EXPECT_EQ(SqlValue(db, "SELECT count(*) FROM registry_changes"), "2");
}

}  // namespace
}  // namespace truceline
