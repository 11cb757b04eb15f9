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

// The coalition registry (src/registry). Facts are append-only rows: the
// columns a query filters on, plus `doc`, the fact's JSON in the registry
// document's shape (docs/formats.md), citations included. registry_citations
// indexes every citation (with the JSON pointer of its list inside `doc`) so
// that "what rests on report X?" is one query. registry_changes is the change
// log: who wrote what, when (the hook for the audit trail). Dates are text
// YYYY-MM-DD, which sorts as dates do.
constexpr std::string_view kRegistryTables = R"sql(
CREATE TABLE registry_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE registry_sources (
  seq  INTEGER PRIMARY KEY,
  id   TEXT NOT NULL UNIQUE,
  date TEXT NOT NULL,
  doc  TEXT NOT NULL
);
CREATE TABLE registry_nations (
  seq  INTEGER PRIMARY KEY,
  iso2 TEXT NOT NULL UNIQUE,
  iso3 TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  eu   INTEGER NOT NULL,
  nato INTEGER NOT NULL,
  doc  TEXT NOT NULL
);
CREATE TABLE registry_scopes (
  seq INTEGER PRIMARY KEY,
  id  TEXT NOT NULL UNIQUE,
  doc TEXT NOT NULL
);
CREATE TABLE registry_positions (
  seq    INTEGER PRIMARY KEY,
  id     TEXT NOT NULL UNIQUE,
  nation TEXT NOT NULL REFERENCES registry_nations (iso2),
  scope  TEXT NOT NULL REFERENCES registry_scopes (id),
  stance TEXT NOT NULL,
  date   TEXT NOT NULL,
  doc    TEXT NOT NULL
);
CREATE INDEX registry_positions_by_nation ON registry_positions (nation, scope, date);
CREATE TABLE registry_pledges (
  seq      INTEGER PRIMARY KEY,
  id       TEXT NOT NULL UNIQUE,
  nation   TEXT NOT NULL REFERENCES registry_nations (iso2),
  category TEXT NOT NULL,
  date     TEXT NOT NULL,
  doc      TEXT NOT NULL
);
CREATE TABLE registry_meetings (
  seq  INTEGER PRIMARY KEY,
  id   TEXT NOT NULL UNIQUE,
  date TEXT NOT NULL,
  doc  TEXT NOT NULL
);
CREATE TABLE registry_statements (
  seq  INTEGER PRIMARY KEY,
  id   TEXT NOT NULL UNIQUE,
  date TEXT NOT NULL,
  doc  TEXT NOT NULL
);
CREATE TABLE aid_packages (
  seq   INTEGER PRIMARY KEY,
  id    TEXT NOT NULL UNIQUE,
  donor TEXT NOT NULL REFERENCES registry_nations (iso2),
  date  TEXT NOT NULL,
  doc   TEXT NOT NULL
);
CREATE TABLE aid_deliveries (
  seq      INTEGER PRIMARY KEY,
  id       TEXT NOT NULL UNIQUE,
  package  TEXT NOT NULL REFERENCES aid_packages (id),
  category TEXT NOT NULL,
  date     TEXT NOT NULL,
  doc      TEXT NOT NULL
);
CREATE TABLE registry_conflicts (
  seq INTEGER PRIMARY KEY,
  id  TEXT NOT NULL UNIQUE,
  doc TEXT NOT NULL
);
CREATE TABLE registry_citations (
  seq        INTEGER PRIMARY KEY,
  fact_table TEXT NOT NULL,
  fact_id    TEXT NOT NULL,
  pointer    TEXT NOT NULL,
  source     TEXT NOT NULL REFERENCES registry_sources (id),
  outlet     TEXT,
  quote      TEXT NOT NULL
);
CREATE INDEX registry_citations_by_source ON registry_citations (source);
CREATE INDEX registry_citations_by_fact ON registry_citations (fact_table, fact_id);
CREATE TABLE registry_changes (
  seq     INTEGER PRIMARY KEY,
  at_us   INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  role    TEXT NOT NULL,
  action  TEXT NOT NULL,
  summary TEXT NOT NULL
);
)sql";

constexpr std::array<std::string_view, 2> kMigrations{kV1Reports, kRegistryTables};

}  // namespace

std::span<const std::string_view> Migrations() {
  return kMigrations;
}

}  // namespace truceline::store::sqlite_detail
