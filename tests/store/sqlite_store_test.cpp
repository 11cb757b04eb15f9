// What is particular to the SQLite backend: schema migrations, foreign
// files, WAL, durability settings.

#include "store/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "registry/registry_json.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_registry_store.hpp"

namespace truceline::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / fmt::format("truceline-sqlite-{}", ::getpid());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::string SqlValue(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, CreatesAVersionedWalStore) {
  {
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->SchemaVersion(), SqliteSchemaVersion());
  }
  EXPECT_EQ(SqlValue("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(SqlValue("PRAGMA page_size"), "16384");
  EXPECT_EQ(SqlValue("PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
  EXPECT_EQ(SqlValue("PRAGMA application_id"), std::to_string(0x54524C4E));
  // Opening again applies nothing and keeps the data.
  auto again = OpenSqliteStore(path_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->CountReports(), 0u);
}

TEST_F(SqliteStoreTest, RefusesAStoreFromANewerVersionAndSaysSo) {
  { ASSERT_TRUE(OpenSqliteStore(path_).ok()); }
  Sql(fmt::format("PRAGMA user_version = {}", SqliteSchemaVersion() + 1));
  auto store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), core::ErrorCode::kStoreTooNew);
  EXPECT_NE(store.status().message().find(path_), std::string::npos);
  EXPECT_NE(store.status().message().find("newer than this truceline understands"),
            std::string::npos)
      << store.status().message();
}

TEST_F(SqliteStoreTest, RefusesAnotherApplicationsDatabase) {
  Sql("CREATE TABLE customers (name TEXT)");
  auto store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("not a Truceline store"), std::string::npos);
  // And it was left untouched.
  EXPECT_EQ(SqlValue("PRAGMA user_version"), "0");
}

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotSqlite) {
  std::ofstream(path_) << "this is a text file, not a database, and long enough to have a header";
  auto store = OpenSqliteStore(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("not a Truceline store"), std::string::npos)
      << store.status().message();
}

