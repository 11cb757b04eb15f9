#pragma once
// AccountStore: the backend-neutral interface to user accounts, API tokens,
// browser sessions and the hash-chained audit log. Backends implement it and
// pass the conformance suite in tests/store/account_store_conformance_test.cpp.
//
// The store keeps what it is given: it never sees a password or a secret,
// only their hashes, and it does not compute audit hashes itself. Every
// change of an account, token or session appends an audit entry in the
// same transaction as the change, so the audit log cannot miss a change
// that was committed. The audit log only grows: entries are never updated
// or deleted (the SQLite backend refuses it with triggers).
//
// Thread safety: an object is used from one thread at a time. Several
// processes may open the same store; writes are serialised by the backend,
// so concurrent appends from several processes still form one chain.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"

namespace truceline::store {

// A user account. `role` is a role's wire name (app::RoleName).
struct UserRecord {
  std::string name;
  std::string role;
  std::string password_hash;  // argon2id, in libsodium's crypto_pwhash_str form
  core::UtcMicros created_at{};
  bool disabled = false;
};

// An API token. The secret itself is never stored.
struct TokenRecord {
  uint64_t id = 0;  // assigned by the store, never reused
  std::string user;
  std::string secret_hash;  // hex BLAKE2b-256 of the secret
  core::UtcMicros created_at{};
  core::UtcMicros expires_at{};
  std::optional<core::UtcMicros> revoked_at;
};

// A browser session. The cookie secret itself is never stored.
struct SessionRecord {
  std::string id;  // hex BLAKE2b-256 of the cookie secret
  std::string user;
  std::string csrf_token;
  core::UtcMicros created_at{};
  core::UtcMicros expires_at{};
  bool revoked = false;
};

// One entry of the audit log. `hash` is computed over every other field by
// the caller's AuditSeal (app::AuditHash); `detail` is a JSON object's text.
struct AuditEntry {
  uint64_t seq = 0;  // 1, 2, 3, … with no gaps
  core::UtcMicros at{};
  std::string actor;
  std::string role;
  std::string action;  // e.g. "user.add", "token.revoke", "agreement.activate"
  std::string target;  // e.g. "user:alice", "token:7"
  std::string detail;  // JSON object text
  std::string prev_hash;
  std::string hash;
};

// The last entry of the audit log as recorded separately from the entries
// (seq 0 and an empty hash when nothing was appended).
struct AuditHead {
  uint64_t seq = 0;
  std::string hash;
};

// Computes an entry's hash from all its fields but `hash`.
using AuditSeal = std::function<std::string(const AuditEntry&)>;

// An audit entry to append: the caller fills `entry`'s at, actor, role,
// action, target and detail; the store assigns seq and prev_hash (the
// previous entry's hash, or 64 zeros for the first), then calls `seal` for
// the hash, all inside the appending transaction.
struct AuditAppend {
  AuditEntry entry;
  AuditSeal seal;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // --- users
  // Stores a new user and `audit`. Errors: kAlreadyExists when the name is
  // taken; kStorageError/kIoError. On any error nothing is written.
  virtual core::Status AddUser(const UserRecord& user, const AuditAppend& audit) = 0;
  // The user named `name`. Errors: kNotFound; kStorageError/kIoError.
  virtual core::Result<UserRecord> FindUser(std::string_view name) = 0;
  // Every user, by name.
  virtual core::Result<std::vector<UserRecord>> ListUsers() = 0;
  // Replaces the user's password hash and revokes all of their sessions
  // (their API tokens stay), with `audit`, in one transaction.
  // Errors: kNotFound; kStorageError/kIoError.
  virtual core::Status SetPasswordHash(std::string_view name, std::string_view password_hash,
                                       const AuditAppend& audit) = 0;
  // Disables (or re-enables) a user, with `audit`; disabling also revokes
  // their sessions. Errors: kNotFound; kStorageError/kIoError.
  virtual core::Status SetUserDisabled(std::string_view name, bool disabled,
                                       const AuditAppend& audit) = 0;

  // --- API tokens
  // Stores a new token for an existing user (`token.id` is ignored) with
  // `audit`, whose target the store sets to "token:<id>". Returns the id.
  // Errors: kNotFound when the user does not exist; kStorageError/kIoError.
  virtual core::Result<uint64_t> AddToken(const TokenRecord& token, const AuditAppend& audit) = 0;
  // The token `id`. Errors: kNotFound; kStorageError/kIoError.
  virtual core::Result<TokenRecord> FindToken(uint64_t id) = 0;
  // The tokens of `user` (all users' when empty), by id, revoked ones included.
  virtual core::Result<std::vector<TokenRecord>> ListTokens(std::string_view user) = 0;
  // Marks the token revoked at `at`, with `audit`. Revoking a revoked token
  // changes nothing and appends nothing. Errors: kNotFound; kStorageError/kIoError.
  virtual core::Status RevokeToken(uint64_t id, core::UtcMicros at, const AuditAppend& audit) = 0;

  // --- sessions
  // Stores a new session with `audit`. Errors: kAlreadyExists for a taken
  // id; kNotFound when the user does not exist; kStorageError/kIoError.
  virtual core::Status AddSession(const SessionRecord& session, const AuditAppend& audit) = 0;
  // The session `id`. Errors: kNotFound; kStorageError/kIoError.
  virtual core::Result<SessionRecord> FindSession(std::string_view id) = 0;
  // Marks the session revoked, with `audit`. Revoking a revoked session
  // changes nothing and appends nothing. Errors: kNotFound; kStorageError/kIoError.
  virtual core::Status RevokeSession(std::string_view id, const AuditAppend& audit) = 0;

  // --- the audit log
  // Appends `audit` alone (for changes made elsewhere, e.g. an ingest) in
  // one write transaction and returns it as stored. Errors: kStorageError/kIoError.
  virtual core::Result<AuditEntry> AppendAudit(const AuditAppend& audit) = 0;
  // Calls `visit` with the entries of seq > `after_seq`, in seq order, at
  // most `limit` of them (0: no limit), until it returns false.
  // Errors: kStorageError/kIoError.
  virtual core::Status ScanAudit(uint64_t after_seq, uint64_t limit,
                                 const std::function<bool(const AuditEntry&)>& visit) = 0;
  // The head row, written in the same transaction as every append.
  virtual core::Result<AuditHead> ReadAuditHead() = 0;
};

}  // namespace truceline::store
