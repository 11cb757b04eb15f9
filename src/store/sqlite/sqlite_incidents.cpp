// The SQLite store's incidents: fusion's derived state, analysts' reviews
// and the incident history (tables of schema migration 2).

#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "core/json_text.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

namespace truceline::store::sqlite_detail {
namespace {

using core::ErrorCode;
using core::Result;
using core::Status;

constexpr std::string_view kIncidentColumns =
    "id, family, kind, lat, lon, uncertainty_m, first_at_us, last_at_us, report_count, "
    "source_count, source_kind_count, confidence, evidence_status, admin_region, updated_at_us, "
    "review_status, review_reason, review_analyst, review_at_us, weapon_classes, "
    "target_categories";

// The review columns (status, reason, analyst, at) starting at `first`;
// nullopt when the status is NULL.
std::optional<core::IncidentReview> ReadReview(sqlite3_stmt* stmt, int first) {
  if (sqlite3_column_type(stmt, first) == SQLITE_NULL) return std::nullopt;
  core::IncidentReview review;
  review.status =
      core::ParseIncidentStatus(ColumnText(stmt, first)).value_or(core::IncidentStatus::kVerified);
  review.reason = ColumnText(stmt, first + 1);
  review.analyst = ColumnText(stmt, first + 2);
  review.at = core::FromUnixMicros(sqlite3_column_int64(stmt, first + 3));
  return review;
}

// The incident in kIncidentColumns order, starting at column `first`.
core::Incident ReadIncidentRow(sqlite3_stmt* stmt, int first = 0) {
  core::Incident incident;
  incident.id = static_cast<uint64_t>(sqlite3_column_int64(stmt, first));
  core::IncidentSummary& s = incident.summary;
  s.family = core::ParseFamily(ColumnText(stmt, first + 1)).value_or(core::Family::kOther);
  s.kind = core::ParseReportKind(ColumnText(stmt, first + 2)).value_or(core::ReportKind::kOther);
  s.lat = sqlite3_column_double(stmt, first + 3);
  s.lon = sqlite3_column_double(stmt, first + 4);
  s.uncertainty_m = sqlite3_column_double(stmt, first + 5);
  s.first_at = core::FromUnixMicros(sqlite3_column_int64(stmt, first + 6));
  s.last_at = core::FromUnixMicros(sqlite3_column_int64(stmt, first + 7));
  s.report_count = static_cast<uint64_t>(sqlite3_column_int64(stmt, first + 8));
  s.source_count = static_cast<uint32_t>(sqlite3_column_int64(stmt, first + 9));
  s.source_kind_count = static_cast<uint32_t>(sqlite3_column_int64(stmt, first + 10));
  s.confidence = sqlite3_column_double(stmt, first + 11);
  s.evidence_status = core::ParseIncidentStatus(ColumnText(stmt, first + 12))
                          .value_or(core::IncidentStatus::kSingleSource);
  incident.admin_region = ColumnText(stmt, first + 13);
  incident.updated_at = core::FromUnixMicros(sqlite3_column_int64(stmt, first + 14));
  incident.review = ReadReview(stmt, first + 15);
  s.weapon_classes = static_cast<uint32_t>(sqlite3_column_int64(stmt, first + 19));
  s.target_categories = static_cast<uint32_t>(sqlite3_column_int64(stmt, first + 20));
  return incident;
}

FusedReport ReadFusedRow(sqlite3_stmt* stmt) {
  FusedReport fused;
  fused.seq = static_cast<uint64_t>(sqlite3_column_int64(stmt, 0));
  fused.incident = static_cast<uint64_t>(sqlite3_column_int64(stmt, 1));
  fused.report = ReadReportRow(stmt, 2).report;
  return fused;
}

std::string ReviewJson(const core::IncidentReview& review) {
  std::string out = "{\"status\":";
  core::AppendJsonString(out, core::IncidentStatusName(review.status));
  out += ",\"reason\":";
  core::AppendJsonString(out, review.reason);
  out += ",\"analyst\":";
  core::AppendJsonString(out, review.analyst);
  out += "}";
  return out;
}

// An incident's tally as stored: a versioned text record,
//   1|family|count|first_us|last_us|weight_sum|weighted_lat|weighted_dlon|lon_ref|k0,…,k11|kinds|
// then each source as <length>:<source>=<reliability>; — doubles in their
// shortest round-trip form, so a tally reads back exactly. Its weapon
// classes and target categories are kept in their own columns.
std::string EncodeTally(const core::IncidentTally& t) {
  std::string out =
      fmt::format("1|{}|{}|{}|{}|{}|{}|{}|{}|", core::FamilyName(t.family), t.report_count,
                  t.first_us, t.last_us, t.weight_sum, t.weighted_lat, t.weighted_dlon, t.lon_ref);
  for (size_t k = 0; k < t.kind_counts.size(); ++k)
    fmt::format_to(std::back_inserter(out), "{}{}", k ? "," : "", t.kind_counts[k]);
  fmt::format_to(std::back_inserter(out), "|{}|", t.source_kinds);
  for (const auto& [source, reliability] : t.source_reliability)
    fmt::format_to(std::back_inserter(out), "{}:{}={};", source.size(), source, reliability);
  return out;
}

// Reads what EncodeTally wrote; nullopt when malformed.
std::optional<core::IncidentTally> DecodeTally(std::string_view text) {
  core::IncidentTally t;
  auto field = [&](char end) -> std::optional<std::string_view> {
    size_t at = text.find(end);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view value = text.substr(0, at);
    text.remove_prefix(at + 1);
    return value;
  };
  auto number = [](std::string_view v, auto& out) {
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && ptr == v.data() + v.size();
  };
  auto version = field('|');
  if (!version || *version != "1") return std::nullopt;
  auto family = field('|');
  if (!family || !core::ParseFamily(*family)) return std::nullopt;
  t.family = *core::ParseFamily(*family);
  auto next_number = [&](auto& out) {
    auto v = field('|');
    return v && number(*v, out);
  };
  if (!next_number(t.report_count) || !next_number(t.first_us) || !next_number(t.last_us) ||
      !next_number(t.weight_sum) || !next_number(t.weighted_lat) || !next_number(t.weighted_dlon) ||
      !next_number(t.lon_ref)) {
    return std::nullopt;
  }
  for (size_t k = 0; k < t.kind_counts.size(); ++k) {
    auto v = field(k + 1 < t.kind_counts.size() ? ',' : '|');
    if (!v || !number(*v, t.kind_counts[k])) return std::nullopt;
  }
  if (!next_number(t.source_kinds)) return std::nullopt;
  while (!text.empty()) {
    size_t length = 0;
    auto v = field(':');
    if (!v || !number(*v, length) || length >= text.size()) return std::nullopt;
    std::string source(text.substr(0, length));
    text.remove_prefix(length);
    if (text.empty() || text.front() != '=') return std::nullopt;
    text.remove_prefix(1);
    double reliability = 0;
    auto r = field(';');
    if (!r || !number(*r, reliability)) return std::nullopt;
    t.source_reliability.emplace(std::move(source), reliability);
  }
  return t;
}

// The review columns of an incident row, if it exists and has one.
struct ReviewRow {
  bool exists = false;
  std::optional<core::IncidentReview> review;
  uint64_t report_count = 0;
};

}  // namespace

Status SqliteStore::PrepareIncidentStatements() {
  const std::string fused_columns =
      fmt::format("seq, coalesce(m.incident_id, 0), {}", kReportColumns);
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      fmt::format("SELECT {} FROM reports LEFT JOIN incident_members m ON m.report_seq = seq "
                  "WHERE seq > ?1 ORDER BY seq",
                  fused_columns),
      reports_after_));
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("SELECT seq, coalesce(m.incident_id, 0), kind, observed_at_us, "
                 "time_uncertainty_s, lat, lon, position_uncertainty_m FROM reports "
                 "LEFT JOIN incident_members m ON m.report_seq = seq "
                 "WHERE observed_at_us BETWEEN ?1 AND ?2 AND lat BETWEEN ?3 AND ?4 "
                 "AND lon BETWEEN ?5 AND ?6",
                 candidates_));
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne(fmt::format("SELECT {} FROM incident_members m JOIN reports ON seq = m.report_seq "
                             "WHERE m.incident_id = ?1 ORDER BY seq",
                             fused_columns),
                 incident_reports_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "INSERT INTO incident_members (report_seq, incident_id) VALUES (?1, ?2)", insert_member_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "UPDATE incident_members SET incident_id = ?2 WHERE incident_id = ?1", move_members_));
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("INSERT INTO incident_merges (absorbed_id, into_id, report_seq, merged_at_us) "
                 "VALUES (?1, ?2, ?3, ?4)",
                 record_merge_));
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("SELECT review_status, review_reason, review_analyst, review_at_us, report_count "
                 "FROM incidents WHERE id = ?1",
                 review_of_));
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("UPDATE incidents SET review_status = ?2, review_reason = ?3, "
                 "review_analyst = ?4, review_at_us = ?5 WHERE id = ?1",
                 carry_review_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne("DELETE FROM incidents WHERE id = ?1", delete_incident_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "INSERT INTO incidents (id, family, kind, lat, lon, uncertainty_m, first_at_us, last_at_us, "
      "report_count, source_count, source_kind_count, confidence, evidence_status, admin_region, "
      "updated_at_us, tally, weapon_classes, target_categories) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
      "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
      "ON CONFLICT (id) DO UPDATE SET family = excluded.family, kind = excluded.kind, "
      "lat = excluded.lat, lon = excluded.lon, uncertainty_m = excluded.uncertainty_m, "
      "first_at_us = excluded.first_at_us, last_at_us = excluded.last_at_us, "
      "report_count = excluded.report_count, source_count = excluded.source_count, "
      "source_kind_count = excluded.source_kind_count, confidence = excluded.confidence, "
      "evidence_status = excluded.evidence_status, admin_region = excluded.admin_region, "
      "updated_at_us = excluded.updated_at_us, tally = excluded.tally, "
      "weapon_classes = excluded.weapon_classes, target_categories = excluded.target_categories",
      upsert_incident_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "SELECT tally, weapon_classes, target_categories FROM incidents WHERE id = ?1", tally_of_));
  return PrepareOne(
      "INSERT INTO incident_history (incident_id, at_us, event, detail) VALUES (?1, ?2, ?3, ?4)",
      insert_history_);
}

