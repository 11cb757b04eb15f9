// What is particular to the SQLite backend: schema migrations, foreign
// files, WAL, durability settings.

#include "store/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

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
  {
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok());
    std::vector<core::Report> batch(3);
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].source = "s";
      batch[i].id = std::to_string(i);
      batch[i].observed_at = core::FromUnixMicros(static_cast<int64_t>(i));
    }
    batch[0].kind = core::ReportKind::kWeaponSighting;
    batch[0].weapon_class = core::WeaponClass::kTank;
    batch[1].kind = core::ReportKind::kWeaponSighting;
    batch[1].weapon_class = core::WeaponClass::kMlrs;
    batch[2].target_category = core::TargetCategory::kEnergy;
    std::vector<core::ContentDigest> digests;
    for (const auto& r : batch)
      digests.push_back(core::DigestReportContent(r));
    ASSERT_TRUE((*store)->AppendReports(batch, digests, core::FromUnixMicros(0)).ok());
    FusionUpdate update;
    update.members = {{1, 1}, {2, 1}, {3, 2}};
    for (uint64_t id : {1, 2}) {
      FusionUpdate::Changed changed;
      changed.incident.id = id;
      update.incidents.push_back(changed);
    }
    update.state.fused_up_to_seq = 3;
    update.state.next_incident = 3;
    ASSERT_TRUE((*store)->ApplyFusion(update, core::FromUnixMicros(0)).ok());
  }
  // A store written before schema 4: the columns do not exist yet.
  Sql("ALTER TABLE incidents DROP COLUMN weapon_classes;"
      "ALTER TABLE incidents DROP COLUMN target_categories; PRAGMA user_version = 3");
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

}  // namespace
}  // namespace truceline::store
