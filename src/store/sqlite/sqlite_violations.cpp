// The SQLite backend's agreements and violations: the active agreement,
// current violations, and the history of every change to them.

#include <map>
#include <set>

#include <fmt/format.h>

#include "core/json_text.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

namespace truceline::store::sqlite_detail {

using core::ErrorCode;
using core::Result;
using core::Status;

namespace {

constexpr std::string_view kViolationColumns =
    "incident_id, clause_id, agreement_version, rule, incident_status, first_at_us, evidence";

struct StoredViolation {
  ViolationRecord record;
  uint64_t agreement_version = 0;
};

StoredViolation ReadViolationRow(sqlite3_stmt* s) {
  StoredViolation v;
  v.record.incident = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
  v.record.clause_id = ColumnText(s, 1);
  v.agreement_version = static_cast<uint64_t>(sqlite3_column_int64(s, 2));
  v.record.rule = ColumnText(s, 3);
  v.record.incident_status = ColumnText(s, 4);
  v.record.incident_first_at = core::FromUnixMicros(sqlite3_column_int64(s, 5));
  v.record.evidence = ColumnText(s, 6);
  return v;
}

// The history detail of a violation: what it is (or was), and why it was
// withdrawn when a reason is given. The evidence is a JSON object already.
std::string ViolationDetail(const ViolationRecord& v, std::string_view reason = {}) {
  std::string out = "{\"rule\":";
  core::AppendJsonString(out, v.rule);
  out += ",\"incident_status\":";
  core::AppendJsonString(out, v.incident_status);
  out += ",\"evidence\":";
  out += v.evidence.empty() ? "{}" : v.evidence;
  if (!reason.empty()) {
    out += ",\"reason\":";
    core::AppendJsonString(out, reason);
  }
  out += "}";
  return out;
}

bool SameViolation(const StoredViolation& a, const ViolationRecord& b, uint64_t version) {
  return a.agreement_version == version && a.record.rule == b.rule &&
         a.record.incident_status == b.incident_status &&
         a.record.incident_first_at == b.incident_first_at &&
         a.record.evidence == (b.evidence.empty() ? "{}" : b.evidence);
}

}  // namespace

Status SqliteStore::PrepareViolationStatements() {
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne(fmt::format("SELECT {} FROM violations WHERE incident_id = ?1", kViolationColumns),
                 violations_of_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      fmt::format("INSERT OR REPLACE INTO violations ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  kViolationColumns),
      upsert_violation_));
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "DELETE FROM violations WHERE incident_id = ?1 AND clause_id = ?2", delete_violation_));
  TRUCELINE_RETURN_IF_ERROR(
      PrepareOne("INSERT INTO violation_history (incident_id, clause_id, agreement_version, at_us, "
                 "event, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                 insert_violation_history_));
  return PrepareOne("SELECT version FROM active_agreement", active_version_);
}

Result<std::optional<uint64_t>> SqliteStore::ActiveAgreementVersion() {
  std::optional<uint64_t> version;
  sqlite3_stmt* s = active_version_.get();
  TRUCELINE_RETURN_IF_ERROR(ForEachRow(s, "read the active agreement", [&] {
    version = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
    return false;
  }));
  return version;
}

Status SqliteStore::AppendViolationHistory(uint64_t incident, const std::string& clause_id,
                                           uint64_t version, int64_t at_us, std::string_view event,
                                           const std::string& detail) {
  sqlite3_stmt* s = insert_violation_history_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident));
  BindText(s, 2, clause_id);
  sqlite3_bind_int64(s, 3, static_cast<int64_t>(version));
  sqlite3_bind_int64(s, 4, at_us);
  BindText(s, 5, event);
  BindText(s, 6, detail);
  return Step(s, "record a violation's history");
}

