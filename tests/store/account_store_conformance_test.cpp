// The AccountStore conformance suite: what every backend must do with
// users, tokens, sessions and the audit log, written against the interface
// only. A backend joins by adding a factory to kBackends. The audit seal
// here is a stand-in (the store never computes hashes itself).

#include <filesystem>
#include <functional>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/account_store.hpp"
#include "store/sqlite/sqlite_account_store.hpp"

namespace truceline::store {
namespace {

struct AccountBackend {
  std::string name;
  std::function<core::Result<std::unique_ptr<AccountStore>>(const std::filesystem::path& scratch)>
      open;
};

const AccountBackend kBackends[] = {
    {"sqlite",
     [](const std::filesystem::path& scratch) {
       return OpenSqliteAccountStore((scratch / "store.db").string());
     }},
};

core::UtcMicros T(int64_t seconds) {
  return core::FromUnixMicros(seconds * 1'000'000);
}

// Not a cryptographic hash: enough to see that the store passes the entry
// with its seq and prev_hash to the seal and keeps what the seal returns.
std::string FakeSeal(const AuditEntry& e) {
  return fmt::format("h{}<{}>{}", e.seq, e.prev_hash.substr(0, 3), e.action);
}

AuditAppend Audit(const std::string& action, const std::string& target = "t") {
  AuditAppend a;
  a.entry.at = T(1'000);
  a.entry.actor = "root";
  a.entry.role = "admin";
  a.entry.action = action;
  a.entry.target = target;
  a.entry.detail = R"({"k":1})";
  a.seal = &FakeSeal;
  return a;
}

UserRecord User(const std::string& name, const std::string& role = "analyst") {
  return {name, role, "$argon2id$fake", T(100), false};
}

class AccountStoreConformanceTest : public ::testing::TestWithParam<AccountBackend> {
 protected:
  void SetUp() override {
    scratch_ = std::filesystem::temp_directory_path() /
               fmt::format("truceline-account-store-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(scratch_);
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(scratch_);
  }
  void Reopen() {
    store_.reset();
    auto opened = GetParam().open(scratch_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
  }
  std::vector<AuditEntry> AuditLog() {
    std::vector<AuditEntry> out;
    EXPECT_TRUE(store_
                    ->ScanAudit(0, 0,
                                [&](const AuditEntry& e) {
                                  out.push_back(e);
                                  return true;
                                })
                    .ok());
    return out;
  }

  static inline int counter_ = 0;
  std::filesystem::path scratch_;
  std::unique_ptr<AccountStore> store_;
};

TEST_P(AccountStoreConformanceTest, UsersAreStoredFoundAndListedByName) {
  ASSERT_TRUE(store_->AddUser(User("zoe"), Audit("user.add")).ok());
  ASSERT_TRUE(store_->AddUser(User("amir", "admin"), Audit("user.add")).ok());
  auto taken = store_->AddUser(User("zoe", "admin"), Audit("user.add"));
  EXPECT_EQ(taken.code(), core::ErrorCode::kAlreadyExists);
  Reopen();
  auto zoe = store_->FindUser("zoe");
  ASSERT_TRUE(zoe.ok()) << zoe.status().ToString();
  EXPECT_EQ(zoe->role, "analyst");
  EXPECT_EQ(zoe->password_hash, "$argon2id$fake");
  EXPECT_EQ(zoe->created_at, T(100));
  EXPECT_FALSE(zoe->disabled);
  EXPECT_EQ(store_->FindUser("nobody").status().code(), core::ErrorCode::kNotFound);
  auto users = store_->ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "amir");
  EXPECT_EQ((*users)[1].name, "zoe");
  // The refused add wrote no audit entry.
  EXPECT_EQ(AuditLog().size(), 2u);
}

TEST_P(AccountStoreConformanceTest, PasswordChangeRevokesSessionsButNotTokens) {
  ASSERT_TRUE(store_->AddUser(User("zoe"), Audit("user.add")).ok());
  ASSERT_TRUE(store_->AddSession({"s1", "zoe", "csrf", T(1), T(2), false}, Audit("login")).ok());
  auto token = store_->AddToken({0, "zoe", "abc", T(1), T(9), std::nullopt}, Audit("token"));
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(store_->SetPasswordHash("zoe", "$argon2id$new", Audit("user.password")).ok());
  EXPECT_EQ(store_->FindUser("zoe")->password_hash, "$argon2id$new");
  EXPECT_TRUE(store_->FindSession("s1")->revoked);
  EXPECT_FALSE(store_->FindToken(*token)->revoked_at.has_value());
  EXPECT_EQ(store_->SetPasswordHash("nobody", "x", Audit("user.password")).code(),
            core::ErrorCode::kNotFound);
  ASSERT_TRUE(store_->SetUserDisabled("zoe", true, Audit("user.disable")).ok());
  EXPECT_TRUE(store_->FindUser("zoe")->disabled);
}

TEST_P(AccountStoreConformanceTest, TokensGetIncreasingIdsAndRevokeOnce) {
  EXPECT_EQ(
      store_->AddToken({0, "ghost", "h", T(1), T(9), std::nullopt}, Audit("token")).status().code(),
      core::ErrorCode::kNotFound);
  ASSERT_TRUE(store_->AddUser(User("zoe"), Audit("user.add")).ok());
  ASSERT_TRUE(store_->AddUser(User("amir"), Audit("user.add")).ok());
  auto first = store_->AddToken({0, "zoe", "h1", T(1), T(9), std::nullopt}, Audit("token"));
  auto second = store_->AddToken({0, "amir", "h2", T(2), T(8), std::nullopt}, Audit("token"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_LT(*first, *second);
  auto stored = store_->FindToken(*second);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->user, "amir");
  EXPECT_EQ(stored->secret_hash, "h2");
  EXPECT_EQ(stored->expires_at, T(8));
  EXPECT_EQ(store_->ListTokens("zoe")->size(), 1u);
  EXPECT_EQ(store_->ListTokens("")->size(), 2u);
  // The store names the token in its audit entry.
  EXPECT_EQ(AuditLog().back().target, fmt::format("token:{}", *second));

  ASSERT_TRUE(store_->RevokeToken(*first, T(5), Audit("token.revoke")).ok());
  size_t entries = AuditLog().size();
  ASSERT_TRUE(store_->RevokeToken(*first, T(6), Audit("token.revoke")).ok());
  EXPECT_EQ(AuditLog().size(), entries);  // nothing changed, nothing appended
  EXPECT_EQ(store_->FindToken(*first)->revoked_at, T(5));
  EXPECT_EQ(store_->RevokeToken(999, T(5), Audit("token.revoke")).code(),
            core::ErrorCode::kNotFound);
}

TEST_P(AccountStoreConformanceTest, SessionsAreFoundByIdAndRevoked) {
  ASSERT_TRUE(store_->AddUser(User("zoe"), Audit("user.add")).ok());
  SessionRecord s{"id-1", "zoe", "csrf-1", T(10), T(20), false};
  ASSERT_TRUE(store_->AddSession(s, Audit("login")).ok());
  EXPECT_EQ(store_->AddSession(s, Audit("login")).code(), core::ErrorCode::kAlreadyExists);
  auto found = store_->FindSession("id-1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->user, "zoe");
  EXPECT_EQ(found->csrf_token, "csrf-1");
  EXPECT_EQ(found->expires_at, T(20));
  EXPECT_FALSE(found->revoked);
  ASSERT_TRUE(store_->RevokeSession("id-1", Audit("logout")).ok());
  EXPECT_TRUE(store_->FindSession("id-1")->revoked);
  EXPECT_EQ(store_->FindSession("id-2").status().code(), core::ErrorCode::kNotFound);
  EXPECT_EQ(store_->RevokeSession("id-2", Audit("logout")).code(), core::ErrorCode::kNotFound);
}

TEST_P(AccountStoreConformanceTest, AuditEntriesChainThroughTheSealAndTheHead) {
  auto head = store_->ReadAuditHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->seq, 0u);
  auto first = store_->AppendAudit(Audit("a"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->seq, 1u);
  EXPECT_EQ(first->prev_hash, std::string(64, '0'));
  EXPECT_EQ(first->hash, "h1<000>a");
  ASSERT_TRUE(store_->AddUser(User("zoe"), Audit("user.add")).ok());
  Reopen();
  auto third = store_->AppendAudit(Audit("c"));
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->seq, 3u);
  EXPECT_EQ(third->prev_hash, "h2<h1<>user.add");
  auto log = AuditLog();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].action, "user.add");
  EXPECT_EQ(log[1].detail, R"({"k":1})");
  EXPECT_EQ(log[1].at, T(1'000));
  EXPECT_EQ(log[1].actor, "root");
  EXPECT_EQ(log[1].role, "admin");
  head = store_->ReadAuditHead();
  EXPECT_EQ(head->seq, 3u);
  EXPECT_EQ(head->hash, third->hash);

  std::vector<uint64_t> seen;
  ASSERT_TRUE(store_
                  ->ScanAudit(1, 1,
                              [&](const AuditEntry& e) {
                                seen.push_back(e.seq);
                                return true;
                              })
                  .ok());
  EXPECT_EQ(seen, std::vector<uint64_t>{2});
}

TEST_P(AccountStoreConformanceTest, AFailedChangeAppendsNoAuditEntry) {
  AuditAppend unsealed = Audit("user.add");
  unsealed.seal = nullptr;
  EXPECT_FALSE(store_->AddUser(User("zoe"), unsealed).ok());
  EXPECT_EQ(store_->FindUser("zoe").status().code(), core::ErrorCode::kNotFound);
  EXPECT_TRUE(AuditLog().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreConformanceTest, ::testing::ValuesIn(kBackends),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace truceline::store