Status SqliteStore::ForEachRow(sqlite3_stmt* stmt, std::string_view doing,
                               const std::function<bool()>& row) {
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      Status error = SqlError(db_.get(), path_, doing);
      sqlite3_reset(stmt);
      return error;
    }
    if (!row()) break;
  }
  sqlite3_reset(stmt);
  return Status::Ok();
}

Status SqliteStore::InTransaction(const std::function<Status()>& body) {
  TRUCELINE_RETURN_IF_ERROR(Step(begin_.get(), "begin a transaction"));
  Status status = body();
  if (status.ok()) status = Step(commit_.get(), "commit");
  if (!status.ok()) (void)Step(rollback_.get(), "roll back");
  return status;
}

Result<FusionState> SqliteStore::LoadFusionState() {
  FusionState state;
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "SELECT fused_up_to_seq, reach_end_up_to_us, next_incident, revision FROM fusion_state",
      stmt));
  TRUCELINE_RETURN_IF_ERROR(ForEachRow(stmt.get(), "read the fusion state", [&] {
    state.fused_up_to_seq = static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 0));
    state.reach_end_up_to_us = sqlite3_column_int64(stmt.get(), 1);
    state.next_incident = static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 2));
    state.revision = static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 3));
    return false;
  }));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "SELECT family, max_time_uncertainty_s, max_position_uncertainty_m FROM fusion_bounds",
      stmt));
  TRUCELINE_RETURN_IF_ERROR(ForEachRow(stmt.get(), "read the fusion bounds", [&] {
    auto family = core::ParseFamily(ColumnText(stmt.get(), 0));
    if (family) {
      state.bounds[static_cast<size_t>(*family)] = {sqlite3_column_double(stmt.get(), 1),
                                                    sqlite3_column_double(stmt.get(), 2)};
    }
    return true;
  }));
  return state;
}

