#include "store/sqlite/sqlite_registry_store.hpp"

#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "registry/registry_json.hpp"
#include "store/sqlite/sqlite_util.hpp"

namespace truceline::store {
namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using nlohmann::json;

using sqlite_detail::DbPtr;
using sqlite_detail::StmtPtr;

// A value bound to a statement parameter: text, integer or null.
struct Value {
  enum class Kind { kText, kInt, kNull } kind = Kind::kNull;
  std::string text;
  int64_t number = 0;
  static Value Text(std::string s) { return {Kind::kText, std::move(s), 0}; }
  static Value Int(int64_t v) { return {Kind::kInt, {}, v}; }
};

// One kind of fact: its table, its key columns and how a fact reads back.
struct FactTable {
  std::string_view table;
  std::vector<std::string_view> columns;  // key columns, then `doc`
};

const FactTable kSources{"registry_sources", {"id", "date"}};
const FactTable kNations{"registry_nations", {"iso2", "iso3", "name", "eu", "nato"}};
const FactTable kScopes{"registry_scopes", {"id"}};
const FactTable kPositions{"registry_positions", {"id", "nation", "scope", "stance", "date"}};
const FactTable kPledges{"registry_pledges", {"id", "nation", "category", "date"}};
const FactTable kMeetings{"registry_meetings", {"id", "date"}};
const FactTable kStatements{"registry_statements", {"id", "date"}};
const FactTable kPackages{"aid_packages", {"id", "donor", "date"}};
const FactTable kDeliveries{"aid_deliveries", {"id", "package", "category", "date"}};
const FactTable kConflicts{"registry_conflicts", {"id"}};
const FactTable kPledgeUpdates{"registry_pledge_updates", {"pledge", "status", "date"}};

// Every citation list inside `doc`, with the JSON pointer of the list.
void CollectCitations(const json& doc, const std::string& pointer,
                      std::vector<std::pair<std::string, const json*>>& out) {
  if (doc.is_object()) {
    for (const auto& [key, value] : doc.items()) {
      std::string here = pointer + "/" + key;
      if (key == "citations" && value.is_array()) {
        out.emplace_back(here, &value);
      } else {
        CollectCitations(value, here, out);
      }
    }
  } else if (doc.is_array()) {
    for (size_t i = 0; i < doc.size(); ++i) {
      CollectCitations(doc[i], fmt::format("{}/{}", pointer, i), out);
    }
  }
}

json SourceJson(const registry::Source& s) {
  json j{{"id", s.id},
         {"date", registry::FormatDate(s.date)},
         {"date_basis", registry::DateBasisName(s.date_basis)},
         {"outlets", s.outlets}};
  if (!s.date_note.empty()) j["date_note"] = s.date_note;
  if (!s.title.empty()) j["title"] = s.title;
  return j;
}

class SqliteRegistryStore final : public RegistryStore {
 public:
  SqliteRegistryStore(DbPtr db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}