Status SqliteStore::ReplaceViolations(uint64_t incident,
                                      std::span<const ViolationRecord* const> now, uint64_t version,
                                      int64_t at_us, std::string_view withdraw_reason) {
  std::map<std::string, StoredViolation> before;
  sqlite3_stmt* s = violations_of_.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident));
  TRUCELINE_RETURN_IF_ERROR(ForEachRow(s, "read an incident's violations", [&] {
    StoredViolation v = ReadViolationRow(s);
    before.emplace(v.record.clause_id, std::move(v));
    return true;
  }));
  for (const ViolationRecord* v : now) {
    auto old = before.find(v->clause_id);
    std::string_view event = "found";
    if (old != before.end()) {
      bool same = SameViolation(old->second, *v, version);
      before.erase(old);
      if (same) continue;
      event = "changed";
    }
    s = upsert_violation_.get();
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident));
    BindText(s, 2, v->clause_id);
    sqlite3_bind_int64(s, 3, static_cast<int64_t>(version));
    BindText(s, 4, v->rule);
    BindText(s, 5, v->incident_status);
    sqlite3_bind_int64(s, 6, core::ToUnixMicros(v->incident_first_at));
    BindText(s, 7, v->evidence.empty() ? std::string_view("{}") : std::string_view(v->evidence));
    TRUCELINE_RETURN_IF_ERROR(Step(s, "write a violation"));
    TRUCELINE_RETURN_IF_ERROR(
        AppendViolationHistory(incident, v->clause_id, version, at_us, event, ViolationDetail(*v)));
  }
  for (const auto& [clause_id, old] : before) {
    s = delete_violation_.get();
    sqlite3_bind_int64(s, 1, static_cast<int64_t>(incident));
    BindText(s, 2, clause_id);
    TRUCELINE_RETURN_IF_ERROR(Step(s, "withdraw a violation"));
    TRUCELINE_RETURN_IF_ERROR(AppendViolationHistory(incident, clause_id, old.agreement_version,
                                                     at_us, "withdrawn",
                                                     ViolationDetail(old.record, withdraw_reason)));
  }
  return Status::Ok();
}

Status SqliteStore::WriteViolationUpdate(const ViolationUpdate& update, int64_t at_us) {
  auto active = ActiveAgreementVersion();
  if (!active.ok()) return active.status();
  if (*active != update.agreement_version) {
    return Status(ErrorCode::kAlreadyExists,
                  fmt::format("{}: violations were evaluated against agreement version {}, but "
                              "the active version is {}",
                              path_, update.agreement_version,
                              active->has_value() ? std::to_string(**active) : "none"));
  }
  std::map<uint64_t, std::vector<const ViolationRecord*>> by_incident;
  for (uint64_t incident : update.incidents)
    by_incident[incident];
  for (const ViolationRecord& v : update.violations) {
    auto it = by_incident.find(v.incident);
    if (it == by_incident.end()) {
      return Status(ErrorCode::kInvalidArgument,
                    fmt::format("{}: a violation of incident {} that was not listed as evaluated",
                                path_, v.incident));
    }
    it->second.push_back(&v);
  }
  for (const auto& [incident, violations] : by_incident) {
    TRUCELINE_RETURN_IF_ERROR(ReplaceViolations(incident, violations, update.agreement_version,
                                                at_us, "no longer holds"));
  }
  return Status::Ok();
}

Result<uint64_t> SqliteStore::ActivateAgreement(const StoredAgreement& agreement,
                                                const ViolationUpdate& violations,
                                                core::UtcMicros at) {
  const int64_t at_us = core::ToUnixMicros(at);
  uint64_t version = 0;
  Status status = InTransaction([&]() -> Status {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(
        PrepareOne("INSERT INTO agreements (id, document, loaded_at_us, loaded_by) "
                   "VALUES (?1, ?2, ?3, ?4)",
                   stmt));
    BindText(stmt.get(), 1, agreement.id);
    BindText(stmt.get(), 2, agreement.document);
    sqlite3_bind_int64(stmt.get(), 3, core::ToUnixMicros(agreement.loaded_at));
    BindText(stmt.get(), 4, agreement.loaded_by);
    TRUCELINE_RETURN_IF_ERROR(Step(stmt.get(), "store an agreement"));
    version = static_cast<uint64_t>(sqlite3_last_insert_rowid(db_.get()));
    TRUCELINE_RETURN_IF_ERROR(PrepareOne(
        "INSERT OR REPLACE INTO active_agreement (only_row, version) VALUES (1, ?1)", stmt));
    sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(version));
    TRUCELINE_RETURN_IF_ERROR(Step(stmt.get(), "activate an agreement"));

    // Every incident that has violations now is re-evaluated: those the new
    // evaluation does not list lose them.
    ViolationUpdate all = violations;
    all.agreement_version = version;
    std::set<uint64_t> listed(all.incidents.begin(), all.incidents.end());
    TRUCELINE_RETURN_IF_ERROR(PrepareOne("SELECT DISTINCT incident_id FROM violations", stmt));
    TRUCELINE_RETURN_IF_ERROR(ForEachRow(stmt.get(), "list incidents with violations", [&] {
      auto incident = static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 0));
      if (listed.insert(incident).second) all.incidents.push_back(incident);
      return true;
    }));
    return WriteViolationUpdate(all, at_us);
  });
  if (!status.ok()) return status;
  return version;
}

