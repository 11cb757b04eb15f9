#pragma once
// Private to the SQLite backend: the Store implementation. Reports are
// implemented in sqlite_store.cpp, incidents in sqlite_incidents.cpp,
// agreements and violations in sqlite_violations.cpp.

#include <string>

#include "store/sqlite/sqlite_util.hpp"
#include "store/store.hpp"

namespace truceline::store::sqlite_detail {

class SqliteStore final : public Store {
 public:
  SqliteStore(DbPtr db, std::string path, int schema_version)
      : db_(std::move(db)), path_(std::move(path)), schema_version_(schema_version) {}

  // Prepares the statements used on hot paths; call once after opening.
  core::Status Prepare();

  core::Result<AppendResult> AppendReports(std::span<const core::Report> reports,
                                           std::span<const core::ContentDigest> digests,
                                           core::UtcMicros ingested_at) override;
  core::Status ScanReports(const ReportQuery& query,
                           const std::function<bool(const StoredReport&)>& visit) override;
  core::Result<StoredReport> GetReport(const std::string& source, const std::string& id) override;
  core::Result<uint64_t> CountReports() override;

  core::Result<FusionState> LoadFusionState() override;
  core::Status ScanReportsAfter(uint64_t after_seq,
                                const std::function<bool(const FusedReport&)>& visit) override;
  core::Status ScanFusionCandidates(
      const FusionCandidateQuery& query,
      const std::function<void(const CandidatePoint&)>& visit) override;
  core::Status ScanIncidentReports(uint64_t incident,
                                   const std::function<void(const FusedReport&)>& visit) override;
  core::Result<core::IncidentTally> LoadIncidentTally(uint64_t incident) override;
  core::Status ApplyFusion(const FusionUpdate& update, core::UtcMicros at) override;
  core::Status ScanIncidents(const IncidentQuery& query,
                             const std::function<bool(const core::Incident&)>& visit) override;
  core::Result<core::Incident> GetIncident(uint64_t id) override;
  core::Result<core::Incident> ReviewIncident(uint64_t id,
                                              const core::IncidentReview& review) override;
  core::Status ScanIncidentChanges(
      uint64_t after_seq, const std::function<void(const IncidentChange&)>& visit) override;
  core::Status ScanIncidentHistory(
      uint64_t id, const std::function<void(const IncidentHistoryEntry&)>& visit) override;
  core::Status ScanSeparations(const std::function<void(uint64_t, uint64_t)>& visit) override;

  core::Result<uint64_t> ActivateAgreement(const StoredAgreement& agreement,
                                           const ViolationUpdate& violations,
                                           core::UtcMicros at) override;
  core::Result<std::optional<StoredAgreement>> ActiveAgreement() override;
  core::Status ApplyViolations(const ViolationUpdate& update, core::UtcMicros at) override;
  core::Status ScanViolations(const ViolationQuery& query,
                              const std::function<bool(const ViolationRecord&)>& visit) override;
  core::Status ScanViolationHistory(
      uint64_t id, const std::function<void(const ViolationHistoryEntry&)>& visit) override;

  int SchemaVersion() const override { return schema_version_; }

 private:
  core::Status PrepareOne(std::string_view sql, StmtPtr& out);
  core::Status PrepareIncidentStatements();
  // Steps a statement that returns no rows, then resets it.
  core::Status Step(sqlite3_stmt* stmt, std::string_view doing);
  core::Result<AppendOutcome> InsertOne(const core::Report& r, const core::ContentDigest& digest,
                                        core::UtcMicros ingested_at);
  // Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back on failure.
  core::Status InTransaction(const std::function<core::Status()>& body);
  // Steps through the rows of `stmt`, calling `row` for each; resets it.
  core::Status ForEachRow(sqlite3_stmt* stmt, std::string_view doing,
                          const std::function<bool()>& row);
  core::Result<uint64_t> ResolveIncidentId(uint64_t id);
  // `analyst`: set when an analyst merged by hand (recorded with the merge).
  core::Status ApplyMerge(const FusionUpdate::Merge& merge, const FusionUpdate::Analyst* analyst,
                          int64_t at_us);
  // An analyst's split: moves the reports, records the separation and the
  // history of both parts.
  core::Status ApplySplit(const FusionUpdate& update, int64_t at_us);
  // `existed`: the id was handed out by an earlier fusion step, so the row
  // may exist and carry a review.
  core::Status WriteIncident(const FusionUpdate::Changed& changed, bool existed, int64_t at_us);
  core::Status AppendHistory(uint64_t incident, int64_t at_us, std::string_view event,
                             const std::string& detail);

  // Violations (sqlite_violations.cpp); these run inside a transaction.
  core::Status PrepareViolationStatements();
  core::Result<std::optional<uint64_t>> ActiveAgreementVersion();
  // Makes `now` the incident's violations, recording what was found,
  // changed or withdrawn (with `withdraw_reason`).
  core::Status ReplaceViolations(uint64_t incident, std::span<const ViolationRecord* const> now,
                                 uint64_t version, int64_t at_us, std::string_view withdraw_reason);
  // Checks the update's version is the active one, then replaces.
  core::Status WriteViolationUpdate(const ViolationUpdate& update, int64_t at_us);
  core::Status AppendViolationHistory(uint64_t incident, const std::string& clause_id,
                                      uint64_t version, int64_t at_us, std::string_view event,
                                      const std::string& detail);

  DbPtr db_;
  std::string path_;
  int schema_version_;
  StmtPtr insert_, digest_of_, begin_, commit_, rollback_;
  StmtPtr reports_after_, incident_reports_, candidates_;
  StmtPtr insert_member_, move_members_, record_merge_, review_of_, carry_review_, delete_incident_,
      upsert_incident_, insert_history_, tally_of_;
  StmtPtr violations_of_, upsert_violation_, delete_violation_, insert_violation_history_,
      active_version_;
};

}  // namespace truceline::store::sqlite_detail