Status SqliteStore::ScanReportsAfter(uint64_t after_seq,
                                     const std::function<bool(const FusedReport&)>& visit) {
  sqlite3_stmt* s = reports_after_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(after_seq));
  return ForEachRow(s, "read unfused reports", [&] { return visit(ReadFusedRow(s)); });
}

Status SqliteStore::ScanFusionCandidates(const FusionCandidateQuery& query,
                                         const std::function<void(const CandidatePoint&)>& visit) {
  sqlite3_stmt* s = candidates_.get();
  sqlite3_bind_int64(s, 1, query.from_us);
  sqlite3_bind_int64(s, 2, query.to_us);
  sqlite3_bind_double(s, 3, query.bbox[1]);
  sqlite3_bind_double(s, 4, query.bbox[3]);
  sqlite3_bind_double(s, 5, query.bbox[0]);
  sqlite3_bind_double(s, 6, query.bbox[2]);
  return ForEachRow(s, "read fusion candidates", [&] {
    CandidatePoint c;
    c.kind = core::ParseReportKind(ColumnText(s, 2)).value_or(core::ReportKind::kOther);
    if (core::FamilyOf(c.kind) != query.family) return true;
    c.seq = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
    c.incident = static_cast<uint64_t>(sqlite3_column_int64(s, 1));
    c.observed_at_us = sqlite3_column_int64(s, 3);
    c.time_uncertainty_s = sqlite3_column_double(s, 4);
    c.lat = sqlite3_column_double(s, 5);
    c.lon = sqlite3_column_double(s, 6);
    c.position_uncertainty_m = sqlite3_column_double(s, 7);
    visit(c);
    return true;
  });
}

