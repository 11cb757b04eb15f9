#include "store/sqlite/sqlite_store.hpp"

#include <cstring>

#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

namespace truceline::store {
namespace sqlite_detail {
namespace {

using core::ErrorCode;
using core::Result;
using core::Status;

void DigestToBytes(const core::ContentDigest& d, unsigned char out[16]) {
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<unsigned char>(d.hi >> (56 - 8 * i));
    out[8 + i] = static_cast<unsigned char>(d.lo >> (56 - 8 * i));
  }
}

}  // namespace

core::Result<DbPtr> OpenSideConnection(const std::string& path, const SqliteOptions& options) {
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
  return db;
}

Status SqlError(sqlite3* db, const std::string& path, std::string_view doing) {
  int code = sqlite3_extended_errcode(db);
  ErrorCode error = (code & 0xff) == SQLITE_CANTOPEN || (code & 0xff) == SQLITE_IOERR ||
                            (code & 0xff) == SQLITE_FULL
                        ? ErrorCode::kIoError
                        : ErrorCode::kStorageError;
  return Status(error, fmt::format("{}: {}: {}", path, doing, sqlite3_errmsg(db)));
}

StoredReport ReadReportRow(sqlite3_stmt* stmt, int first) {
  StoredReport stored;
  core::Report& r = stored.report;
  auto col = [first](int i) { return first + i; };
  r.source = ColumnText(stmt, col(0));
  r.id = ColumnText(stmt, col(1));
  r.source_kind =
      core::ParseSourceKind(ColumnText(stmt, col(2))).value_or(core::SourceKind::kOther);
  r.observed_at = core::FromUnixMicros(sqlite3_column_int64(stmt, col(3)));
  r.time_uncertainty_s = sqlite3_column_double(stmt, col(4));
  r.lat = sqlite3_column_double(stmt, col(5));
  r.lon = sqlite3_column_double(stmt, col(6));
  r.position_uncertainty_m = sqlite3_column_double(stmt, col(7));
  r.kind = core::ParseReportKind(ColumnText(stmt, col(8))).value_or(core::ReportKind::kOther);
  r.count = sqlite3_column_int64(stmt, col(9));
  if (sqlite3_column_type(stmt, col(10)) != SQLITE_NULL) {
    r.weapon_class = core::ParseWeaponClass(ColumnText(stmt, col(10)));
  }
  if (sqlite3_column_type(stmt, col(11)) != SQLITE_NULL) {
    r.target_category = core::ParseTargetCategory(ColumnText(stmt, col(11)));
  }
  if (sqlite3_column_type(stmt, col(12)) != SQLITE_NULL) {
    r.bearing_deg = sqlite3_column_double(stmt, col(12));
  }
  r.text = ColumnText(stmt, col(13));
  stored.ingested_at = core::FromUnixMicros(sqlite3_column_int64(stmt, col(14)));
  return stored;
}

Status SqliteStore::Prepare() {
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      fmt::format("INSERT INTO reports ({}, content_digest) VALUES "
                  "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
                  "ON CONFLICT (source, id) DO NOTHING",
                  kReportColumns),
      insert_));
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("SELECT content_digest FROM reports WHERE source = ?1 AND id = ?2", digest_of_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne("BEGIN IMMEDIATE", begin_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne("COMMIT", commit_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne("ROLLBACK", rollback_));
  TRUCELINE_RETURN_IF_ERROR(PrepareIncidentStatements());
  return PrepareViolationStatements();
}

Result<AppendResult> SqliteStore::AppendReports(std::span<const core::Report> reports,
                                                std::span<const core::ContentDigest> digests,
                                                core::UtcMicros ingested_at) {
  if (reports.size() != digests.size()) {
    return Status(ErrorCode::kInternal, "AppendReports: reports and digests differ in length");
  }
  AppendResult result;
  result.outcomes.reserve(reports.size());
  result.seqs.reserve(reports.size());
  if (reports.empty()) return result;
  TRUCELINE_RETURN_IF_ERROR(Step(begin_.get(), "begin a transaction"));
  for (size_t i = 0; i < reports.size(); ++i) {
    auto outcome = InsertOne(reports[i], digests[i], ingested_at);
    if (!outcome.ok()) {
      (void)Step(rollback_.get(), "roll back");
      return outcome.status();
    }
    result.outcomes.push_back(*outcome);
    result.seqs.push_back(*outcome == AppendOutcome::kInserted
                              ? static_cast<uint64_t>(sqlite3_last_insert_rowid(db_.get()))
                              : 0);
    switch (*outcome) {
      case AppendOutcome::kInserted:
        ++result.inserted;
        break;
      case AppendOutcome::kDuplicate:
        ++result.duplicates;
        break;
      case AppendOutcome::kConflict:
        ++result.conflicts;
        break;
    }
  }
  Status committed = Step(commit_.get(), "commit");
  if (!committed.ok()) {
    (void)Step(rollback_.get(), "roll back");
    return committed;
  }
  return result;
}

Status SqliteStore::ScanReports(const ReportQuery& query,
                                const std::function<bool(const StoredReport&)>& visit) {
  std::string sql = fmt::format("SELECT {} FROM reports WHERE 1", kReportColumns);
  if (query.from) sql += " AND observed_at_us >= :from";
  if (query.to) sql += " AND observed_at_us <= :to";
  if (query.bbox) {
    sql += " AND lat BETWEEN :south AND :north";
    sql += (*query.bbox)[0] <= (*query.bbox)[2] ? " AND lon BETWEEN :west AND :east"
                                                : " AND (lon >= :west OR lon <= :east)";
  }
  sql += " ORDER BY observed_at_us, seq";
  if (query.limit) sql += " LIMIT :limit";
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(sql, stmt));
  auto bind_int = [&](const char* name, int64_t v) {
    sqlite3_bind_int64(stmt.get(), sqlite3_bind_parameter_index(stmt.get(), name), v);
  };
  auto bind_double = [&](const char* name, double v) {
    sqlite3_bind_double(stmt.get(), sqlite3_bind_parameter_index(stmt.get(), name), v);
  };
  if (query.from) bind_int(":from", core::ToUnixMicros(*query.from));
  if (query.to) bind_int(":to", core::ToUnixMicros(*query.to));
  if (query.bbox) {
    bind_double(":west", (*query.bbox)[0]);
    bind_double(":south", (*query.bbox)[1]);
    bind_double(":east", (*query.bbox)[2]);
    bind_double(":north", (*query.bbox)[3]);
  }
  if (query.limit) bind_int(":limit", static_cast<int64_t>(*query.limit));
  while (true) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return SqlError(db_.get(), path_, "read reports");
    if (!visit(ReadReportRow(stmt.get()))) return Status::Ok();
  }
}