TEST_F(SqliteStoreTest, UnwritableLocationIsAnIoError) {
  auto store = OpenSqliteStore("/nonexistent-dir/t.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), core::ErrorCode::kIoError);
  EXPECT_NE(store.status().message().find("/nonexistent-dir/t.db"), std::string::npos);
}

TEST_F(SqliteStoreTest, CommittedBatchIsVisibleToOtherConnections) {
  auto store = OpenSqliteStore(path_);
  ASSERT_TRUE(store.ok());
  core::Report r;
  r.source = "s";
  r.id = "1";
  r.observed_at = core::FromUnixMicros(0);
  std::vector<core::Report> batch{r};
  std::vector<core::ContentDigest> digests{core::DigestReportContent(r)};
  ASSERT_TRUE((*store)->AppendReports(batch, digests, core::FromUnixMicros(0)).ok());
  EXPECT_EQ(SqlValue("SELECT count(*) FROM reports"), "1");
  EXPECT_EQ(SqlValue("SELECT source_kind || '/' || kind FROM reports"), "other/other");
}

TEST_F(SqliteStoreTest, SchemaFourBackfillsWhatIncidentsSawFromTheirReports) {
  // A store as version 3 left it: two incidents, one of two sightings, one
  // of a strike on an energy site.
  std::string v3;
  for (size_t m = 0; m < 3; ++m)
    v3 += sqlite_detail::Migrations()[m];
  Sql(v3 + fmt::format("PRAGMA application_id = {}; PRAGMA user_version = 3;",
                       sqlite_detail::kApplicationId));
  auto report = [](int seq, std::string_view kind, std::string_view weapon,
                   std::string_view target) {
    auto text = [](std::string_view v) { return v.empty() ? "NULL" : fmt::format("'{}'", v); };
    return fmt::format(
        "INSERT INTO reports (seq, source, id, source_kind, observed_at_us, time_uncertainty_s, "
        "lat, lon, position_uncertainty_m, kind, count, weapon_class, target_category, "
        "content_digest, ingested_at_us) VALUES ({0}, 's', '{0}', 'monitor', {0}, 0, 48, 37, 0, "
        "'{1}', 1, {2}, {3}, x'00', 0);",
        seq, kind, text(weapon), text(target));
  };
  auto incident = [](int id, std::string_view family, std::string_view kind) {
    return fmt::format(
        "INSERT INTO incidents (id, family, kind, lat, lon, uncertainty_m, first_at_us, "
        "last_at_us, report_count, source_count, source_kind_count, confidence, evidence_status, "
        "admin_region, updated_at_us, tally) VALUES ({0}, '{1}', '{2}', 48, 37, 1, 0, 0, 1, 1, 1, "
        "0.7, 'single_source', '', 0, '1|{1}|1|0|0|1|48|0|37|0,0,0,0,0,0,0,0,0,0,0,0|1|');",
        id, family, kind);
  };
  Sql(report(1, "weapon_sighting", "tank", "") + report(2, "weapon_sighting", "mlrs", "") +
      report(3, "missile_strike", "", "energy") +
      "INSERT INTO incident_members VALUES (1, 1), (2, 1), (3, 2);" +
      incident(1, "sighting", "weapon_sighting") + incident(2, "air_strike", "missile_strike"));

  auto store = OpenSqliteStore(path_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto sighting = (*store)->GetIncident(1);
  ASSERT_TRUE(sighting.ok()) << sighting.status().ToString();
  EXPECT_TRUE(sighting->summary.Saw(core::WeaponClass::kTank));
  EXPECT_TRUE(sighting->summary.Saw(core::WeaponClass::kMlrs));
  EXPECT_FALSE(sighting->summary.Saw(core::WeaponClass::kUav));
  EXPECT_EQ(sighting->summary.target_categories, 0u);
  auto strike = (*store)->GetIncident(2);
  ASSERT_TRUE(strike.ok());
  EXPECT_TRUE(strike->summary.Named(core::TargetCategory::kEnergy));
  EXPECT_EQ(strike->summary.weapon_classes, 0u);
  auto tally = (*store)->LoadIncidentTally(1);
  ASSERT_TRUE(tally.ok()) << tally.status().ToString();
  EXPECT_EQ(tally->weapon_classes, sighting->summary.weapon_classes);
}

TEST_F(SqliteStoreTest, SchemaFiveAddsPledgeUpdatesToAStoredRegistry) {
  std::ifstream in(std::string(TRUCELINE_SOURCE_DIR) + "/data/registry/coalition-2025-03-27.json");
  std::stringstream text;
  text << in.rdbuf();
  auto bundled = registry::ParseRegistry(text.str(), "bundled");
  ASSERT_TRUE(bundled.ok()) << bundled.status().ToString();
  RegistryChange change{core::FromUnixMicros(0), "planner-1", "coordinator", "import", "test"};
  // A store as version 4 left it, holding the imported registry (copied
  // from a current store: the registry's tables have not changed since).
  std::string current = (dir_ / "current.db").string();
  {
    auto store = OpenSqliteRegistryStore(current);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->AppendRegistry(*bundled, change).ok());
  }
  std::string v4;
  for (size_t m = 0; m < 4; ++m)
    v4 += sqlite_detail::Migrations()[m];
  v4 += fmt::format("PRAGMA application_id = {}; PRAGMA user_version = 4; ATTACH '{}' AS current;",
                    sqlite_detail::kApplicationId, current);
  for (const char* table :
       {"registry_meta", "registry_sources", "registry_nations", "registry_scopes",
        "registry_positions", "registry_pledges", "registry_meetings", "registry_statements",
        "aid_packages", "aid_deliveries", "registry_conflicts", "registry_citations",
        "registry_changes"}) {
    v4 += fmt::format("INSERT INTO main.{0} SELECT * FROM current.{0};", table);
  }
  Sql(v4);

  auto store = OpenSqliteRegistryStore(path_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(SqlValue("PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
  auto loaded = (*store)->LoadRegistry();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(registry::ToJson(*loaded), registry::ToJson(*bundled));

  registry::Registry more;
  more.as_of = *registry::ParseDate("2025-04-10");
  more.sources.push_back(
      {"april", *registry::ParseDate("2025-04-10"), registry::DateBasis::kStated, "", {}, ""});
  registry::PledgeUpdate update;
  update.pledge = "fr-package-2bn";
  update.change.status = registry::PledgeStatus::kConfirmed;
  update.change.date = *registry::ParseDate("2025-04-10");
  update.change.citations.push_back({"april", {}, "", "confirmed"});
  more.pledge_updates.push_back(update);
  change.action = "add";
  ASSERT_TRUE((*store)->AppendRegistry(more, change).ok());
  EXPECT_EQ(SqlValue("SELECT pledge || '/' || status || '/' || date FROM registry_pledge_updates"),
            "fr-package-2bn/confirmed/2025-04-10");
  EXPECT_EQ(SqlValue("SELECT fact_id FROM registry_citations WHERE fact_table = "
                     "'registry_pledge_updates'"),
            "fr-package-2bn:confirmed");
  EXPECT_EQ(SqlValue("SELECT doc FROM registry_pledges WHERE id = 'fr-package-2bn'"),
            registry::ToJson(bundled->pledges.at(0)).dump())
      << "the pledge's row is not rewritten";
}

}  // namespace
}  // namespace truceline::store
