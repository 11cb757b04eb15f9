#include "store/sqlite/migrations.hpp"

#include <array>

namespace truceline::store::sqlite_detail {
namespace {

// Enumerations are stored by their wire names so that the file reads well
// in any SQLite tool; times are integer microseconds since the Unix epoch.
constexpr std::string_view kV1Reports = R"sql(
CREATE TABLE reports (
  seq                    INTEGER PRIMARY KEY,
  source                 TEXT    NOT NULL,
  id                     TEXT    NOT NULL,
  source_kind            TEXT    NOT NULL,
  observed_at_us         INTEGER NOT NULL,
  time_uncertainty_s     REAL    NOT NULL,
  lat                    REAL    NOT NULL,
  lon                    REAL    NOT NULL,
  position_uncertainty_m REAL    NOT NULL,
  kind                   TEXT    NOT NULL,
  count                  INTEGER NOT NULL,
  weapon_class           TEXT,
  target_category        TEXT,
  bearing_deg            REAL,
  text                   TEXT,
  content_digest         BLOB    NOT NULL,
  ingested_at_us         INTEGER NOT NULL
);
CREATE UNIQUE INDEX reports_by_key ON reports (source, id);
CREATE INDEX reports_by_time ON reports (observed_at_us);
)sql";

constexpr std::array<std::string_view, 1> kMigrations{kV1Reports};

}  // namespace

std::span<const std::string_view> Migrations() {
  return kMigrations;
}

}  // namespace truceline::store::sqlite_detail