Result<StoredReport> SqliteStore::GetReport(const std::string& source, const std::string& id) {
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      fmt::format("SELECT {} FROM reports WHERE source = ?1 AND id = ?2", kReportColumns), stmt));
  BindText(stmt.get(), 1, source);
  BindText(stmt.get(), 2, id);
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_ROW) return ReadReportRow(stmt.get());
  if (rc == SQLITE_DONE) {
    return Status(ErrorCode::kNotFound,
                  fmt::format("{}: no report with source '{}' and id '{}'", path_, source, id));
  }
  return SqlError(db_.get(), path_, "read a report");
}

Result<uint64_t> SqliteStore::CountReports() {
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne("SELECT count(*) FROM reports", stmt));
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return SqlError(db_.get(), path_, "count reports");
  return static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 0));
}

Status SqliteStore::PrepareOne(std::string_view sql, StmtPtr& out) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    return SqlError(db_.get(), path_, "prepare a statement");
  }
  out.reset(stmt);
  return Status::Ok();
}

Status SqliteStore::Step(sqlite3_stmt* stmt, std::string_view doing) {
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return SqlError(db_.get(), path_, doing);
  return Status::Ok();
}

Result<AppendOutcome> SqliteStore::InsertOne(const core::Report& r,
                                             const core::ContentDigest& digest,
                                             core::UtcMicros ingested_at) {
  sqlite3_stmt* s = insert_.get();
  unsigned char digest_bytes[16];
  DigestToBytes(digest, digest_bytes);
  BindText(s, 1, r.source);
  BindText(s, 2, r.id);
  BindText(s, 3, core::SourceKindName(r.source_kind));
  sqlite3_bind_int64(s, 4, core::ToUnixMicros(r.observed_at));
  sqlite3_bind_double(s, 5, r.time_uncertainty_s);
  sqlite3_bind_double(s, 6, r.lat);
  sqlite3_bind_double(s, 7, r.lon);
  sqlite3_bind_double(s, 8, r.position_uncertainty_m);
  BindText(s, 9, core::ReportKindName(r.kind));
  sqlite3_bind_int64(s, 10, r.count);
  BindOptionalText(s, 11, r.weapon_class ? core::WeaponClassName(*r.weapon_class) : "",
                   r.weapon_class.has_value());
  BindOptionalText(s, 12, r.target_category ? core::TargetCategoryName(*r.target_category) : "",
                   r.target_category.has_value());
  if (r.bearing_deg) {
    sqlite3_bind_double(s, 13, *r.bearing_deg);
  } else {
    sqlite3_bind_null(s, 13);
  }
  BindOptionalText(s, 14, r.text, !r.text.empty());
  sqlite3_bind_int64(s, 15, core::ToUnixMicros(ingested_at));
  sqlite3_bind_blob(s, 16, digest_bytes, sizeof digest_bytes, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  if (rc != SQLITE_DONE) return SqlError(db_.get(), path_, "insert a report");
  if (sqlite3_changes(db_.get()) == 1) return AppendOutcome::kInserted;

  // The key is taken: a re-delivery if the content is the same.
  sqlite3_stmt* q = digest_of_.get();
  BindText(q, 1, r.source);
  BindText(q, 2, r.id);
  rc = sqlite3_step(q);
  bool same = rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) == 16 &&
              std::memcmp(sqlite3_column_blob(q, 0), digest_bytes, 16) == 0;
  sqlite3_reset(q);
  if (rc != SQLITE_ROW) return SqlError(db_.get(), path_, "read a stored report's digest");
  return same ? AppendOutcome::kDuplicate : AppendOutcome::kConflict;
}

