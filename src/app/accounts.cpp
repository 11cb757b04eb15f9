#include "app/accounts.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/audit.hpp"
#include "app/credentials.hpp"
#include "store/sqlite/sqlite_account_store.hpp"

namespace truceline::app {
namespace {

using core::ErrorCode;
using core::Status;

bool ValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status CheckUserName(std::string_view name) {
  if (ValidUserName(name)) return Status::Ok();
  return Status(ErrorCode::kInvalidArgument,
                fmt::format("user name '{}': expected 1 to 64 characters from a-z, 0-9, '.', "
                            "'_' and '-'",
                            name));
}

Status CheckPassword(std::string_view password) {
  if (password.size() < AccountService::kMinPasswordLength) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("the password is too short: at least {} characters",
                              AccountService::kMinPasswordLength));
  }
  if (password.size() > AccountService::kMaxPasswordLength) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("the password is too long: at most {} characters",
                              AccountService::kMaxPasswordLength));
  }
  return Status::Ok();
}

Status RequireAdmin(const Actor& by, std::string_view what) {
  if (by.role == Role::kAdmin) return Status::Ok();
  return Status(ErrorCode::kForbidden, fmt::format("{} ({}) may not {}: it needs the admin role",
                                                   by.name, RoleName(by.role), what));
}

Status RequireAdminOrSelf(const Actor& by, std::string_view user, std::string_view what) {
  if (by.role == Role::kAdmin || by.name == user) return Status::Ok();
  return Status(ErrorCode::kForbidden,
                fmt::format("{} ({}) may not {} of '{}': only an admin or the user themself may",
                            by.name, RoleName(by.role), what, user));
}

}  // namespace

core::Result<std::unique_ptr<store::AccountStore>> OpenAccountStore(const std::string& location) {
  std::string_view path = location;
  if (path.starts_with("sqlite:")) path.remove_prefix(7);
  if (path.empty()) return Status(ErrorCode::kInvalidArgument, "no store given (--db PATH)");
  return store::OpenSqliteAccountStore(std::string(path));
}

std::string GeneratePassword() {
  (void)detail::InitSodium();
  return detail::RandomSecret();
}

AccountService::AccountService(store::AccountStore& store, const core::Clock& clock)
    : store_(store), clock_(clock) {
  // sodium_init only fails when the system has no random source; every
  // use below then fails loudly in libsodium itself.
  (void)detail::InitSodium();
}

core::Status AccountService::AddUser(const Actor& by, std::string_view name, Role role,
                                     std::string_view password) {
  TRUCELINE_RETURN_IF_ERROR(RequireAdmin(by, "add users"));
  TRUCELINE_RETURN_IF_ERROR(CheckUserName(name));
  TRUCELINE_RETURN_IF_ERROR(CheckPassword(password));
  if (store_.FindUser(name).ok()) {
    return Status(ErrorCode::kAlreadyExists, fmt::format("the user '{}' already exists", name));
  }
  auto hash = detail::HashPassword(password);
  if (!hash.ok()) return hash.status();
  store::UserRecord user{std::string(name), std::string(RoleName(role)), *hash, clock_.Now(),
                         false};
  nlohmann::json detail{{"role", user.role}};
  return store_.AddUser(
      user, MakeAuditAppend(clock_, by, "user.add", fmt::format("user:{}", name), detail.dump()));
}

core::Status AccountService::SetPassword(const Actor& by, std::string_view name,
                                         std::string_view password) {
  TRUCELINE_RETURN_IF_ERROR(RequireAdminOrSelf(by, name, "set the password"));
  TRUCELINE_RETURN_IF_ERROR(CheckPassword(password));
  auto hash = detail::HashPassword(password);
  if (!hash.ok()) return hash.status();
  return store_.SetPasswordHash(
      name, *hash,
      MakeAuditAppend(clock_, by, "user.password", fmt::format("user:{}", name), "{}"));
}

core::Status AccountService::SetUserDisabled(const Actor& by, std::string_view name,
                                             bool disabled) {
  TRUCELINE_RETURN_IF_ERROR(RequireAdmin(by, disabled ? "disable users" : "enable users"));
  return store_.SetUserDisabled(
      name, disabled,
      MakeAuditAppend(clock_, by, disabled ? "user.disable" : "user.enable",
                      fmt::format("user:{}", name), "{}"));
}

core::Result<NewToken> AccountService::CreateToken(const Actor& by, std::string_view user,
                                                   std::chrono::seconds lifetime) {
  TRUCELINE_RETURN_IF_ERROR(RequireAdminOrSelf(by, user, "create a token"));
  if (lifetime < kMinTokenLifetime || lifetime > kMaxTokenLifetime) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("a token's lifetime must be between 1 hour and 400 days, not {} s",
                              lifetime.count()));
  }
  auto owner = store_.FindUser(user);
  if (!owner.ok()) return owner.status();
  if (owner->disabled) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("the user '{}' is disabled: no token can be created", user));
  }
  std::string secret = detail::RandomSecret();
  core::UtcMicros now = clock_.Now();
  store::TokenRecord token{0,   std::string(user), detail::HashSecret(secret),
                           now, now + lifetime,    std::nullopt};
  nlohmann::json audit_detail{{"user", token.user},
                              {"expires_at", core::FormatRfc3339(token.expires_at)}};
  auto id =
      store_.AddToken(token, MakeAuditAppend(clock_, by, "token.create", "", audit_detail.dump()));
  if (!id.ok()) return id.status();
  return NewToken{*id, fmt::format("tl_{}_{}", *id, secret), token.expires_at};
}

core::Status AccountService::RevokeToken(const Actor& by, uint64_t token_id) {
  auto token = store_.FindToken(token_id);
  if (!token.ok()) return token.status();
  TRUCELINE_RETURN_IF_ERROR(RequireAdminOrSelf(by, token->user, "revoke a token"));
  nlohmann::json detail{{"user", token->user}};
  return store_.RevokeToken(token_id, clock_.Now(),
                            MakeAuditAppend(clock_, by, "token.revoke",
                                            fmt::format("token:{}", token_id), detail.dump()));
}

core::Result<std::vector<store::UserRecord>> AccountService::ListUsers(const Actor& by) {
  TRUCELINE_RETURN_IF_ERROR(RequireAdmin(by, "list users"));
  auto users = store_.ListUsers();
  if (!users.ok()) return users.status();
  for (auto& u : *users)
    u.password_hash.clear();
  return users;
}

core::Result<std::vector<store::TokenRecord>> AccountService::ListTokens(const Actor& by,
                                                                         std::string_view user) {
  if (user.empty()) {
    TRUCELINE_RETURN_IF_ERROR(RequireAdmin(by, "list every user's tokens"));
  } else {
    TRUCELINE_RETURN_IF_ERROR(RequireAdminOrSelf(by, user, "list the tokens"));
  }
  auto tokens = store_.ListTokens(user);
  if (!tokens.ok()) return tokens.status();
  for (auto& t : *tokens)
    t.secret_hash.clear();
  return tokens;
}

}  // namespace truceline::app