Status SqliteStore::ScanIncidentReports(uint64_t incident,
                                        const std::function<void(const FusedReport&)>& visit) {
  sqlite3_stmt* s = incident_reports_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident));
  return ForEachRow(s, "read an incident's reports", [&] {
    visit(ReadFusedRow(s));
    return true;
  });
}

Status SqliteStore::AppendHistory(uint64_t incident, int64_t at_us, std::string_view event,
                                  const std::string& detail) {
  sqlite3_stmt* s = insert_history_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident));
  sqlite3_bind_int64(s, 2, at_us);
  BindText(s, 3, event);
  BindText(s, 4, detail);
  return Step(s, "record incident history");
}

Status SqliteStore::ApplyMerge(const FusionUpdate::Merge& merge,
                               const FusionUpdate::Analyst* analyst, int64_t at_us) {
  auto review_of = [&](uint64_t id) -> Result<ReviewRow> {
    ReviewRow row;
    sqlite3_stmt* s = review_of_.get();
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(id));
    TRUCELINE_RETURN_IF_ERROR(ForEachRow(s, "read an incident's review", [&] {
      row.exists = true;
      row.report_count = static_cast<uint64_t>(sqlite3_column_int64(s, 4));
      row.review = ReadReview(s, 0);
      return false;
    }));
    return row;
  };
  auto absorbed = review_of(merge.absorbed);
  if (!absorbed.ok()) return absorbed.status();
  auto into = review_of(merge.into);
  if (!into.ok()) return into.status();
  if (analyst && (!absorbed->exists || !into->exists)) {
    return Status(ErrorCode::kNotFound,
                  fmt::format("{}: incident {} does not exist", path_,
                              absorbed->exists ? merge.into : merge.absorbed));
  }

  sqlite3_stmt* s = move_members_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(merge.absorbed));
  sqlite3_bind_int64(s, 2, static_cast<int64_t>(merge.into));
  TRUCELINE_RETURN_IF_ERROR(Step(s, "move an incident's reports"));
  s = record_merge_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(merge.absorbed));
  sqlite3_bind_int64(s, 2, static_cast<int64_t>(merge.into));
  sqlite3_bind_int64(s, 3, static_cast<int64_t>(merge.report_seq));
  sqlite3_bind_int64(s, 4, at_us);
  TRUCELINE_RETURN_IF_ERROR(Step(s, "record an incident merge"));
  // The absorbed incident no longer exists on its own: its violations are
  // withdrawn; the survivor's are those of its own evaluation.
  TRUCELINE_RETURN_IF_ERROR(ReplaceViolations(merge.absorbed, {}, 0, at_us,
                                              fmt::format("merged into incident {}", merge.into)));

  // An analyst's review is a record, not derived data: it moves with the
  // reports unless the surviving incident has its own.
  bool carried = absorbed->review && !into->review;
  bool conflicting =
      absorbed->review && into->review && absorbed->review->status != into->review->status;
  if (carried) {
    s = carry_review_.get();
    const core::IncidentReview& r = *absorbed->review;
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(merge.into));
    BindText(s, 2, core::IncidentStatusName(r.status));
    BindText(s, 3, r.reason);
    BindText(s, 4, r.analyst);
    sqlite3_bind_int64(s, 5, core::ToUnixMicros(r.at));
    TRUCELINE_RETURN_IF_ERROR(Step(s, "carry an incident review"));
  }
  s = delete_incident_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(merge.absorbed));
  TRUCELINE_RETURN_IF_ERROR(Step(s, "remove a merged incident"));

  std::string detail = fmt::format(
      "{{\"absorbed\":{},\"report_seq\":{},\"absorbed_review\":{},"
      "\"review_carried\":{},\"conflicting_reviews\":{}",
      merge.absorbed, merge.report_seq, absorbed->review ? ReviewJson(*absorbed->review) : "null",
      carried, conflicting);
  if (analyst) {
    detail += ",\"by\":";
    core::AppendJsonString(detail, analyst->name);
    detail += ",\"reason\":";
    core::AppendJsonString(detail, analyst->reason);
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(
        PrepareOne("INSERT INTO incident_analyst_merges (absorbed_id, into_id, analyst, reason, "
                   "merged_at_us) VALUES (?1, ?2, ?3, ?4, ?5)",
                   stmt));
    sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(merge.absorbed));
    sqlite3_bind_int64(stmt.get(), 2, static_cast<int64_t>(merge.into));
    BindText(stmt.get(), 3, analyst->name);
    BindText(stmt.get(), 4, analyst->reason);
    sqlite3_bind_int64(stmt.get(), 5, at_us);
    TRUCELINE_RETURN_IF_ERROR(Step(stmt.get(), "record an analyst's merge"));
  }
  detail += '}';
  return AppendHistory(merge.into, at_us, "merged", detail);
}