namespace {

Status Exec(sqlite3* db, const std::string& path, std::string_view sql, std::string_view doing) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Status status(ErrorCode::kStorageError,
                  fmt::format("{}: {}: {}", path, doing, message ? message : "unknown error"));
    sqlite3_free(message);
    return status;
  }
  return Status::Ok();
}

Result<int64_t> PragmaInt(sqlite3* db, const std::string& path, std::string_view pragma) {
  sqlite3_stmt* raw = nullptr;
  std::string sql = fmt::format("PRAGMA {}", pragma);
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return SqlError(db, path, "read a pragma");
  }
  StmtPtr stmt(raw);
  int rc = sqlite3_step(raw);
  if (rc != SQLITE_ROW) return SqlError(db, path, fmt::format("read PRAGMA {}", pragma));
  return static_cast<int64_t>(sqlite3_column_int64(raw, 0));
}

// Brings the schema up to the newest version in one transaction.
Status Migrate(sqlite3* db, const std::string& path, int& version) {
  TRUCELINE_RETURN_IF_ERROR(Exec(db, path, "BEGIN IMMEDIATE", "begin the schema migration"));
  auto fail = [&](Status status) {
    (void)Exec(db, path, "ROLLBACK", "roll back");
    return status;
  };
  auto current = PragmaInt(db, path, "user_version");
  if (!current.ok()) return fail(current.status());
  auto app_id = PragmaInt(db, path, "application_id");
  if (!app_id.ok()) return fail(app_id.status());
  auto table_count = PragmaInt(db, path, "schema_version");  // non-zero once anything exists
  if (!table_count.ok()) return fail(table_count.status());
  auto migrations = sqlite_detail::Migrations();
  int latest = static_cast<int>(migrations.size());
  if (*app_id != sqlite_detail::kApplicationId &&
      (*app_id != 0 || *current != 0 || *table_count != 0)) {
    return fail(Status(ErrorCode::kStorageError,
                       fmt::format("{}: not a Truceline store (another application's SQLite "
                                   "database)",
                                   path)));
  }
  if (*current > latest) {
    return fail(Status(ErrorCode::kStoreTooNew,
                       fmt::format("{}: the store's schema is version {}, newer than this "
                                   "truceline understands (version {}); use a newer truceline",
                                   path, *current, latest)));
  }
  for (int v = static_cast<int>(*current); v < latest; ++v) {
    Status applied = Exec(db, path, migrations[static_cast<size_t>(v)],
                          fmt::format("apply schema migration {}", v + 1));
    if (!applied.ok()) return fail(applied);
  }
  Status stamped = Exec(db, path,
                        fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}",
                                    sqlite_detail::kApplicationId, latest),
                        "record the schema version");
  if (!stamped.ok()) return fail(stamped);
  TRUCELINE_RETURN_IF_ERROR(Exec(db, path, "COMMIT", "commit the schema migration"));
  version = latest;
  return Status::Ok();
}

}  // namespace
}  // namespace sqlite_detail

using core::ErrorCode;
using core::Result;
using core::Status;
using sqlite_detail::DbPtr;
using sqlite_detail::Exec;
using sqlite_detail::Migrate;
using sqlite_detail::PragmaInt;
using sqlite_detail::SqliteStore;

int SqliteSchemaVersion() {
  return static_cast<int>(sqlite_detail::Migrations().size());
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) {
    return Status(ErrorCode::kIoError, fmt::format("{}: cannot open the store: {}", path,
                                                   raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  sqlite3_extended_result_codes(db.get(), 1);
  // A file that is not SQLite at all fails on the first read.
  auto journal = PragmaInt(db.get(), path, "schema_version");
  if (!journal.ok()) {
    return Status(ErrorCode::kStorageError,
                  fmt::format("{}: not a Truceline store: {}", path, sqlite3_errmsg(db.get())));
  }
  // 16 KiB pages: a bulk ingest writes and syncs far fewer pages and WAL
  // frames than with SQLite's 4 KiB default (1M reports: 7.0 s -> 4.2 s on
  // 2 cores), while inserts into the middle of the (source, id) index stay
  // cheaper than with 64 KiB pages. Only takes effect on a new, empty file.
  TRUCELINE_RETURN_IF_ERROR(Exec(db.get(), path, "PRAGMA page_size = 16384", "set the page size"));
  TRUCELINE_RETURN_IF_ERROR(Exec(db.get(), path, "PRAGMA journal_mode = WAL", "enable WAL"));
  TRUCELINE_RETURN_IF_ERROR(
      Exec(db.get(), path,
           fmt::format("PRAGMA synchronous = {}; PRAGMA foreign_keys = ON; "
                       "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
                       options.durable ? "FULL" : "NORMAL"),
           "configure the connection"));
  int version = 0;
  TRUCELINE_RETURN_IF_ERROR(Migrate(db.get(), path, version));
  auto store = std::make_unique<SqliteStore>(std::move(db), path, version);
  TRUCELINE_RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace truceline::store
