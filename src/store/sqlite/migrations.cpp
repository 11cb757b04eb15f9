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

// What an incident's reports saw and named, as bit sets in the order of
// core::WeaponClass and core::TargetCategory, so that agreement rules can
// be checked on incidents alone. Backfilled from the member reports.
constexpr std::string_view kV4IncidentTraits = R"sql(
ALTER TABLE incidents ADD COLUMN weapon_classes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN target_categories INTEGER NOT NULL DEFAULT 0;
UPDATE incidents SET
  weapon_classes = (SELECT coalesce(sum(bit), 0) FROM (
    SELECT DISTINCT CASE r.weapon_class WHEN 'small_arms' THEN 1 WHEN 'mortar_le120' THEN 2 WHEN 'artillery_lt100' THEN 4 WHEN 'artillery_ge100' THEN 8 WHEN 'tank' THEN 16 WHEN 'mlrs' THEN 32 WHEN 'mlrs_heavy' THEN 64 WHEN 'tactical_missile' THEN 128 WHEN 'air_defence' THEN 256 WHEN 'uav' THEN 512 WHEN 'other' THEN 1024 END AS bit
    FROM incident_members m JOIN reports r ON r.seq = m.report_seq
    WHERE m.incident_id = incidents.id AND r.weapon_class IS NOT NULL)),
  target_categories = (SELECT coalesce(sum(bit), 0) FROM (
    SELECT DISTINCT CASE r.target_category WHEN 'residential' THEN 1 WHEN 'energy' THEN 2 WHEN 'port' THEN 4 WHEN 'vessel' THEN 8 WHEN 'military' THEN 16 WHEN 'other' THEN 32 END AS bit
    FROM incident_members m JOIN reports r ON r.seq = m.report_seq
    WHERE m.incident_id = incidents.id AND r.target_category IS NOT NULL));
)sql";

// Statuses of pledges recorded after the pledges themselves (an additions
// document's `pledge_updates`), append-only like every registry fact: the
// pledge's row is never rewritten; loading the registry appends each update
// to its pledge's history in `seq` order. A status is recorded once per
// pledge. Citations go to registry_citations with fact_table
// 'registry_pledge_updates' and fact_id 'PLEDGE:STATUS'.
constexpr std::string_view kV5PledgeUpdates = R"sql(
CREATE TABLE registry_pledge_updates (
  seq    INTEGER PRIMARY KEY,
  pledge TEXT NOT NULL REFERENCES registry_pledges (id),
  status TEXT NOT NULL,
  date   TEXT NOT NULL,
  doc    TEXT NOT NULL,
  UNIQUE (pledge, status)
);
)sql";

// Agreements as loaded (every load a new version, one active) and the
// violations of incidents against the active one: current rows, and the
// history of every violation found, changed or withdrawn.
constexpr std::string_view kV6Violations = R"sql(
CREATE TABLE agreements (
  version      INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL,
  document     TEXT    NOT NULL,
  loaded_at_us INTEGER NOT NULL,
  loaded_by    TEXT    NOT NULL
);
CREATE TABLE active_agreement (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  version  INTEGER NOT NULL REFERENCES agreements (version)
);
CREATE TABLE violations (
  incident_id       INTEGER NOT NULL,
  clause_id         TEXT    NOT NULL,
  agreement_version INTEGER NOT NULL,
  rule              TEXT    NOT NULL,
  incident_status   TEXT    NOT NULL,
  first_at_us       INTEGER NOT NULL,
  evidence          TEXT    NOT NULL,
  PRIMARY KEY (incident_id, clause_id)
) WITHOUT ROWID;
CREATE INDEX violations_by_time ON violations (first_at_us, incident_id, clause_id);
CREATE TABLE violation_history (
  seq               INTEGER PRIMARY KEY,
  incident_id       INTEGER NOT NULL,
  clause_id         TEXT    NOT NULL,
  agreement_version INTEGER NOT NULL,
  at_us             INTEGER NOT NULL,
  event             TEXT    NOT NULL,
  detail            TEXT    NOT NULL
);
CREATE INDEX violation_history_by_incident ON violation_history (incident_id);
)sql";

// Accounts, API tokens, browser sessions and the audit log. Secrets are
// stored only as hex BLAKE2b-256 hashes, passwords as argon2id strings.
// The audit log is append-only: triggers refuse any UPDATE or DELETE, and
// `audit_head` (one row, written with every append) records the last seq
// and hash, so that a truncated tail is detected by the verification.
constexpr std::string_view kV7Accounts = R"sql(
CREATE TABLE users (
  name          TEXT    PRIMARY KEY,
  role          TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  created_at_us INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  user          TEXT    NOT NULL REFERENCES users (name),
  secret_hash   TEXT    NOT NULL,
  created_at_us INTEGER NOT NULL,
  expires_at_us INTEGER NOT NULL,
  revoked_at_us INTEGER
);
CREATE INDEX api_tokens_by_user ON api_tokens (user);
CREATE TABLE sessions (
  id            TEXT    PRIMARY KEY,
  user          TEXT    NOT NULL REFERENCES users (name),
  csrf_token    TEXT    NOT NULL,
  created_at_us INTEGER NOT NULL,
  expires_at_us INTEGER NOT NULL,
  revoked       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user);
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at_us     INTEGER NOT NULL,
  actor     TEXT    NOT NULL,
  role      TEXT    NOT NULL,
  action    TEXT    NOT NULL,
  target    TEXT    NOT NULL,
  detail    TEXT    NOT NULL,
  prev_hash TEXT    NOT NULL,
  hash      TEXT    NOT NULL
);
CREATE TABLE audit_head (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  seq      INTEGER NOT NULL,
  hash     TEXT    NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
)sql";

