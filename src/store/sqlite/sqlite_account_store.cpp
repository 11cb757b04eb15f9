#include "store/sqlite/sqlite_account_store.hpp"

#include <initializer_list>
#include <variant>

#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite_util.hpp"

namespace truceline::store {
namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using sqlite_detail::DbPtr;
using sqlite_detail::StmtPtr;

// A statement parameter: null, integer or text (copied when bound).
using Param = std::variant<std::nullptr_t, int64_t, std::string_view>;

constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

constexpr std::string_view kUserColumns = "name, role, password_hash, created_at_us, disabled";
constexpr std::string_view kTokenColumns =
    "id, user, secret_hash, created_at_us, expires_at_us, revoked_at_us";
constexpr std::string_view kSessionColumns =
    "id, user, csrf_token, created_at_us, expires_at_us, revoked";
constexpr std::string_view kAuditColumns =
    "seq, at_us, actor, role, action, target, detail, prev_hash, hash";

std::string Text(sqlite3_stmt* stmt, int index) {
  return std::string(sqlite_detail::ColumnText(stmt, index));
}
core::UtcMicros Micros(sqlite3_stmt* stmt, int index) {
  return core::FromUnixMicros(sqlite3_column_int64(stmt, index));
}

UserRecord ReadUser(sqlite3_stmt* s) {
  return {Text(s, 0), Text(s, 1), Text(s, 2), Micros(s, 3), sqlite3_column_int64(s, 4) != 0};
}
TokenRecord ReadToken(sqlite3_stmt* s) {
  TokenRecord t{static_cast<uint64_t>(sqlite3_column_int64(s, 0)),
                Text(s, 1),
                Text(s, 2),
                Micros(s, 3),
                Micros(s, 4),
                std::nullopt};
  if (sqlite3_column_type(s, 5) != SQLITE_NULL) t.revoked_at = Micros(s, 5);
  return t;
}
SessionRecord ReadSession(sqlite3_stmt* s) {
  return {Text(s, 0),   Text(s, 1),   Text(s, 2),
          Micros(s, 3), Micros(s, 4), sqlite3_column_int64(s, 5) != 0};
}
AuditEntry ReadAudit(sqlite3_stmt* s) {
  return {static_cast<uint64_t>(sqlite3_column_int64(s, 0)),
          Micros(s, 1),
          Text(s, 2),
          Text(s, 3),
          Text(s, 4),
          Text(s, 5),
          Text(s, 6),
          Text(s, 7),
          Text(s, 8)};
}

class SqliteAccountStore final : public AccountStore {
 public:
  SqliteAccountStore(DbPtr db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}

  Status AddUser(const UserRecord& user, const AuditAppend& audit) override {
    return InWriteTransaction([&]() -> Status {
      TRUCELINE_RETURN_IF_ERROR(
          Run(fmt::format("INSERT INTO users ({}) VALUES (?1, ?2, ?3, ?4, ?5)", kUserColumns),
              {user.name, user.role, user.password_hash, core::ToUnixMicros(user.created_at),
               int64_t{user.disabled}},
              fmt::format("the user '{}'", user.name)));
      return Append(audit, nullptr);
    });
  }

  Result<UserRecord> FindUser(std::string_view name) override {
    return FindOne<UserRecord>(fmt::format("SELECT {} FROM users WHERE name = ?1", kUserColumns),
                               {name}, &ReadUser, fmt::format("no user '{}'", name));
  }

  Result<std::vector<UserRecord>> ListUsers() override {
    return FindAll<UserRecord>(fmt::format("SELECT {} FROM users ORDER BY name", kUserColumns), {},
                               &ReadUser);
  }

