#pragma once
// User accounts, API tokens and browser sessions: who may act, and how a
// request proves who it is. Passwords are hashed with argon2id (libsodium
// crypto_pwhash_str, interactive limits); token and cookie secrets are 32
// random bytes in URL-safe base64 without padding, stored only as their
// BLAKE2b-256 hashes. Every change (user added, password set, token created
// or revoked, login, logout) appends an audit entry in the same transaction.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "store/account_store.hpp"

namespace truceline::app {

// Who a request is, once authenticated.
struct Principal {
  std::string user;
  Role role = Role::kObserver;
  std::string credential;  // "token:<id>" or "session"
  std::string csrf_token;  // the session's CSRF token (empty for tokens)
  core::UtcMicros expires_at{};
  Actor actor() const { return Actor{user, role}; }
};

// A token as created: `secret` ("tl_<id>_<43 base64url chars>") is what the
// client sends as "Authorization: Bearer <secret>"; it is shown once.
struct NewToken {
  uint64_t id = 0;
  std::string secret;
  core::UtcMicros expires_at{};
};

// A session as created by a login: `cookie_value` goes into the session
// cookie, `csrf_token` into the page (and back in a header on every write).
struct NewSession {
  std::string cookie_value;
  std::string csrf_token;
  core::UtcMicros expires_at{};
  Principal principal;
};

// Opens the account store of the store named by `location` (as OpenStore).
core::Result<std::unique_ptr<store::AccountStore>> OpenAccountStore(const std::string& location);

// The account use cases. Holds references only; the store and clock must
// outlive it. Thread safety: as the store's (one thread at a time); the
// hashing itself is thread-safe. Every password check costs one argon2id
// hash (~0.1 s) whether or not the user exists.
class AccountService {
 public:
  AccountService(store::AccountStore& store, const core::Clock& clock);

  // The limits of names, passwords and token lifetimes.
  static constexpr size_t kMinPasswordLength = 12;
  static constexpr size_t kMaxPasswordLength = 1024;
  static constexpr std::chrono::hours kSessionLifetime{12};
  static constexpr std::chrono::seconds kMinTokenLifetime{std::chrono::hours(1)};
  static constexpr std::chrono::seconds kMaxTokenLifetime{std::chrono::days(400)};

  // Adds a user. Admin only (kForbidden otherwise). Errors:
  // kInvalidArgument for a name not matching [a-z0-9._-]{1,64} or a
  // password shorter than 12 or longer than 1024 bytes; kAlreadyExists for
  // a taken name; storage errors.
  core::Status AddUser(const Actor& by, std::string_view name, Role role,
                       std::string_view password);

  // Sets a user's password and ends all their sessions. An admin, or the
  // user themself (kForbidden otherwise). Errors: kInvalidArgument for a bad
  // password; kNotFound for an unknown user; storage errors.
  core::Status SetPassword(const Actor& by, std::string_view name, std::string_view password);

  // Disables (or re-enables) a user: a disabled user cannot log in and
  // their tokens and sessions stop authenticating. Admin only.
  // Errors: kForbidden; kNotFound; storage errors.
  core::Status SetUserDisabled(const Actor& by, std::string_view name, bool disabled);

  // Creates an API token for `user`, valid for `lifetime` (1 hour to 400
  // days, else kInvalidArgument). An admin, or the user themself. The secret
  // is returned once and stored only hashed. Errors: kForbidden; kNotFound
  // for an unknown user; kInvalidArgument for a disabled one; storage errors.
  core::Result<NewToken> CreateToken(const Actor& by, std::string_view user,
                                     std::chrono::seconds lifetime);

  // Revokes a token: it never authenticates again. An admin, or the token's
  // owner. Revoking a revoked token is ok. Errors: kNotFound; kForbidden;
  // storage errors.
  core::Status RevokeToken(const Actor& by, uint64_t token_id);

  // Every user, by name, with `password_hash` cleared. Admin only.
  core::Result<std::vector<store::UserRecord>> ListUsers(const Actor& by);

  // The tokens of `user` (metadata only: id, times, revocation; the hashes
  // are cleared). An admin, or the user themself; every user's tokens
  // (`user` empty) for an admin only.
  core::Result<std::vector<store::TokenRecord>> ListTokens(const Actor& by, std::string_view user);

  // Checks a password and opens a 12-hour session. Errors: kUnauthenticated
  // with one message for an unknown user, a wrong password or a disabled
  // user (an unknown user costs the same hashing work); storage errors.
  core::Result<NewSession> Login(std::string_view name, std::string_view password);

  // Ends the session of `cookie_value`. Ending an ended session is ok.
  // Errors: kUnauthenticated when no such session exists; storage errors.
  core::Status Logout(std::string_view cookie_value);

  // The principal of an API token secret ("tl_<id>_<secret>"). Errors:
  // kUnauthenticated (one message) when malformed, unknown, expired,
  // revoked or its user is disabled or gone; storage errors. The secret's
  // hash is compared in constant time.
  core::Result<Principal> AuthenticateToken(std::string_view secret);

  // The principal of a session cookie value, with the session's CSRF token.
  // Errors: kUnauthenticated (one message) when unknown, expired, revoked
  // or its user is disabled; storage errors.
  core::Result<Principal> AuthenticateSession(std::string_view cookie_value);

 private:
  store::AccountStore& store_;
  const core::Clock& clock_;
};

// Whether `presented` (e.g. an X-CSRF-Token header) is the CSRF token of a
// session principal, compared in constant time. False for token principals
// and for an empty `presented`. Thread-safe.
bool CsrfTokenMatches(const Principal& principal, std::string_view presented);

// A fresh strong password (32 random bytes in URL-safe base64, 43 chars),
// e.g. for `truceline user add` without --password-stdin.
std::string GeneratePassword();

}  // namespace truceline::app
