// AuditTrail: a chain of entries verifies; an edited field, a deleted middle
// entry, a truncated tail, a reordered entry are each caught at the right
// seq; SQLite itself refuses UPDATE and DELETE of the log (the tampering
// below first drops those triggers, as someone with the file could).

#include "app/audit.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/accounts.hpp"

namespace truceline::app {
namespace {

const Actor kAnalyst{"zoe", Role::kAnalyst};

class AuditTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-audit-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "store.db").string();
    auto opened = OpenAccountStore(path_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    trail_ = std::make_unique<AuditTrail>(*store_, clock_);
  }
  void TearDown() override {
    trail_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void AppendN(int n) {
    for (int i = 1; i <= n; ++i) {
      clock_.Set(clock_.Now() + std::chrono::seconds(1));
      auto e = trail_->Append(kAnalyst, "incident.review", fmt::format("incident:{}", i),
                              fmt::format(R"({{"n":{}}})", i));
      ASSERT_TRUE(e.ok()) << e.status().ToString();
    }
  }
  // Runs `sql` on the database file directly; returns SQLite's message or "".
  std::string Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    char* error = nullptr;
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    return message;
  }
  AuditTrail::Verification Verify() {
    auto v = trail_->Verify();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : AuditTrail::Verification{};
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string path_;
  core::FixedClock clock_{core::FromUnixMicros(1'764'633'600LL * 1'000'000)};
  std::unique_ptr<store::AccountStore> store_;
  std::unique_ptr<AuditTrail> trail_;
};

TEST_F(AuditTrailTest, AChainOfEntriesVerifies) {
  auto empty = Verify();
  EXPECT_TRUE(empty.ok);
  EXPECT_EQ(empty.entries, 0u);
  AppendN(20);
  auto v = Verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.entries, 20u);
  EXPECT_EQ(v.head_hash.size(), 64u);

  std::vector<AuditEntry> entries;
  ASSERT_TRUE(trail_
                  ->Scan(0, 0,
                         [&](const AuditEntry& e) {
                           entries.push_back(e);
                           return true;
                         })
                  .ok());
  ASSERT_EQ(entries.size(), 20u);
  EXPECT_EQ(entries[0].prev_hash, std::string(64, '0'));
  for (size_t i = 1; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, i + 1);
    EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash);
  }
  EXPECT_EQ(entries[3].actor, "zoe");
  EXPECT_EQ(entries[3].role, "analyst");
  EXPECT_EQ(entries[3].detail, R"({"n":4})");
  EXPECT_EQ(AuditHash(entries[3]), entries[3].hash);
}

TEST_F(AuditTrailTest, TheHashCoversEveryField) {
  AppendN(1);
  AuditEntry e;
  ASSERT_TRUE(trail_
                  ->Scan(0, 1,
                         [&](const AuditEntry& x) {
                           e = x;
                           return false;
                         })
                  .ok());
  std::vector<std::function<void(AuditEntry&)>> edits{
      [](AuditEntry& x) { ++x.seq; },
      [](AuditEntry& x) { x.at += std::chrono::microseconds(1); },
      [](AuditEntry& x) { x.actor += "x"; },
      [](AuditEntry& x) { x.role = "admin"; },
      [](AuditEntry& x) { x.action += "x"; },
      [](AuditEntry& x) { x.target += "x"; },
      [](AuditEntry& x) { x.detail = R"({"n":2})"; },
      [](AuditEntry& x) { x.prev_hash[0] = '1'; },
      // Moving a byte between adjacent fields changes the hash too.
      [](AuditEntry& x) {
        x.actor += x.role.substr(0, 1);
        x.role.erase(0, 1);
      },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    AuditEntry edited = e;
    edits[i](edited);
    EXPECT_NE(AuditHash(edited), e.hash) << "edit " << i;
  }
}

TEST_F(AuditTrailTest, RefusesDetailThatIsNotAJsonObject) {
  EXPECT_EQ(trail_->Append(kAnalyst, "x", "y", "[1]").status().code(),
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(trail_->Append(kAnalyst, "x", "y", "{").status().code(),
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(trail_->Append(kAnalyst, "", "y", "{}").status().code(),
            core::ErrorCode::kInvalidArgument);
  auto empty_detail = trail_->Append(kAnalyst, "x", "y", "");
  ASSERT_TRUE(empty_detail.ok());
  EXPECT_EQ(empty_detail->detail, "{}");
}

TEST_F(AuditTrailTest, SqliteRefusesUpdateAndDelete) {
  AppendN(3);
  EXPECT_NE(Sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").find("append-only"),
            std::string::npos);
  EXPECT_NE(Sql("DELETE FROM audit_log WHERE seq = 3").find("append-only"), std::string::npos);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditTrailTest, AnEditedFieldIsCaughtAtItsSeq) {
  AppendN(10);
  EXPECT_EQ(Sql("DROP TRIGGER audit_log_no_update; "
                "UPDATE audit_log SET detail = '{\"n\":99}' WHERE seq = 6"),
            "");
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 6u);
  EXPECT_NE(v.reason.find("altered"), std::string::npos) << v.reason;
}

TEST_F(AuditTrailTest, ADeletedMiddleEntryIsCaught) {
  AppendN(10);
  EXPECT_EQ(Sql("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 4"), "");
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4u);
  EXPECT_NE(v.reason.find("missing"), std::string::npos) << v.reason;
}

TEST_F(AuditTrailTest, ADeletedAndRenumberedEntryIsCaught) {
  AppendN(6);
  // Remove entry 3 and close the gap: the chain of prev_hash still breaks.
  EXPECT_EQ(Sql("DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update; "
                "DELETE FROM audit_log WHERE seq = 3; "
                "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3; "
                "UPDATE audit_head SET seq = 5"),
            "");
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3u);
}

TEST_F(AuditTrailTest, SwappedEntriesAreCaught) {
  AppendN(5);
  EXPECT_EQ(Sql("DROP TRIGGER audit_log_no_update; "
                "UPDATE audit_log SET seq = 100 WHERE seq = 2; "
                "UPDATE audit_log SET seq = 2 WHERE seq = 3; "
                "UPDATE audit_log SET seq = 3 WHERE seq = 100"),
            "");
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2u);
}

TEST_F(AuditTrailTest, ATruncatedTailIsCaughtByTheHead) {
  AppendN(8);
  EXPECT_EQ(Sql("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 7"), "");
  auto v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.entries, 6u);
  EXPECT_EQ(v.first_bad_seq, 7u);
  // Appending after the truncation continues from the head, so the gap stays.
  AppendN(1);
  v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 7u);
}

TEST_F(AuditTrailTest, AccountChangesAreInTheChain) {
  AccountService accounts(*store_, clock_);
  ASSERT_TRUE(
      accounts.AddUser({"root", Role::kAdmin}, "zoe", Role::kAnalyst, "a long password").ok());
  AppendN(1);
  auto v = Verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.entries, 2u);
  std::string json;
  ASSERT_TRUE(trail_
                  ->Scan(0, 1,
                         [&](const AuditEntry& e) {
                           json = AuditEntryJson(e);
                           return true;
                         })
                  .ok());
  EXPECT_NE(json.find(R"("action":"user.add")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("detail":{"role":"analyst"})"), std::string::npos) << json;
}

}  // namespace
}  // namespace truceline::app