  Status AppendRegistry(const registry::Registry& facts, const RegistryChange& change) override {
    TRUCELINE_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "begin a transaction"));
    Status status = AppendAll(facts, change);
    if (status.ok()) status = Exec("COMMIT", "commit");
    if (!status.ok()) (void)Exec("ROLLBACK", "roll back");
    return status;
  }

  Result<registry::Registry> LoadRegistry() override {
    registry::Registry r;
    auto id = Meta("id");
    if (!id.ok()) return id.status();
    if (id->empty()) {
      return Status(ErrorCode::kNotFound,
                    fmt::format("{}: no coalition registry in this store (import one with "
                                "`truceline coalition import --db {}`)",
                                path_, path_));
    }
    r.id = *id;
    auto title = Meta("title");
    auto as_of = Meta("as_of");
    auto notes = Meta("notes");
    if (!title.ok() || !as_of.ok() || !notes.ok()) return Status(ErrorCode::kStorageError, path_);
    r.title = *title;
    r.as_of = registry::ParseDate(*as_of).value_or(registry::Date{});
    json notes_json = json::parse(*notes, nullptr, false);
    if (notes_json.is_array()) {
      for (const auto& n : notes_json) {
        if (n.is_string()) r.notes.push_back(n.get<std::string>());
      }
    }
    std::vector<registry::Issue> issues;
    auto read = [&](const FactTable& t, auto& out, auto from_json) -> Status {
      return ScanDocs(t, [&](const json& doc, const std::string& where) {
        out.push_back(from_json(doc, where, issues));
      });
    };
    TRUCELINE_RETURN_IF_ERROR(read(kSources, r.sources, &registry::SourceFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kNations, r.nations, &registry::NationFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kScopes, r.scopes, &registry::ScopeFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kPositions, r.positions, &registry::PositionFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kPledges, r.pledges, &registry::PledgeFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kMeetings, r.meetings, &registry::MeetingFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kStatements, r.statements, &registry::StatementFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kPackages, r.aid_packages, &registry::AidPackageFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kDeliveries, r.deliveries, &registry::DeliveryFromJson));
    TRUCELINE_RETURN_IF_ERROR(read(kConflicts, r.conflicts, &registry::ConflictFromJson));
    TRUCELINE_RETURN_IF_ERROR(
        read(kPledgeUpdates, r.pledge_updates, &registry::PledgeUpdateFromJson));
    if (issues.empty()) issues = registry::CheckRegistry(r);
    if (!issues.empty()) {
      return Status(ErrorCode::kStorageError,
                    fmt::format("{}: the stored registry does not read back: {}: {}", path_,
                                issues[0].path, issues[0].reason));
    }
    registry::FoldPledgeUpdates(r);
    return r;
  }

  Result<std::vector<RegistryChange>> RegistryChanges() override {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(Prepare(
        "SELECT at_us, actor, role, action, summary FROM registry_changes ORDER BY seq", stmt));
    std::vector<RegistryChange> out;
    while (true) {
      int rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) return SqlError("read the change log");
      out.push_back({core::FromUnixMicros(sqlite3_column_int64(stmt.get(), 0)),
                     ColumnText(stmt.get(), 1), ColumnText(stmt.get(), 2),
                     ColumnText(stmt.get(), 3), ColumnText(stmt.get(), 4)});
    }
  }

 private:
  static std::string ColumnText(sqlite3_stmt* stmt, int index) {
    const auto* text = sqlite3_column_text(stmt, index);
    return text == nullptr ? std::string()
                           : std::string(reinterpret_cast<const char*>(text),
                                         static_cast<size_t>(sqlite3_column_bytes(stmt, index)));
  }

  Status SqlError(std::string_view doing) const {
    int code = sqlite3_extended_errcode(db_.get());
    ErrorCode error = (code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL
                          ? ErrorCode::kIoError
                          : ErrorCode::kStorageError;
    return Status(error, fmt::format("{}: {}: {}", path_, doing, sqlite3_errmsg(db_.get())));
  }

  Status Exec(std::string_view sql, std::string_view doing) {
    std::string text(sql);
    if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return SqlError(doing);
    }
    return Status::Ok();
  }

  Status Prepare(std::string_view sql, StmtPtr& out) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return SqlError("prepare a statement");
    }
    out.reset(stmt);
    return Status::Ok();
  }

  // Runs `sql` with `values` bound to ?1..?N. A unique key already taken is
  // kAlreadyExists naming `what`.
  Status Run(std::string_view sql, const std::vector<Value>& values, std::string_view what) {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(Prepare(sql, stmt));
    for (size_t i = 0; i < values.size(); ++i) {
      int index = static_cast<int>(i + 1);
      const Value& v = values[i];
      if (v.kind == Value::Kind::kText) {
        sqlite3_bind_text(stmt.get(), index, v.text.data(), static_cast<int>(v.text.size()),
                          SQLITE_TRANSIENT);
      } else if (v.kind == Value::Kind::kInt) {
        sqlite3_bind_int64(stmt.get(), index, v.number);
      } else {
        sqlite3_bind_null(stmt.get(), index);
      }
    }
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
    int code = sqlite3_extended_errcode(db_.get());
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status(ErrorCode::kAlreadyExists,
                    fmt::format("{}: {} is already stored; stored facts are never replaced (add a "
                                "new fact with its own id)",
                                path_, what));
    }
    return SqlError(fmt::format("store {}", what));
  }

  Result<std::string> Meta(std::string_view key) {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(Prepare("SELECT value FROM registry_meta WHERE key = ?1", stmt));
    sqlite3_bind_text(stmt.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_ROW) return ColumnText(stmt.get(), 0);
    if (rc == SQLITE_DONE) return std::string();
    return SqlError("read the registry's metadata");
  }

  Status SetMeta(std::string_view key, const std::string& value) {
    return Run(
        "INSERT INTO registry_meta (key, value) VALUES (?1, ?2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {Value::Text(std::string(key)), Value::Text(value)}, "registry metadata");
  }

  Status Insert(const FactTable& t, const std::string& id, std::vector<Value> keys,
                const json& doc) {
    std::string columns, params;
    for (size_t i = 0; i <= t.columns.size(); ++i) {
      columns += i == 0 ? "" : ", ";
      columns += i < t.columns.size() ? t.columns[i] : std::string_view("doc");
      params += fmt::format("{}?{}", i == 0 ? "" : ", ", i + 1);
    }
    keys.push_back(Value::Text(doc.dump()));
    std::string what = fmt::format("{} '{}'", t.table, id);
    TRUCELINE_RETURN_IF_ERROR(
        Run(fmt::format("INSERT INTO {} ({}) VALUES ({})", t.table, columns, params), keys, what));
    std::vector<std::pair<std::string, const json*>> lists;
    CollectCitations(doc, "", lists);
    for (const auto& [pointer, list] : lists) {
      for (const auto& c : *list) {
        TRUCELINE_RETURN_IF_ERROR(
            Run("INSERT INTO registry_citations (fact_table, fact_id, pointer, source, outlet, "
                "quote) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                {Value::Text(std::string(t.table)), Value::Text(id), Value::Text(pointer),
                 Value::Text(c.value("source", "")),
                 c.contains("outlet") ? Value::Text(c.value("outlet", "")) : Value{},
                 Value::Text(c.value("quote", ""))},
                fmt::format("a citation of {}", what)));
      }
    }
    return Status::Ok();
  }

  Status ScanDocs(const FactTable& t,
                  const std::function<void(const json&, const std::string&)>& visit) {
    StmtPtr stmt;
    TRUCELINE_RETURN_IF_ERROR(
        Prepare(fmt::format("SELECT seq, doc FROM {} ORDER BY seq", t.table), stmt));
    while (true) {
      int rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) return Status::Ok();
      if (rc != SQLITE_ROW) return SqlError(fmt::format("read {}", t.table));
      std::string where = fmt::format("{}:{}", t.table, sqlite3_column_int64(stmt.get(), 0));
      json doc = json::parse(ColumnText(stmt.get(), 1), nullptr, false);
      if (doc.is_discarded()) {
        return Status(ErrorCode::kStorageError, fmt::format("{}: {}: not JSON", path_, where));
      }
      visit(doc, where);
    }
  }

  Status AppendAll(const registry::Registry& facts, const RegistryChange& change) {
    using registry::FormatDate;
    auto stored_id = Meta("id");
    if (!stored_id.ok()) return stored_id.status();
    if (stored_id->empty()) {
      if (facts.id.empty()) {
        return Status(
            ErrorCode::kInvalidArgument,
            fmt::format("{}: no registry is stored yet; the first facts must name one", path_));
      }
      TRUCELINE_RETURN_IF_ERROR(SetMeta("id", facts.id));
      TRUCELINE_RETURN_IF_ERROR(SetMeta("title", facts.title));
      TRUCELINE_RETURN_IF_ERROR(SetMeta("notes", json(facts.notes).dump()));
      TRUCELINE_RETURN_IF_ERROR(SetMeta("as_of", FormatDate(facts.as_of)));
    } else if (!facts.id.empty() && facts.id != *stored_id) {
      return Status(ErrorCode::kAlreadyExists,
                    fmt::format("{}: the store holds the registry '{}', not '{}'", path_,
                                *stored_id, facts.id));
    }
    auto as_of = Meta("as_of");
    if (!as_of.ok()) return as_of.status();
    if (facts.as_of != registry::Date{} &&
        registry::ParseDate(*as_of).value_or(registry::Date{}) < facts.as_of) {
      TRUCELINE_RETURN_IF_ERROR(SetMeta("as_of", FormatDate(facts.as_of)));
    }
    auto text = [](std::string_view s) { return Value::Text(std::string(s)); };
    for (const auto& s : facts.sources) {
      TRUCELINE_RETURN_IF_ERROR(
          Insert(kSources, s.id, {text(s.id), text(FormatDate(s.date))}, SourceJson(s)));
    }
    for (const auto& n : facts.nations) {
      TRUCELINE_RETURN_IF_ERROR(
          Insert(kNations, n.iso2,
                 {text(n.iso2), text(n.iso3), text(n.name), Value::Int(n.eu), Value::Int(n.nato)},
                 registry::ToJson(n)));
    }
    for (const auto& s : facts.scopes) {
      TRUCELINE_RETURN_IF_ERROR(
          Insert(kScopes, s.id, {text(s.id)}, json{{"id", s.id}, {"text", s.text}}));
    }
    for (const auto& p : facts.positions) {
      TRUCELINE_RETURN_IF_ERROR(
          Insert(kPositions, p.id,
                 {text(p.id), text(p.nation), text(p.scope), text(registry::StanceName(p.stance)),
                  text(FormatDate(p.date))},
                 registry::ToJson(p)));
    }
    for (const auto& p : facts.pledges) {
      std::string first = p.history.empty() ? "" : FormatDate(p.history.front().date);
      TRUCELINE_RETURN_IF_ERROR(Insert(
          kPledges, p.id,
          {text(p.id), text(p.nation), text(registry::CategoryName(p.category)), text(first)},
          registry::ToJson(p)));
    }
    for (const auto& m : facts.meetings) {
      TRUCELINE_RETURN_IF_ERROR(
          Insert(kMeetings, m.id, {text(m.id), text(FormatDate(m.date))}, registry::ToJson(m)));
    }
    for (const auto& s : facts.statements) {
      TRUCELINE_RETURN_IF_ERROR(
          Insert(kStatements, s.id, {text(s.id), text(FormatDate(s.date))}, registry::ToJson(s)));
    }
    for (const auto& a : facts.aid_packages) {
      TRUCELINE_RETURN_IF_ERROR(Insert(kPackages, a.id,
                                       {text(a.id), text(a.donor), text(FormatDate(a.date))},
                                       registry::ToJson(a)));
    }
    for (const auto& d : facts.deliveries) {
      TRUCELINE_RETURN_IF_ERROR(
          Insert(kDeliveries, d.id,
                 {text(d.id), text(d.package), text(registry::CategoryName(d.category)),
                  text(FormatDate(d.date))},
                 registry::ToJson(d)));
    }
    for (const auto& c : facts.conflicts) {
      TRUCELINE_RETURN_IF_ERROR(Insert(kConflicts, c.id, {text(c.id)}, registry::ToJson(c)));
    }
    for (const auto& u : facts.pledge_updates) {
      std::string_view status = registry::PledgeStatusName(u.change.status);
      TRUCELINE_RETURN_IF_ERROR(Insert(
          kPledgeUpdates, fmt::format("{}:{}", u.pledge, status),
          {text(u.pledge), text(status), text(FormatDate(u.change.date))}, registry::ToJson(u)));
    }
    return Run(
        "INSERT INTO registry_changes (at_us, actor, role, action, summary) VALUES (?1, "
        "?2, ?3, ?4, ?5)",
        {Value::Int(core::ToUnixMicros(change.at)), text(change.actor), text(change.role),
         text(change.action), text(change.summary)},
        "a change log entry");
  }

  DbPtr db_;
  std::string path_;
};

}  // namespace

core::Result<std::unique_ptr<RegistryStore>> OpenSqliteRegistryStore(const std::string& path,
                                                                     const SqliteOptions& options) {
  auto db = sqlite_detail::OpenSideConnection(path, options);
  if (!db.ok()) return db.status();
  return std::unique_ptr<RegistryStore>(
      std::make_unique<SqliteRegistryStore>(std::move(*db), path));
}

}  // namespace truceline::store