Status SqliteStore::ApplySplit(const FusionUpdate& update, int64_t at_us) {
  if (!update.analyst) {
    return Status(ErrorCode::kInvalidArgument, "reports are moved only by an analyst's split");
  }
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("UPDATE incident_members SET incident_id = ?2 WHERE report_seq = ?1", stmt));
  for (const auto& move : update.moves) {
    sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(move.report_seq));
    sqlite3_bind_int64(stmt.get(), 2, static_cast<int64_t>(move.incident));
    TRUCELINE_RETURN_IF_ERROR(Step(stmt.get(), "move a report to another incident"));
    if (sqlite3_changes(db_.get()) != 1) {
      return Status(ErrorCode::kNotFound,
                    fmt::format("{}: report {} is in no incident", path_, move.report_seq));
    }
  }
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("INSERT INTO incident_separations (incident_a, incident_b, report_count, analyst, "
                 "reason, split_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                 stmt));
  bool first = true;
  for (const auto& separation : update.separations) {
    sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(separation.a));
    sqlite3_bind_int64(stmt.get(), 2, static_cast<int64_t>(separation.b));
    sqlite3_bind_int64(stmt.get(), 3, static_cast<int64_t>(update.moves.size()));
    BindText(stmt.get(), 4, update.analyst->name);
    BindText(stmt.get(), 5, update.analyst->reason);
    sqlite3_bind_int64(stmt.get(), 6, at_us);
    TRUCELINE_RETURN_IF_ERROR(Step(stmt.get(), "record an analyst's split"));
    if (!std::exchange(first, false)) continue;  // an inherited separation
    auto detail = [&](std::string_view other_name, uint64_t other) {
      std::string out = fmt::format("{{\"{}\":{},\"reports_moved\":{},\"by\":", other_name, other,
                                    update.moves.size());
      core::AppendJsonString(out, update.analyst->name);
      out += ",\"reason\":";
      core::AppendJsonString(out, update.analyst->reason);
      out += '}';
      return out;
    };
    TRUCELINE_RETURN_IF_ERROR(
        AppendHistory(separation.a, at_us, "split", detail("split_off", separation.b)));
    TRUCELINE_RETURN_IF_ERROR(
        AppendHistory(separation.b, at_us, "split", detail("split_from", separation.a)));
  }
  return Status::Ok();
}

Status SqliteStore::ScanSeparations(const std::function<void(uint64_t, uint64_t)>& visit) {
  std::vector<std::pair<uint64_t, uint64_t>> pairs;
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("SELECT incident_a, incident_b FROM incident_separations ORDER BY seq", stmt));
  TRUCELINE_RETURN_IF_ERROR(ForEachRow(stmt.get(), "read incident separations", [&] {
    pairs.emplace_back(static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 0)),
                       static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 1)));
    return true;
  }));
  for (auto& [a, b] : pairs) {
    auto ra = ResolveIncidentId(a);
    if (!ra.ok()) return ra.status();
    auto rb = ResolveIncidentId(b);
    if (!rb.ok()) return rb.status();
    if (*ra != *rb) visit(*ra, *rb);
  }
  return Status::Ok();
}

Result<core::IncidentTally> SqliteStore::LoadIncidentTally(uint64_t incident) {
  sqlite3_stmt* s = tally_of_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident));
  std::optional<core::IncidentTally> tally;
  bool found = false;
  TRUCELINE_RETURN_IF_ERROR(ForEachRow(s, "read an incident's tally", [&] {
    found = true;
    tally = DecodeTally(ColumnText(s, 0));
    if (tally) {
      tally->weapon_classes = static_cast<uint32_t>(sqlite3_column_int64(s, 1));
      tally->target_categories = static_cast<uint32_t>(sqlite3_column_int64(s, 2));
    }
    return false;
  }));
  if (!found) {
    return Status(ErrorCode::kNotFound, fmt::format("{}: no incident with id {}", path_, incident));
  }
  if (!tally) {
    return Status(ErrorCode::kStorageError,
                  fmt::format("{}: incident {}: the stored tally is malformed", path_, incident));
  }
  return *tally;
}