// A spatial index (SQLite's R*Tree) of the incidents' centroids, kept by
// triggers, so a query for a small area (the map panning) reads only the
// incidents near it. The R*Tree holds 32-bit bounds rounded outwards, so
// queries still compare the exact lat/lon of the incidents table.
constexpr std::string_view kV8IncidentPlaces = R"sql(
CREATE VIRTUAL TABLE incident_places USING rtree(id, min_lat, max_lat, min_lon, max_lon);
INSERT INTO incident_places SELECT id, lat, lat, lon, lon FROM incidents;
CREATE TRIGGER incident_places_insert AFTER INSERT ON incidents BEGIN
  INSERT INTO incident_places VALUES (new.id, new.lat, new.lat, new.lon, new.lon);
END;
CREATE TRIGGER incident_places_update AFTER UPDATE OF lat, lon ON incidents BEGIN
  UPDATE incident_places SET min_lat = new.lat, max_lat = new.lat, min_lon = new.lon,
                             max_lon = new.lon WHERE id = new.id;
END;
CREATE TRIGGER incident_places_delete AFTER DELETE ON incidents BEGIN
  DELETE FROM incident_places WHERE id = old.id;
END;
)sql";

// A change counter per incident, kept by triggers on every write path, so a
// reader that keeps the incidents in memory (the server's map view) catches
// up by reading only what changed since it last looked. One row per
// incident: its latest change; a deleted (merged-away) incident keeps its
// row, which then has no incident to join. (An upsert, not INSERT OR
// REPLACE: a trigger's conflict clause yields to the firing statement's.)
constexpr std::string_view kV9IncidentChanges = R"sql(
CREATE TABLE incident_changes (
  id  INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL
);
CREATE INDEX incident_changes_by_seq ON incident_changes (seq);
INSERT INTO incident_changes SELECT id, row_number() OVER (ORDER BY id) FROM incidents;
CREATE TRIGGER incident_changes_insert AFTER INSERT ON incidents BEGIN
  INSERT INTO incident_changes
  VALUES (new.id, (SELECT coalesce(max(seq), 0) + 1 FROM incident_changes))
  ON CONFLICT (id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER incident_changes_update AFTER UPDATE ON incidents BEGIN
  INSERT INTO incident_changes
  VALUES (new.id, (SELECT coalesce(max(seq), 0) + 1 FROM incident_changes))
  ON CONFLICT (id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER incident_changes_delete AFTER DELETE ON incidents BEGIN
  INSERT INTO incident_changes
  VALUES (old.id, (SELECT coalesce(max(seq), 0) + 1 FROM incident_changes))
  ON CONFLICT (id) DO UPDATE SET seq = excluded.seq;
END;
)sql";

// Analysts' changes to the partition. `fusion_state.revision` counts them,
// so that a fusion step prepared by a tracker that has not seen one is
// refused; `incident_analyst_merges` is the record of each merge made by
// hand (who, why), append-only like the history. incident_merges keeps
// such a merge too (report_seq 0), so old ids resolve as for fusion's.
// `incident_separations` records each split: the two parts (ids at the
// time; they resolve through incident_merges), which fusion never joins
// again, and who and why, append-only.
constexpr std::string_view kV10AnalystMerges = R"sql(
ALTER TABLE fusion_state ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE TABLE incident_analyst_merges (
  seq          INTEGER PRIMARY KEY,
  absorbed_id  INTEGER NOT NULL,
  into_id      INTEGER NOT NULL,
  analyst      TEXT    NOT NULL,
  reason       TEXT    NOT NULL,
  merged_at_us INTEGER NOT NULL
);
CREATE TRIGGER incident_analyst_merges_no_update BEFORE UPDATE ON incident_analyst_merges
BEGIN SELECT RAISE(ABORT, 'incident_analyst_merges is append-only'); END;
CREATE TRIGGER incident_analyst_merges_no_delete BEFORE DELETE ON incident_analyst_merges
BEGIN SELECT RAISE(ABORT, 'incident_analyst_merges is append-only'); END;
CREATE TABLE incident_separations (
  seq         INTEGER PRIMARY KEY,
  incident_a  INTEGER NOT NULL,
  incident_b  INTEGER NOT NULL,
  report_count INTEGER NOT NULL,
  analyst     TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  split_at_us INTEGER NOT NULL
);
CREATE TRIGGER incident_separations_no_update BEFORE UPDATE ON incident_separations
BEGIN SELECT RAISE(ABORT, 'incident_separations is append-only'); END;
CREATE TRIGGER incident_separations_no_delete BEFORE DELETE ON incident_separations
BEGIN SELECT RAISE(ABORT, 'incident_separations is append-only'); END;
)sql";

constexpr std::array<std::string_view, 10> kMigrations{
    kV1Reports,    kV2Incidents, kRegistryTables,   kV4IncidentTraits,  kV5PledgeUpdates,
    kV6Violations, kV7Accounts,  kV8IncidentPlaces, kV9IncidentChanges, kV10AnalystMerges};

}  // namespace

std::span<const std::string_view> Migrations() {
  return kMigrations;
}

}  // namespace truceline::store::sqlite_detail
