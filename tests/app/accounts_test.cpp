// AccountService: who may manage accounts and tokens, logins with one
// failure message, and the expiry and revocation of tokens and sessions
// under a fixed clock. Each password hash costs ~0.1 s: tests add few users.

#include "app/accounts.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/audit.hpp"

namespace truceline::app {
namespace {

using core::ErrorCode;
using std::chrono::hours;

const Actor kAdmin{"root", Role::kAdmin};
constexpr std::string_view kPassword = "correct horse battery";

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-accounts-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
    auto opened = OpenAccountStore((dir_ / "store.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    accounts_ = std::make_unique<AccountService>(*store_, clock_);
  }
  void TearDown() override {
    accounts_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void AddAnalyst(const std::string& name) {
    ASSERT_TRUE(accounts_->AddUser(kAdmin, name, Role::kAnalyst, kPassword).ok());
  }
  std::vector<std::string> Actions() {
    std::vector<std::string> out;
    AuditTrail trail(*store_, clock_);
    EXPECT_TRUE(trail
                    .Scan(0, 0,
                          [&](const AuditEntry& e) {
                            out.push_back(e.action + " " + e.target + " by " + e.actor);
                            return true;
                          })
                    .ok());
    return out;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  core::FixedClock clock_{core::FromUnixMicros(1'764'633'600LL * 1'000'000)};
  std::unique_ptr<store::AccountStore> store_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_F(AccountServiceTest, OnlyAnAdminAddsAndListsUsers) {
  Actor coordinator{"plan", Role::kCoordinator};
  EXPECT_EQ(accounts_->AddUser(coordinator, "zoe", Role::kAnalyst, kPassword).code(),
            ErrorCode::kForbidden);
  EXPECT_EQ(accounts_->ListUsers(coordinator).status().code(), ErrorCode::kForbidden);
  AddAnalyst("zoe");
  EXPECT_EQ(accounts_->AddUser(kAdmin, "zoe", Role::kAdmin, kPassword).code(),
            ErrorCode::kAlreadyExists);
  auto users = accounts_->ListUsers(kAdmin);
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].role, "analyst");
  EXPECT_TRUE((*users)[0].password_hash.empty());  // never handed out
  EXPECT_EQ(Actions(), std::vector<std::string>{"user.add user:zoe by root"});
}

TEST_F(AccountServiceTest, RefusesBadNamesAndPasswords) {
  for (std::string_view name : {"", "Zoe", "zoe smith", "zoé", "a/b"}) {
    EXPECT_EQ(accounts_->AddUser(kAdmin, name, Role::kAnalyst, kPassword).code(),
              ErrorCode::kInvalidArgument)
        << name;
  }
  EXPECT_EQ(accounts_->AddUser(kAdmin, std::string(65, 'a'), Role::kAnalyst, kPassword).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->AddUser(kAdmin, "zoe", Role::kAnalyst, "short-11ch").code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->AddUser(kAdmin, "zoe", Role::kAnalyst, std::string(1025, 'x')).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Actions().empty());
}

TEST_F(AccountServiceTest, LoginFailsWithOneMessageWhateverTheCause) {
  AddAnalyst("zoe");
  auto ok = accounts_->Login("zoe", kPassword);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->principal.user, "zoe");
  EXPECT_EQ(ok->principal.role, Role::kAnalyst);
  EXPECT_EQ(ok->principal.credential, "session");
  EXPECT_EQ(ok->expires_at, clock_.Now() + hours(12));
  EXPECT_FALSE(ok->csrf_token.empty());
  EXPECT_NE(ok->cookie_value, ok->csrf_token);

  auto wrong = accounts_->Login("zoe", "not the password");
  auto unknown = accounts_->Login("nobody", kPassword);
  ASSERT_TRUE(accounts_->SetUserDisabled(kAdmin, "zoe", true).ok());
  auto disabled = accounts_->Login("zoe", kPassword);
  for (const auto* failed : {&wrong, &unknown, &disabled}) {
    ASSERT_FALSE(failed->ok());
    EXPECT_EQ(failed->status().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(failed->status().message(), wrong.status().message());
  }
  // Disabling ended the session opened before.
  EXPECT_EQ(accounts_->AuthenticateSession(ok->cookie_value).status().code(),
            ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, SessionsExpireAfterTwelveHoursAndEndAtLogout) {
  AddAnalyst("zoe");
  auto session = accounts_->Login("zoe", kPassword);
  ASSERT_TRUE(session.ok());
  auto principal = accounts_->AuthenticateSession(session->cookie_value);
  ASSERT_TRUE(principal.ok()) << principal.status().ToString();
  EXPECT_EQ(principal->csrf_token, session->csrf_token);
  EXPECT_EQ(principal->actor().name, "zoe");
  EXPECT_TRUE(CsrfTokenMatches(*principal, session->csrf_token));
  EXPECT_FALSE(CsrfTokenMatches(*principal, session->cookie_value));
  EXPECT_FALSE(CsrfTokenMatches(*principal, ""));
  EXPECT_EQ(accounts_->AuthenticateSession("forged").status().code(), ErrorCode::kUnauthenticated);

  clock_.Set(clock_.Now() + hours(12));
  EXPECT_EQ(accounts_->AuthenticateSession(session->cookie_value).status().code(),
            ErrorCode::kUnauthenticated);

  clock_.Set(clock_.Now() - hours(1));
  ASSERT_TRUE(accounts_->Logout(session->cookie_value).ok());
  EXPECT_TRUE(accounts_->Logout(session->cookie_value).ok());  // again: nothing to do
  EXPECT_EQ(accounts_->AuthenticateSession(session->cookie_value).status().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->Logout("forged").code(), ErrorCode::kUnauthenticated);
  auto actions = Actions();
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[1], "session.login user:zoe by zoe");
  EXPECT_EQ(actions[2], "session.logout user:zoe by zoe");
}

TEST_F(AccountServiceTest, TokensAuthenticateUntilTheyExpireOrAreRevoked) {
  AddAnalyst("zoe");
  AddAnalyst("amir");
  Actor zoe{"zoe", Role::kAnalyst};
  EXPECT_EQ(accounts_->CreateToken(zoe, "amir", hours(24)).status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(accounts_->CreateToken(zoe, "zoe", std::chrono::minutes(59)).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->CreateToken(zoe, "zoe", std::chrono::days(401)).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->CreateToken(kAdmin, "nobody", hours(24)).status().code(),
            ErrorCode::kNotFound);

  auto token = accounts_->CreateToken(zoe, "zoe", hours(24));
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_TRUE(token->secret.starts_with(fmt::format("tl_{}_", token->id)));
  auto principal = accounts_->AuthenticateToken(token->secret);
  ASSERT_TRUE(principal.ok()) << principal.status().ToString();
  EXPECT_EQ(principal->user, "zoe");
  EXPECT_EQ(principal->credential, fmt::format("token:{}", token->id));
  EXPECT_TRUE(principal->csrf_token.empty());
  EXPECT_EQ(principal->expires_at, clock_.Now() + hours(24));

  // A changed secret, another id, or garbage: one answer.
  std::string tampered = token->secret;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  for (const std::string& bad :
       {tampered, fmt::format("tl_{}_{}", token->id + 1, token->secret.substr(5)),
        std::string("tl_x_y"), std::string("Bearer"), std::string()}) {
    EXPECT_EQ(accounts_->AuthenticateToken(bad).status().code(), ErrorCode::kUnauthenticated)
        << bad;
  }

  clock_.Set(clock_.Now() + hours(24));
  EXPECT_EQ(accounts_->AuthenticateToken(token->secret).status().code(),
            ErrorCode::kUnauthenticated);
  clock_.Set(clock_.Now() - hours(2));
  EXPECT_TRUE(accounts_->AuthenticateToken(token->secret).ok());

  Actor amir{"amir", Role::kAnalyst};
  EXPECT_EQ(accounts_->RevokeToken(amir, token->id).code(), ErrorCode::kForbidden);
  EXPECT_EQ(accounts_->RevokeToken(kAdmin, token->id + 100).code(), ErrorCode::kNotFound);
  ASSERT_TRUE(accounts_->RevokeToken(zoe, token->id).ok());
  EXPECT_EQ(accounts_->AuthenticateToken(token->secret).status().code(),
            ErrorCode::kUnauthenticated);
  auto actions = Actions();
  EXPECT_EQ(actions[2], fmt::format("token.create token:{} by zoe", token->id));
  EXPECT_EQ(actions[3], fmt::format("token.revoke token:{} by zoe", token->id));
}

TEST_F(AccountServiceTest, UsersSetTheirOwnPasswordAndEndTheirSessions) {
  AddAnalyst("zoe");
  auto session = accounts_->Login("zoe", kPassword);
  ASSERT_TRUE(session.ok());
  Actor amir{"amir", Role::kAnalyst};
  EXPECT_EQ(accounts_->SetPassword(amir, "zoe", "another long password").code(),
            ErrorCode::kForbidden);
  EXPECT_EQ(accounts_->SetPassword(kAdmin, "nobody", "another long password").code(),
            ErrorCode::kNotFound);
  ASSERT_TRUE(accounts_->SetPassword({"zoe", Role::kAnalyst}, "zoe", "another long password").ok());
  EXPECT_EQ(accounts_->AuthenticateSession(session->cookie_value).status().code(),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->Login("zoe", kPassword).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(accounts_->Login("zoe", "another long password").ok());
}

}  // namespace
}  // namespace truceline::app
