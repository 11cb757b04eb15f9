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

// Incidents are derived from reports by fusion and may be rebuilt from
// them, except for analysts' reviews and the history, which are records.
// `fusion_state` holds one row: how far fusion has got, so that an ingest
// interrupted between committing reports and fusing them resumes;
// `fusion_bounds` the widest uncertainties fused per family, which bound
// the searches of late reports.
//
// The time index gains the position, so that a search in a time window and
// a bbox (fusion's slow path, `reports --bbox`) filters on the index and
// reads only matching rows.
constexpr std::string_view kV2Incidents = R"sql(
DROP INDEX reports_by_time;
CREATE INDEX reports_by_time_and_place ON reports (observed_at_us, lat, lon);
CREATE TABLE incident_members (
  report_seq  INTEGER PRIMARY KEY REFERENCES reports (seq),
  incident_id INTEGER NOT NULL
);
CREATE INDEX incident_members_by_incident ON incident_members (incident_id);
CREATE TABLE incidents (
  id                INTEGER PRIMARY KEY,
  family            TEXT    NOT NULL,
  kind              TEXT    NOT NULL,
  lat               REAL    NOT NULL,
  lon               REAL    NOT NULL,
  uncertainty_m     REAL    NOT NULL,
  first_at_us       INTEGER NOT NULL,
  last_at_us        INTEGER NOT NULL,
  report_count      INTEGER NOT NULL,
  source_count      INTEGER NOT NULL,
  source_kind_count INTEGER NOT NULL,
  confidence        REAL    NOT NULL,
  evidence_status   TEXT    NOT NULL,
  admin_region      TEXT    NOT NULL,
  updated_at_us     INTEGER NOT NULL,
  tally             BLOB    NOT NULL,
  review_status     TEXT,
  review_reason     TEXT,
  review_analyst    TEXT,
  review_at_us      INTEGER
);
CREATE INDEX incidents_by_first_time ON incidents (first_at_us);
CREATE TABLE incident_merges (
  absorbed_id  INTEGER PRIMARY KEY,
  into_id      INTEGER NOT NULL,
  report_seq   INTEGER NOT NULL,
  merged_at_us INTEGER NOT NULL
);
CREATE INDEX incident_merges_by_into ON incident_merges (into_id);
CREATE TABLE incident_history (
  seq         INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL,
  at_us       INTEGER NOT NULL,
  event       TEXT    NOT NULL,
  detail      TEXT    NOT NULL
);
CREATE INDEX incident_history_by_incident ON incident_history (incident_id, seq);
CREATE TABLE fusion_state (
  singleton         INTEGER PRIMARY KEY CHECK (singleton = 1),
  fused_up_to_seq   INTEGER NOT NULL,
  reach_end_up_to_us INTEGER NOT NULL,
  next_incident     INTEGER NOT NULL
);
INSERT INTO fusion_state VALUES (1, 0, -9223372036854775807, 1);
CREATE TABLE fusion_bounds (
  family                     TEXT PRIMARY KEY,
  max_time_uncertainty_s     REAL NOT NULL,
  max_position_uncertainty_m REAL NOT NULL
);
)sql";

constexpr std::array<std::string_view, 2> kMigrations{kV1Reports, kV2Incidents};

}  // namespace

std::span<const std::string_view> Migrations() {
  return kMigrations;
}

}  // namespace truceline::store::sqlite_detail
