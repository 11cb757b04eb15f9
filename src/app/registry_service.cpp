#include "app/registry_service.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "app/input_file.hpp"
#include "app/reference_data.hpp"
#include "registry/registry_json.hpp"
#include "store/sqlite/sqlite_registry_store.hpp"

namespace truceline::app {

std::string BundledRegistryPath() {
  return DataDirectory() + "/registry/coalition-2025-03-27.json";
}

namespace {

registry::Date Today(const core::Clock& clock) {
  return std::chrono::floor<std::chrono::days>(clock.Now());
}

core::Status RequireCoordinator(const Actor& actor, std::string_view what) {
  if (actor.role == Role::kCoordinator) return core::Status::Ok();
  return core::Status(core::ErrorCode::kForbidden,
                      fmt::format("{} ({}) may not {}: writing to the coalition registry needs "
                                  "the coordinator role",
                                  actor.name, RoleName(actor.role), what));
}

// Appends the facts of `b` to those of `a`, list by list.
void AppendFacts(registry::Registry& a, const registry::Registry& b) {
  auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
  append(a.sources, b.sources);
  append(a.nations, b.nations);
  append(a.scopes, b.scopes);
  append(a.positions, b.positions);
  append(a.pledges, b.pledges);
  append(a.meetings, b.meetings);
  append(a.statements, b.statements);
  append(a.aid_packages, b.aid_packages);
  append(a.deliveries, b.deliveries);
  append(a.conflicts, b.conflicts);
  append(a.pledge_updates, b.pledge_updates);
}

// The facts of `merged` after the first `stored` ones of each list.
registry::Registry Tail(const registry::Registry& merged, const registry::Registry& stored) {
  registry::Registry out;
  auto tail = [](auto& to, const auto& from, size_t skip) {
    to.assign(from.begin() + static_cast<std::ptrdiff_t>(skip), from.end());
  };
  tail(out.sources, merged.sources, stored.sources.size());
  tail(out.nations, merged.nations, stored.nations.size());
  tail(out.scopes, merged.scopes, stored.scopes.size());
  tail(out.positions, merged.positions, stored.positions.size());
  tail(out.pledges, merged.pledges, stored.pledges.size());
  tail(out.meetings, merged.meetings, stored.meetings.size());
  tail(out.statements, merged.statements, stored.statements.size());
  tail(out.aid_packages, merged.aid_packages, stored.aid_packages.size());
  tail(out.deliveries, merged.deliveries, stored.deliveries.size());
  tail(out.conflicts, merged.conflicts, stored.conflicts.size());
  tail(out.pledge_updates, merged.pledge_updates, stored.pledge_updates.size());
  return out;
}

std::map<std::string, size_t> ListSizes(const registry::Registry& r) {
  return {{"sources", r.sources.size()},
          {"nations", r.nations.size()},
          {"scopes", r.scopes.size()},
          {"positions", r.positions.size()},
          {"pledges", r.pledges.size()},
          {"meetings", r.meetings.size()},
          {"statements", r.statements.size()},
          {"aid_packages", r.aid_packages.size()},
          {"deliveries", r.deliveries.size()},
          {"conflicts", r.conflicts.size()},
          {"pledge_updates", r.pledge_updates.size()}};
}

// "$.positions[17].nation" in the merged registry → "$.positions[2].nation"
// in the additions, when 15 positions were stored before.
std::string AdditionsPath(const std::string& path, const std::map<std::string, size_t>& stored) {
  size_t open = path.find('[');
  size_t close = path.find(']');
  if (path.rfind("$.", 0) != 0 || open == std::string::npos || close < open) return path;
  std::string list = path.substr(2, open - 2);
  auto it = stored.find(list);
  size_t index = 0;
  std::from_chars(path.data() + open + 1, path.data() + close, index);
  if (it == stored.end()) return path;
  if (index < it->second) return "(stored registry) " + path;
  return fmt::format("$.{}[{}]{}", list, index - it->second, path.substr(close + 1));
}

// What a write stored, for the change log: counts, and the ids of the
// facts a planner asks about (positions, pledges, aid; a pledge update as
// PLEDGE:STATUS) when `with_ids`.
std::string Summary(const registry::Registry& facts, bool with_ids) {
  std::string out;
  for (const auto& [list, n] : ListSizes(facts)) {
    if (n > 0) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, list);
  }
  if (!with_ids) return out.empty() ? "nothing" : out;
  auto ids = [&](const auto& facts_of_a_kind) {
    for (const auto& f : facts_of_a_kind)
      out += " " + f.id;
  };
  ids(facts.positions);
  ids(facts.pledges);
  ids(facts.aid_packages);
  ids(facts.deliveries);
  for (const auto& u : facts.pledge_updates)
    out += fmt::format(" {}:{}", u.pledge, registry::PledgeStatusName(u.change.status));
  return out.empty() ? "nothing" : out;
}

}  // namespace

core::Result<registry::Registry> LoadRegistryDocument(const std::string& path) {
  auto text = ReadInputFile(path);
  if (!text.ok()) return text.status();
  return registry::ParseRegistry(*text, path);
}

core::Result<registry::Registry> LoadRegistryAdditions(const std::string& path) {
  auto text = ReadInputFile(path);
  if (!text.ok()) return text.status();
  return registry::ParseRegistryAdditions(*text, path);
}