  Status SetPasswordHash(std::string_view name, std::string_view password_hash,
                         const AuditAppend& audit) override {
    return InWriteTransaction([&]() -> Status {
      TRUCELINE_RETURN_IF_ERROR(ChangeOne("UPDATE users SET password_hash = ?2 WHERE name = ?1",
                                          {name, password_hash},
                                          fmt::format("no user '{}'", name)));
      TRUCELINE_RETURN_IF_ERROR(
          Run("UPDATE sessions SET revoked = 1 WHERE user = ?1", {name}, "the sessions"));
      return Append(audit, nullptr);
    });
  }

  Status SetUserDisabled(std::string_view name, bool disabled, const AuditAppend& audit) override {
    return InWriteTransaction([&]() -> Status {
      TRUCELINE_RETURN_IF_ERROR(ChangeOne("UPDATE users SET disabled = ?2 WHERE name = ?1",
                                          {name, int64_t{disabled}},
                                          fmt::format("no user '{}'", name)));
      if (disabled) {
        TRUCELINE_RETURN_IF_ERROR(
            Run("UPDATE sessions SET revoked = 1 WHERE user = ?1", {name}, "the sessions"));
      }
      return Append(audit, nullptr);
    });
  }

  Result<uint64_t> AddToken(const TokenRecord& token, const AuditAppend& audit) override {
    uint64_t id = 0;
    Status status = InWriteTransaction([&]() -> Status {
      TRUCELINE_RETURN_IF_ERROR(RequireUser(token.user));
      TRUCELINE_RETURN_IF_ERROR(
          Run("INSERT INTO api_tokens (user, secret_hash, created_at_us, expires_at_us) "
              "VALUES (?1, ?2, ?3, ?4)",
              {token.user, token.secret_hash, core::ToUnixMicros(token.created_at),
               core::ToUnixMicros(token.expires_at)},
              "a token"));
      id = static_cast<uint64_t>(sqlite3_last_insert_rowid(db_.get()));
      AuditAppend with_target = audit;
      with_target.entry.target = fmt::format("token:{}", id);
      return Append(with_target, nullptr);
    });
    if (!status.ok()) return status;
    return id;
  }

  Result<TokenRecord> FindToken(uint64_t id) override {
    return FindOne<TokenRecord>(
        fmt::format("SELECT {} FROM api_tokens WHERE id = ?1", kTokenColumns),
        {static_cast<int64_t>(id)}, &ReadToken, fmt::format("no token {}", id));
  }

  Result<std::vector<TokenRecord>> ListTokens(std::string_view user) override {
    if (user.empty()) {
      return FindAll<TokenRecord>(
          fmt::format("SELECT {} FROM api_tokens ORDER BY id", kTokenColumns), {}, &ReadToken);
    }
    return FindAll<TokenRecord>(
        fmt::format("SELECT {} FROM api_tokens WHERE user = ?1 ORDER BY id", kTokenColumns), {user},
        &ReadToken);
  }

  Status RevokeToken(uint64_t id, core::UtcMicros at, const AuditAppend& audit) override {
    return InWriteTransaction([&]() -> Status {
      auto token = FindToken(id);
      if (!token.ok()) return token.status();
      if (token->revoked_at) return Status::Ok();
      TRUCELINE_RETURN_IF_ERROR(Run("UPDATE api_tokens SET revoked_at_us = ?2 WHERE id = ?1",
                                    {static_cast<int64_t>(id), core::ToUnixMicros(at)},
                                    "the token"));
      return Append(audit, nullptr);
    });
  }

  Status AddSession(const SessionRecord& session, const AuditAppend& audit) override {
    return InWriteTransaction([&]() -> Status {
      TRUCELINE_RETURN_IF_ERROR(RequireUser(session.user));
      TRUCELINE_RETURN_IF_ERROR(Run(
          fmt::format("INSERT INTO sessions ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", kSessionColumns),
          {session.id, session.user, session.csrf_token, core::ToUnixMicros(session.created_at),
           core::ToUnixMicros(session.expires_at), int64_t{session.revoked}},
          "the session"));
      return Append(audit, nullptr);
    });
  }