Status SqliteStore::WriteIncident(const FusionUpdate::Changed& changed, bool existed,
                                  int64_t at_us) {
  const core::Incident& incident = changed.incident;
  sqlite3_stmt* s = nullptr;
  bool reviewed = false;
  uint64_t reports_before = 0;
  if (existed) {
    s = review_of_.get();
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident.id));
    TRUCELINE_RETURN_IF_ERROR(ForEachRow(s, "read an incident's review", [&] {
      reviewed = sqlite3_column_type(s, 0) != SQLITE_NULL;
      reports_before = static_cast<uint64_t>(sqlite3_column_int64(s, 4));
      return false;
    }));
  }
  const core::IncidentSummary& sum = incident.summary;
  if (reviewed && sum.report_count > reports_before) {
    TRUCELINE_RETURN_IF_ERROR(
        AppendHistory(incident.id, at_us, "grew_after_review",
                      fmt::format("{{\"reports_before\":{},\"reports_after\":{}}}", reports_before,
                                  sum.report_count)));
  }
  s = upsert_incident_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident.id));
  BindText(s, 2, core::FamilyName(sum.family));
  BindText(s, 3, core::ReportKindName(sum.kind));
  sqlite3_bind_double(s, 4, sum.lat);
  sqlite3_bind_double(s, 5, sum.lon);
  sqlite3_bind_double(s, 6, sum.uncertainty_m);
  sqlite3_bind_int64(s, 7, core::ToUnixMicros(sum.first_at));
  sqlite3_bind_int64(s, 8, core::ToUnixMicros(sum.last_at));
  sqlite3_bind_int64(s, 9, static_cast<int64_t>(sum.report_count));
  sqlite3_bind_int64(s, 10, sum.source_count);
  sqlite3_bind_int64(s, 11, sum.source_kind_count);
  sqlite3_bind_double(s, 12, sum.confidence);
  BindText(s, 13, core::IncidentStatusName(sum.evidence_status));
  BindText(s, 14, incident.admin_region);
  sqlite3_bind_int64(s, 15, at_us);
  std::string tally = EncodeTally(changed.tally);
  sqlite3_bind_blob(s, 16, tally.data(), static_cast<int>(tally.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, 17, sum.weapon_classes);
  sqlite3_bind_int64(s, 18, sum.target_categories);
  return Step(s, "write an incident");
}

Status SqliteStore::ApplyFusion(const FusionUpdate& update, core::UtcMicros at) {
  const int64_t at_us = core::ToUnixMicros(at);
  return InTransaction([&]() -> Status {
    auto state = LoadFusionState();
    if (!state.ok()) return state.status();
    if (state->fused_up_to_seq != update.expected_fused_up_to_seq) {
      return Status(ErrorCode::kAlreadyExists,
                    fmt::format("{}: fusion has moved on to report {} (expected {}): another "
                                "process fused concurrently",
                                path_, state->fused_up_to_seq, update.expected_fused_up_to_seq));
    }
    if (state->revision != update.expected_revision) {
      return Status(ErrorCode::kAlreadyExists,
                    fmt::format("{}: an analyst changed the incidents (revision {}, expected {}) "
                                "after this fusion step was prepared",
                                path_, state->revision, update.expected_revision));
    }
    sqlite3_stmt* s = insert_member_.get();
    for (const auto& member : update.members) {
      sqlite3_bind_int64(s, 1, static_cast<int64_t>(member.report_seq));
      sqlite3_bind_int64(s, 2, static_cast<int64_t>(member.incident));
      TRUCELINE_RETURN_IF_ERROR(Step(s, "record a report's incident"));
    }
    const FusionUpdate::Analyst* analyst = update.analyst ? &*update.analyst : nullptr;
    for (const auto& merge : update.merges)
      TRUCELINE_RETURN_IF_ERROR(ApplyMerge(merge, analyst, at_us));
    if (!update.moves.empty() || !update.separations.empty())
      TRUCELINE_RETURN_IF_ERROR(ApplySplit(update, at_us));
    for (const auto& changed : update.incidents) {
      TRUCELINE_RETURN_IF_ERROR(
          WriteIncident(changed, changed.incident.id < state->next_incident, at_us));
    }
    if (update.violations) {
      TRUCELINE_RETURN_IF_ERROR(WriteViolationUpdate(*update.violations, at_us));
    } else {
      auto active = ActiveAgreementVersion();
      if (!active.ok()) return active.status();
      if (active->has_value()) {
        return Status(ErrorCode::kAlreadyExists,
                      fmt::format("{}: agreement version {} was activated after this fusion step "
                                  "was evaluated without one",
                                  path_, **active));
      }
    }

    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(
        PrepareOne("UPDATE fusion_state SET fused_up_to_seq = ?1, reach_end_up_to_us = ?2, "
                   "next_incident = ?3, "
                   "revision = ?4",
                   stmt));
    sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(update.state.fused_up_to_seq));
    sqlite3_bind_int64(stmt.get(), 2, update.state.reach_end_up_to_us);
    sqlite3_bind_int64(stmt.get(), 3, static_cast<int64_t>(update.state.next_incident));
    sqlite3_bind_int64(stmt.get(), 4, static_cast<int64_t>(update.state.revision));
    TRUCELINE_RETURN_IF_ERROR(Step(stmt.get(), "record the fusion state"));
    TRUCELINE_RETURN_IF_ERROR(PrepareOne(
        "INSERT INTO fusion_bounds VALUES (?1, ?2, ?3) ON CONFLICT (family) DO UPDATE SET "
        "max_time_uncertainty_s = excluded.max_time_uncertainty_s, "
        "max_position_uncertainty_m = excluded.max_position_uncertainty_m",
        stmt));
    for (size_t f = 0; f < update.state.bounds.size(); ++f) {
      BindText(stmt.get(), 1, core::FamilyName(static_cast<core::Family>(f)));
      sqlite3_bind_double(stmt.get(), 2, update.state.bounds[f].max_time_uncertainty_s);
      sqlite3_bind_double(stmt.get(), 3, update.state.bounds[f].max_position_uncertainty_m);
      TRUCELINE_RETURN_IF_ERROR(Step(stmt.get(), "record the fusion bounds"));
    }
    return Status::Ok();
  });
}