core::Result<std::unique_ptr<store::RegistryStore>> OpenRegistryStore(const std::string& location) {
  std::string_view path = location;
  if (path.starts_with("sqlite:")) path.remove_prefix(7);
  if (path.empty()) {
    return core::Status(core::ErrorCode::kInvalidArgument, "no store given (--db PATH)");
  }
  return store::OpenSqliteRegistryStore(std::string(path));
}

core::Result<registry::Registry> LoadRegistry(const RegistrySource& source) {
  if (source.db.empty()) {
    return LoadRegistryDocument(source.file.empty() ? BundledRegistryPath() : source.file);
  }
  auto store = OpenRegistryStore(source.db);
  if (!store.ok()) return store.status();
  auto stored = (*store)->LoadRegistry();
  if (!stored.ok() && stored.status().code() == core::ErrorCode::kNotFound &&
      source.bundled_if_none_imported) {
    return LoadRegistryDocument(BundledRegistryPath());
  }
  return stored;
}

core::Result<registry::Picture> CoalitionAsOf(const registry::Registry& registry,
                                              const std::optional<std::string>& as_of) {
  auto date = ResolveAsOf(registry, as_of);
  if (!date.ok()) return date.status();
  return registry::PictureAsOf(registry, *date);
}

core::Result<registry::NationPicture> NationAsOf(const registry::Registry& registry,
                                                 const std::string& code,
                                                 const std::optional<std::string>& as_of) {
  auto date = ResolveAsOf(registry, as_of);
  if (!date.ok()) return date.status();
  auto nation = registry::NationAsOf(registry, code, *date);
  if (!nation) {
    return core::Status(
        core::ErrorCode::kInvalidArgument,
        fmt::format("unknown nation '{}': not an ISO 3166-1 alpha-2 or alpha-3 code of a nation "
                    "in the registry '{}' (see `truceline coalition list`)",
                    code, registry.id));
  }
  return *nation;
}

core::Result<std::vector<registry::AidBalance>> AidBalanceAsOf(
    const registry::Registry& registry, const std::optional<std::string>& as_of) {
  auto date = ResolveAsOf(registry, as_of);
  if (!date.ok()) return date.status();
  return registry::AidBalances(registry, *date);
}

core::Status RegistryWriter::Import(const Actor& actor, const registry::Registry& document) {
  TRUCELINE_RETURN_IF_ERROR(RequireCoordinator(actor, "import a registry"));
  auto stored = store_.LoadRegistry();
  if (stored.ok()) {
    return core::Status(core::ErrorCode::kAlreadyExists,
                        fmt::format("the store already holds the registry '{}' (as of {}); add "
                                    "facts to it with `truceline coalition add`",
                                    stored->id, registry::FormatDate(stored->as_of)));
  }
  if (stored.status().code() != core::ErrorCode::kNotFound) return stored.status();
  if (document.as_of > Today(clock_)) {
    return core::Status(core::ErrorCode::kInvalidRecord,
                        fmt::format("the registry '{}' is dated {}, in the future", document.id,
                                    registry::FormatDate(document.as_of)));
  }
  return store_.AppendRegistry(
      document, {clock_.Now(), actor.name, std::string(RoleName(actor.role)), "import",
                 fmt::format("registry {} as of {}: {}", document.id,
                             registry::FormatDate(document.as_of), Summary(document, false))});
}

core::Status RegistryWriter::Add(const Actor& actor, const registry::Registry& additions,
                                 const std::string& file) {
  TRUCELINE_RETURN_IF_ERROR(RequireCoordinator(actor, "add to the registry"));
  auto stored = store_.LoadRegistry();
  if (!stored.ok()) return stored.status();
  if (!additions.id.empty() && additions.id != stored->id) {
    return core::Status(core::ErrorCode::kInvalidRecord,
                        fmt::format("{}: $.id: '{}' is not the stored registry '{}'", file,
                                    additions.id, stored->id));
  }
  registry::Registry merged = *stored;
  AppendFacts(merged, additions);
  // The record now runs to today: a fact dated later is in its future.
  merged.as_of = std::max(stored->as_of, Today(clock_));
  auto issues = registry::CheckRegistry(merged);
  if (!issues.empty()) {
    auto sizes = ListSizes(*stored);
    for (auto& issue : issues)
      issue.path = AdditionsPath(issue.path, sizes);
    return registry::IssuesToStatus(file, issues);
  }
  registry::Registry facts = Tail(merged, *stored);
  facts.as_of = merged.as_of;
  return store_.AppendRegistry(facts, {clock_.Now(), actor.name, std::string(RoleName(actor.role)),
                                       "add", fmt::format("{}: {}", file, Summary(facts, true))});
}

core::Result<registry::Date> ResolveAsOf(const registry::Registry& registry,
                                         const std::optional<std::string>& text) {
  if (!text) return registry.as_of;
  auto date = registry::ParseDate(*text);
  if (!date) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("as-of date '{}': expected YYYY-MM-DD", *text));
  }
  if (*date > registry.as_of) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("as-of date {} is after the record's date {}: the registry "
                                    "'{}' knows nothing later",
                                    *text, registry::FormatDate(registry.as_of), registry.id));
  }
  return *date;
}

}  // namespace truceline::app