  Result<SessionRecord> FindSession(std::string_view id) override {
    return FindOne<SessionRecord>(
        fmt::format("SELECT {} FROM sessions WHERE id = ?1", kSessionColumns), {id}, &ReadSession,
        "no such session");
  }

  Status RevokeSession(std::string_view id, const AuditAppend& audit) override {
    return InWriteTransaction([&]() -> Status {
      auto session = FindSession(id);
      if (!session.ok()) return session.status();
      if (session->revoked) return Status::Ok();
      TRUCELINE_RETURN_IF_ERROR(
          Run("UPDATE sessions SET revoked = 1 WHERE id = ?1", {id}, "the session"));
      return Append(audit, nullptr);
    });
  }

  Result<AuditEntry> AppendAudit(const AuditAppend& audit) override {
    AuditEntry stored;
    Status status = InWriteTransaction([&] { return Append(audit, &stored); });
    if (!status.ok()) return status;
    return stored;
  }

  Status ScanAudit(uint64_t after_seq, uint64_t limit,
                   const std::function<bool(const AuditEntry&)>& visit) override {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(Prepare(
        fmt::format("SELECT {} FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2", kAuditColumns),
        {static_cast<int64_t>(after_seq), limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit)},
        stmt));
    while (true) {
      int rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) return Status::Ok();
      if (rc != SQLITE_ROW) return SqlError("read the audit log");
      if (!visit(ReadAudit(stmt.get()))) return Status::Ok();
    }
  }

  Result<AuditHead> ReadAuditHead() override {
    auto head = FindOne<AuditHead>(
        "SELECT seq, hash FROM audit_head WHERE only_row = 1", {},
        [](sqlite3_stmt* s) {
          return AuditHead{static_cast<uint64_t>(sqlite3_column_int64(s, 0)), Text(s, 1)};
        },
        "");
    if (!head.ok() && head.status().code() == ErrorCode::kNotFound) return AuditHead{};
    return head;
  }

 private:
  Status SqlError(std::string_view doing) const {
    return sqlite_detail::SqlError(db_.get(), path_, doing);
  }

  Status Exec(const char* sql, std::string_view doing) {
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return SqlError(doing);
    }
    return Status::Ok();
  }

  // Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back on any error.
  template <typename Body>
  Status InWriteTransaction(Body&& body) {
    TRUCELINE_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "begin a transaction"));
    Status status = body();
    if (status.ok()) status = Exec("COMMIT", "commit");
    if (!status.ok()) (void)Exec("ROLLBACK", "roll back");
    return status;
  }

  Status Prepare(std::string_view sql, std::initializer_list<Param> params, StmtPtr& out) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return SqlError("prepare a statement");
    }
    out.reset(stmt);
    int index = 1;
    for (const Param& p : params) {
      if (const auto* number = std::get_if<int64_t>(&p)) {
        sqlite3_bind_int64(stmt, index, *number);
      } else if (const auto* text = std::get_if<std::string_view>(&p)) {
        sqlite3_bind_text(stmt, index, text->data(), static_cast<int>(text->size()),
                          SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(stmt, index);
      }
      ++index;
    }
    return Status::Ok();
  }

  // Runs a statement; a unique key already taken is kAlreadyExists naming `what`.
  Status Run(std::string_view sql, std::initializer_list<Param> params, std::string_view what) {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(Prepare(sql, params, stmt));
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
    int code = sqlite3_extended_errcode(db_.get());
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status(ErrorCode::kAlreadyExists, fmt::format("{}: {} already exists", path_, what));
    }
    return SqlError(fmt::format("write {}", what));
  }

  // Runs an UPDATE that must change exactly one row; kNotFound with
  // `missing` when it changes none.
  Status ChangeOne(std::string_view sql, std::initializer_list<Param> params,
                   const std::string& missing) {
    TRUCELINE_RETURN_IF_ERROR(Run(sql, params, "a row"));
    if (sqlite3_changes(db_.get()) == 0) return Status(ErrorCode::kNotFound, missing);
    return Status::Ok();
  }

  Status RequireUser(std::string_view name) {
    auto user = FindUser(name);
    return user.ok() ? Status::Ok() : user.status();
  }

  template <typename T, typename Read>
  Result<T> FindOne(std::string_view sql, std::initializer_list<Param> params, Read read,
                    const std::string& missing) {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(Prepare(sql, params, stmt));
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_ROW) return read(stmt.get());
    if (rc == SQLITE_DONE) return Status(ErrorCode::kNotFound, missing);
    return SqlError("read the account tables");
  }

  template <typename T, typename Read>
  Result<std::vector<T>> FindAll(std::string_view sql, std::initializer_list<Param> params,
                                 Read read) {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(Prepare(sql, params, stmt));
    std::vector<T> out;
    while (true) {
      int rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return SqlError("read the account tables");
      out.push_back(read(stmt.get()));
    }
  }

  // Appends `audit` inside the caller's write transaction: continues the
  // chain from the head row (so a deleted tail shows as a gap, not as a
  // shorter chain), seals the entry and moves the head.
  Status Append(const AuditAppend& audit, AuditEntry* stored) {
    auto head = ReadAuditHead();
    if (!head.ok()) return head.status();
    if (head->seq == 0) {
      // No head row: a fresh log, or a head row removed behind our back, in
      // which case the log's own last entry is the best continuation.
      auto last = FindOne<AuditHead>(
          "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", {},
          [](sqlite3_stmt* s) {
            return AuditHead{static_cast<uint64_t>(sqlite3_column_int64(s, 0)), Text(s, 1)};
          },
          "");
      if (last.ok()) {
        head = *last;
      } else if (last.status().code() != ErrorCode::kNotFound) {
        return last.status();
      }
    }
    AuditEntry e = audit.entry;
    e.seq = head->seq + 1;
    e.prev_hash = head->seq == 0 ? std::string(kGenesisHash) : head->hash;
    e.hash = audit.seal ? audit.seal(e) : std::string();
    if (e.hash.empty()) {
      return Status(ErrorCode::kInternal, "an audit entry was appended without a seal");
    }
    if (e.detail.empty()) e.detail = "{}";
    TRUCELINE_RETURN_IF_ERROR(
        Run(fmt::format("INSERT INTO audit_log ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        kAuditColumns),
            {static_cast<int64_t>(e.seq), core::ToUnixMicros(e.at), e.actor, e.role, e.action,
             e.target, e.detail, e.prev_hash, e.hash},
            fmt::format("audit entry {}", e.seq)));
    TRUCELINE_RETURN_IF_ERROR(
        Run("INSERT INTO audit_head (only_row, seq, hash) VALUES (1, ?1, ?2) "
            "ON CONFLICT (only_row) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            {static_cast<int64_t>(e.seq), e.hash}, "the audit head"));
    if (stored != nullptr) *stored = std::move(e);
    return Status::Ok();
  }

  DbPtr db_;
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(const std::string& path,
                                                             const SqliteOptions& options) {
  // Opening the main store first creates the file if need be, checks it is
  // a Truceline store and applies the migrations.
  auto main = OpenSqliteStore(path, options);
  if (!main.ok()) return main.status();
  main->reset();
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) {
    return Status(ErrorCode::kIoError, fmt::format("{}: cannot open the store: {}", path,
                                                   raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  sqlite3_extended_result_codes(db.get(), 1);
  std::string pragmas = fmt::format("PRAGMA synchronous = {}; PRAGMA foreign_keys = ON",
                                    options.durable ? "FULL" : "NORMAL");
  if (sqlite3_exec(db.get(), pragmas.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status(ErrorCode::kStorageError,
                  fmt::format("{}: configure the connection: {}", path, sqlite3_errmsg(db.get())));
  }
  return std::unique_ptr<AccountStore>(std::make_unique<SqliteAccountStore>(std::move(db), path));
}

}  // namespace truceline::store