Status SqliteStore::ScanIncidents(const IncidentQuery& query,
                                  const std::function<bool(const core::Incident&)>& visit) {
  std::string sql = fmt::format("SELECT {} FROM incidents WHERE 1", kIncidentColumns);
  if (query.from) sql += " AND last_at_us >= :from";
  if (query.to) sql += " AND first_at_us <= :to";
  if (query.bbox) {
    const auto& [west, south, east, north] = *query.bbox;
    sql += " AND lat BETWEEN :south AND :north";
    sql +=
        west <= east ? " AND lon BETWEEN :west AND :east" : " AND (lon >= :west OR lon <= :east)";
    // A small area is read through the spatial index, then sorted; a large
    // one is cheaper in time order, stopping at the limit.
    constexpr double kIndexedAreaDeg2 = 4;
    if (west <= east && (east - west) * (north - south) <= kIndexedAreaDeg2) {
      sql +=
          " AND id IN (SELECT id FROM incident_places WHERE max_lat >= :south AND "
          "min_lat <= :north AND max_lon >= :west AND min_lon <= :east)";
    }
  }
  if (query.family) sql += " AND family = :family";
  if (query.status) {
    sql += core::IsReviewStatus(*query.status)
               ? " AND review_status = :status"
               : " AND review_status IS NULL AND evidence_status = :status";
  }
  if (query.after) {
    sql += " AND (first_at_us > :after_t OR (first_at_us = :after_t AND id > :after_id))";
  }
  sql += " ORDER BY first_at_us, id";
  if (query.limit) sql += " LIMIT :limit";
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(sql, stmt));
  sqlite3_stmt* s = stmt.get();
  auto index = [&](const char* name) { return sqlite3_bind_parameter_index(s, name); };
  if (query.from) sqlite3_bind_int64(s, index(":from"), core::ToUnixMicros(*query.from));
  if (query.to) sqlite3_bind_int64(s, index(":to"), core::ToUnixMicros(*query.to));
  if (query.bbox) {
    sqlite3_bind_double(s, index(":west"), (*query.bbox)[0]);
    sqlite3_bind_double(s, index(":south"), (*query.bbox)[1]);
    sqlite3_bind_double(s, index(":east"), (*query.bbox)[2]);
    sqlite3_bind_double(s, index(":north"), (*query.bbox)[3]);
  }
  if (query.family) BindText(s, index(":family"), core::FamilyName(*query.family));
  if (query.status) BindText(s, index(":status"), core::IncidentStatusName(*query.status));
  if (query.limit) sqlite3_bind_int64(s, index(":limit"), static_cast<int64_t>(*query.limit));
  if (query.after) {
    sqlite3_bind_int64(s, index(":after_t"), core::ToUnixMicros(query.after->first));
    sqlite3_bind_int64(s, index(":after_id"), static_cast<int64_t>(query.after->second));
  }
  return ForEachRow(s, "read incidents", [&] { return visit(ReadIncidentRow(s)); });
}