Result<std::optional<StoredAgreement>> SqliteStore::ActiveAgreement() {
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "SELECT a.version, a.id, a.document, a.loaded_at_us, a.loaded_by FROM agreements a "
      "JOIN active_agreement USING (version)",
      stmt));
  std::optional<StoredAgreement> found;
  sqlite3_stmt* s = stmt.get();
  TRUCELINE_RETURN_IF_ERROR(ForEachRow(s, "read the active agreement", [&] {
    StoredAgreement a;
    a.version = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
    a.id = ColumnText(s, 1);
    a.document = ColumnText(s, 2);
    a.loaded_at = core::FromUnixMicros(sqlite3_column_int64(s, 3));
    a.loaded_by = ColumnText(s, 4);
    found = std::move(a);
    return false;
  }));
  return found;
}

Status SqliteStore::ApplyViolations(const ViolationUpdate& update, core::UtcMicros at) {
  return InTransaction([&] { return WriteViolationUpdate(update, core::ToUnixMicros(at)); });
}

Status SqliteStore::ScanViolations(const ViolationQuery& query,
                                   const std::function<bool(const ViolationRecord&)>& visit) {
  std::string sql = fmt::format("SELECT {} FROM violations WHERE 1", kViolationColumns);
  if (query.from) sql += " AND first_at_us >= :from";
  if (query.to) sql += " AND first_at_us <= :to";
  if (query.clause_id) sql += " AND clause_id = :clause";
  if (query.incident) sql += " AND incident_id = :incident";
  if (query.after) {
    sql +=
        " AND (first_at_us, incident_id, clause_id) > (:after_t, :after_incident, :after_clause)";
  }
  sql += " ORDER BY first_at_us, incident_id, clause_id";
  if (query.limit) sql += " LIMIT :limit";
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(sql, stmt));
  sqlite3_stmt* s = stmt.get();
  auto index = [&](const char* name) { return sqlite3_bind_parameter_index(s, name); };
  if (query.from) sqlite3_bind_int64(s, index(":from"), core::ToUnixMicros(*query.from));
  if (query.to) sqlite3_bind_int64(s, index(":to"), core::ToUnixMicros(*query.to));
  if (query.clause_id) BindText(s, index(":clause"), *query.clause_id);
  if (query.incident)
    sqlite3_bind_int64(s, index(":incident"), static_cast<int64_t>(*query.incident));
  if (query.after) {
    sqlite3_bind_int64(s, index(":after_t"), core::ToUnixMicros(query.after->first_at));
    sqlite3_bind_int64(s, index(":after_incident"), static_cast<int64_t>(query.after->incident));
    BindText(s, index(":after_clause"), query.after->clause_id);
  }
  if (query.limit) sqlite3_bind_int64(s, index(":limit"), static_cast<int64_t>(*query.limit));
  return ForEachRow(s, "read violations", [&] { return visit(ReadViolationRow(s).record); });
}

Status SqliteStore::ScanViolationHistory(
    uint64_t id, const std::function<void(const ViolationHistoryEntry&)>& visit) {
  auto resolved = ResolveIncidentId(id);
  if (!resolved.ok()) return resolved.status();
  StmtPtr stmt;
  TRUCELINE_RETURN_IF_ERROR(PrepareOne(
      "WITH RECURSIVE family_of(id) AS (SELECT ?1 UNION SELECT absorbed_id FROM incident_merges "
      "JOIN family_of ON into_id = family_of.id) "
      "SELECT incident_id, clause_id, agreement_version, at_us, event, detail "
      "FROM violation_history WHERE incident_id IN (SELECT id FROM family_of) ORDER BY seq",
      stmt));
  sqlite3_stmt* s = stmt.get();
  sqlite3_bind_int64(s, 1, static_cast<int64_t>(*resolved));
  return ForEachRow(s, "read violation history", [&] {
    ViolationHistoryEntry e;
    e.incident = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
    e.clause_id = ColumnText(s, 1);
    e.agreement_version = static_cast<uint64_t>(sqlite3_column_int64(s, 2));
    e.at = core::FromUnixMicros(sqlite3_column_int64(s, 3));
    e.event = ColumnText(s, 4);
    e.detail = ColumnText(s, 5);
    visit(e);
    return true;
  });
}

}  // namespace truceline::store::sqlite_detail
