#pragma once
// Private to the SQLite backend: RAII handles, binding and reading helpers,
// and the mapping of SQLite failures to Truceline's error codes.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "core/report.hpp"
#include "core/status.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace truceline::store::sqlite_detail {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// The report columns, in the order ReadReportRow expects them.
inline constexpr std::string_view kReportColumns =
    "source, id, source_kind, observed_at_us, time_uncertainty_s, lat, lon, "
    "position_uncertainty_m, kind, count, weapon_class, target_category, bearing_deg, text, "
    "ingested_at_us";

// A second connection to the Truceline store at `path` for the registry or
// account tables: opening the main store first creates the file if need
// be, checks it is a Truceline store and applies the migrations; then this
// connection gets the options' durability, busy timeout and foreign keys.
// Errors: those of OpenSqliteStore; kIoError/kStorageError naming the file.
core::Result<DbPtr> OpenSideConnection(const std::string& path, const SqliteOptions& options);

// kIoError for a file that cannot be opened, read or written (or a full
// disk), kStorageError for anything else; the message names the file.
core::Status SqlError(sqlite3* db, const std::string& path, std::string_view doing);

inline void BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
inline void BindOptionalText(sqlite3_stmt* stmt, int index, std::string_view text, bool present) {
  if (present) {
    BindText(stmt, index, text);
  } else {
    sqlite3_bind_null(stmt, index);
  }
}
inline std::string_view ColumnText(sqlite3_stmt* stmt, int index) {
  const auto* text = sqlite3_column_text(stmt, index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(stmt, index))};
}

// Reads the kReportColumns of a row, starting at column `first`.
StoredReport ReadReportRow(sqlite3_stmt* stmt, int first = 0);

}  // namespace truceline::store::sqlite_detail