Status SqliteStore::ScanIncidentChanges(uint64_t after_seq,
                                        const std::function<void(const IncidentChange&)>& visit) {
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      fmt::format("SELECT c.seq, c.id, now.* FROM incident_changes AS c LEFT JOIN (SELECT {} FROM "
                  "incidents) AS now ON now.id = c.id WHERE c.seq > ?1 ORDER BY c.seq",
                  kIncidentColumns),
      stmt));
  sqlite3_stmt* s = stmt.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(after_seq));
  IncidentChange change;
  return ForEachRow(s, "read the incident changes", [&] {
    change.seq = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
    change.id = static_cast<uint64_t>(sqlite3_column_int64(s, 1));
    change.incident.reset();
    if (sqlite3_column_type(s, 2) != SQLITE_NULL) change.incident = ReadIncidentRow(s, 2);
    visit(change);
    return true;
  });
}

Result<uint64_t> SqliteStore::ResolveIncidentId(uint64_t id) {
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("SELECT into_id FROM incident_merges WHERE absorbed_id = ?1", stmt));
  // Merges always go to a smaller id, so the chain ends.
  while (true) {
    bool moved = false;
    sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(id));
    TRUCELINE_RETURN_IF_ERROR(ForEachRow(stmt.get(), "resolve an incident id", [&] {
      id = static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 0));
      moved = true;
      return false;
    }));
    if (!moved) return id;
  }
}

Result<core::Incident> SqliteStore::GetIncident(uint64_t id) {
  auto resolved = ResolveIncidentId(id);
  if (!resolved.ok()) return resolved.status();
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne(fmt::format("SELECT {} FROM incidents WHERE id = ?1", kIncidentColumns), stmt));
  sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(*resolved));
  std::optional<core::Incident> found;
  TRUCELINE_RETURN_IF_ERROR(ForEachRow(stmt.get(), "read an incident", [&] {
    found = ReadIncidentRow(stmt.get());
    return false;
  }));
  if (!found) {
    return Status(ErrorCode::kNotFound, fmt::format("{}: no incident with id {}", path_, id));
  }
  return *found;
}

Result<core::Incident> SqliteStore::ReviewIncident(uint64_t id,
                                                   const core::IncidentReview& review) {
  if (!core::IsReviewStatus(review.status)) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("a review sets 'verified' or 'rejected', not '{}'",
                              core::IncidentStatusName(review.status)));
  }
  auto incident = GetIncident(id);
  if (!incident.ok()) return incident.status();
  Status written = InTransaction([&]() -> Status {
    sqlite3_stmt* s = carry_review_.get();
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident->id));
    BindText(s, 2, core::IncidentStatusName(review.status));
    BindText(s, 3, review.reason);
    BindText(s, 4, review.analyst);
    sqlite3_bind_int64(s, 5, core::ToUnixMicros(review.at));
    TRUCELINE_RETURN_IF_ERROR(Step(s, "record a review"));
    std::string detail = ReviewJson(review);
    if (incident->review) {
      detail.pop_back();
      detail += ",\"previous\":" + ReviewJson(*incident->review) + "}";
    }
    return AppendHistory(incident->id, core::ToUnixMicros(review.at), "reviewed", detail);
  });
  if (!written.ok()) return written;
  return GetIncident(incident->id);
}

Status SqliteStore::ScanIncidentHistory(
    uint64_t id, const std::function<void(const IncidentHistoryEntry&)>& visit) {
  auto resolved = ResolveIncidentId(id);
  if (!resolved.ok()) return resolved.status();
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "WITH RECURSIVE family_of(id) AS (SELECT ?1 UNION SELECT absorbed_id FROM incident_merges "
      "JOIN family_of ON into_id = family_of.id) "
      "SELECT incident_id, at_us, event, detail FROM incident_history "
      "WHERE incident_id IN (SELECT id FROM family_of) ORDER BY seq",
      stmt));
  sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(*resolved));
  return ForEachRow(stmt.get(), "read incident history", [&] {
    visit({static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 0)),
           core::FromUnixMicros(sqlite3_column_int64(stmt.get(), 1)),
           std::string(ColumnText(stmt.get(), 2)), std::string(ColumnText(stmt.get(), 3))});
    return true;
  });
}

}  // namespace truceline::store::sqlite_detail
