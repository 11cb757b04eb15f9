// AccountService: logins, logouts and the authentication of requests.

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/accounts.hpp"
#include "app/audit.hpp"
#include "app/credentials.hpp"

namespace truceline::app {
namespace {

using core::ErrorCode;
using core::Status;

// One message for every failed login, so that a caller cannot tell an
// unknown user from a wrong password or a disabled account.
Status BadLogin() {
  return Status(ErrorCode::kUnauthenticated, "unknown user name or wrong password");
}
Status BadToken() {
  return Status(ErrorCode::kUnauthenticated, "the API token is invalid, expired or revoked");
}
Status BadSession() {
  return Status(ErrorCode::kUnauthenticated, "the session is invalid, expired or ended");
}

// The id and secret of "tl_<id>_<secret>"; nullopt when malformed.
std::optional<std::pair<uint64_t, std::string_view>> SplitToken(std::string_view text) {
  if (!text.starts_with("tl_")) return std::nullopt;
  text.remove_prefix(3);
  uint64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  if (!text.starts_with('_') || text.size() < 2) return std::nullopt;
  text.remove_prefix(1);
  return std::make_pair(id, text);
}

}  // namespace

core::Result<NewSession> AccountService::Login(std::string_view name, std::string_view password) {
  auto user = store_.FindUser(name);
  if (!user.ok()) {
    if (user.status().code() != ErrorCode::kNotFound) return user.status();
    detail::BurnPasswordCheck(password);
    return BadLogin();
  }
  bool matches = detail::VerifyPassword(user->password_hash, password);
  auto role = ParseRole(user->role);
  if (!matches || user->disabled || !role) return BadLogin();

  std::string cookie = detail::RandomSecret();
  core::UtcMicros now = clock_.Now();
  store::SessionRecord session{detail::HashSecret(cookie), user->name, detail::RandomSecret(), now,
                               now + kSessionLifetime,     false};
  Actor actor{user->name, *role};
  nlohmann::json audit_detail{{"session", session.id.substr(0, 16)},
                              {"expires_at", core::FormatRfc3339(session.expires_at)}};
  TRUCELINE_RETURN_IF_ERROR(store_.AddSession(
      session, MakeAuditAppend(clock_, actor, "session.login", fmt::format("user:{}", user->name),
                               audit_detail.dump())));
  Principal principal{user->name, *role, "session", session.csrf_token, session.expires_at};
  return NewSession{cookie, session.csrf_token, session.expires_at, principal};
}

core::Status AccountService::Logout(std::string_view cookie_value) {
  std::string id = detail::HashSecret(cookie_value);
  auto session = store_.FindSession(id);
  if (!session.ok()) {
    return session.status().code() == ErrorCode::kNotFound ? BadSession() : session.status();
  }
  if (session->revoked) return Status::Ok();
  auto user = store_.FindUser(session->user);
  Actor actor{session->user, Role::kObserver};
  if (user.ok()) actor.role = ParseRole(user->role).value_or(Role::kObserver);
  nlohmann::json audit_detail{{"session", id.substr(0, 16)}};
  return store_.RevokeSession(
      id, MakeAuditAppend(clock_, actor, "session.logout", fmt::format("user:{}", session->user),
                          audit_detail.dump()));
}

core::Result<Principal> AccountService::AuthenticateToken(std::string_view secret) {
  auto parts = SplitToken(secret);
  if (!parts) return BadToken();
  auto token = store_.FindToken(parts->first);
  if (!token.ok()) {
    return token.status().code() == ErrorCode::kNotFound ? BadToken() : token.status();
  }
  bool matches = detail::ConstantTimeEquals(detail::HashSecret(parts->second), token->secret_hash);
  if (!matches || token->revoked_at || clock_.Now() >= token->expires_at) return BadToken();
  auto user = store_.FindUser(token->user);
  if (!user.ok()) {
    return user.status().code() == ErrorCode::kNotFound ? BadToken() : user.status();
  }
  auto role = ParseRole(user->role);
  if (user->disabled || !role) return BadToken();
  return Principal{user->name, *role, fmt::format("token:{}", token->id), "", token->expires_at};
}

core::Result<Principal> AccountService::AuthenticateSession(std::string_view cookie_value) {
  if (cookie_value.empty()) return BadSession();
  auto session = store_.FindSession(detail::HashSecret(cookie_value));
  if (!session.ok()) {
    return session.status().code() == ErrorCode::kNotFound ? BadSession() : session.status();
  }
  if (session->revoked || clock_.Now() >= session->expires_at) return BadSession();
  auto user = store_.FindUser(session->user);
  if (!user.ok()) {
    return user.status().code() == ErrorCode::kNotFound ? BadSession() : user.status();
  }
  auto role = ParseRole(user->role);
  if (user->disabled || !role) return BadSession();
  return Principal{user->name, *role, "session", session->csrf_token, session->expires_at};
}

bool CsrfTokenMatches(const Principal& principal, std::string_view presented) {
  if (principal.credential != "session" || principal.csrf_token.empty() || presented.empty()) {
    return false;
  }
  return detail::ConstantTimeEquals(principal.csrf_token, presented);
}

}  // namespace truceline::app
