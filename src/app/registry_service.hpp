#pragma once
// The coalition registry's use cases: reading the registry (the bundled
// document, another document, or a store) and the picture on a date, for
// the CLI now and the server later; and its output as JSON or tables.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/actor.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "registry/registry.hpp"
#include "store/registry_store.hpp"

namespace truceline::app {

// Where a registry is read from: the store at `db` when set (its imported
// registry and every fact added since), else the document `file`, else the
// bundled document.
struct RegistrySource {
  std::string db;
  std::string file;
  // With `db`: a store into which no registry was imported yields the
  // bundled document instead of kNotFound (what the server serves).
  bool bundled_if_none_imported = false;
};

// The bundled registry: DataDirectory()/registry/coalition-2025-03-27.json.
std::string BundledRegistryPath();

// Reads and checks a registry document. Errors: kNotFound when the file
// cannot be opened; kParseError when it is not JSON; kInvalidRecord listing
// every problem as "FILE: $.json.path: reason".
core::Result<registry::Registry> LoadRegistryDocument(const std::string& path);

// Opens the registry of the store named by `location` (as OpenStore).
core::Result<std::unique_ptr<store::RegistryStore>> OpenRegistryStore(const std::string& location);

// Loads the registry named by `source`. Errors: those of LoadRegistryDocument
// or of the store (kNotFound when nothing was imported into it).
core::Result<registry::Registry> LoadRegistry(const RegistrySource& source);

// Parses `path` as additions to a registry (registry::ParseRegistryAdditions).
core::Result<registry::Registry> LoadRegistryAdditions(const std::string& path);

// --- read use cases (what `truceline coalition|aid` and, later, the server show)
// `as_of` is a YYYY-MM-DD text as typed by a user; nullopt: the record's date.

// Every nation and the facts known on that date. Errors: as ResolveAsOf.
core::Result<registry::Picture> CoalitionAsOf(const registry::Registry& registry,
                                              const std::optional<std::string>& as_of);
// One nation (ISO 3166-1 alpha-2 or alpha-3, any case). Errors: as
// ResolveAsOf; kInvalidArgument naming the code when no such nation is listed.
core::Result<registry::NationPicture> NationAsOf(const registry::Registry& registry,
                                                 const std::string& code,
                                                 const std::optional<std::string>& as_of);
// Pledged vs delivered by donor and category on that date.
core::Result<std::vector<registry::AidBalance>> AidBalanceAsOf(
    const registry::Registry& registry, const std::optional<std::string>& as_of);

// --- write use cases --------------------------------------------------------

// Writes to a stored registry. Every write: needs the coordinator role
// (else kForbidden, nothing written); is checked together with the
// stored registry as a whole (registry::CheckRegistry), with today (from
// the clock) as the record's date, so a fact dated in the future of the
// record is refused; is written in one transaction with an entry in the
// store's change log (actor, role, time, what); the front end then appends
// the write to the audit trail (app::AuditTrail). Errors name the file, the JSON path (in
// the caller's document) and the reason; on any error nothing is written.
// Thread safety: as the store's.
class RegistryWriter {
 public:
  RegistryWriter(store::RegistryStore& store, const core::Clock& clock)
      : store_(store), clock_(clock) {}

  // Stores a whole registry document (already checked by
  // LoadRegistryDocument) into a store that holds none.
  // Errors: kForbidden; kAlreadyExists when the store holds one.
  core::Status Import(const Actor& actor, const registry::Registry& document);

  // Adds facts (from LoadRegistryAdditions(file)) to the stored registry:
  // e.g. a report and a later position, a delivery, or a later status of a
  // stored pledge (`pledge_updates`: forward only, dated from the pledge's
  // latest status to today, cited).
  // Errors: kForbidden; kNotFound when nothing was imported;
  // kInvalidRecord ("FILE: $.positions[0].nation: unknown nation 'XX'");
  // kAlreadyExists when an id is taken.
  core::Status Add(const Actor& actor, const registry::Registry& additions,
                   const std::string& file);

 private:
  store::RegistryStore& store_;
  const core::Clock& clock_;
};

// Parses an "as of" date argument (YYYY-MM-DD) for `registry`: nullopt
// `text` means the record's own date. Errors (kInvalidArgument): not a
// date, or a date after the record's date (the registry knows nothing later).
core::Result<registry::Date> ResolveAsOf(const registry::Registry& registry,
                                         const std::optional<std::string>& text);

// --- output -------------------------------------------------------------------
// JSON output is stable (scripts rely on it): members are only ever added.
// Tables are for a terminal, one line per position.

// `coalition list`: every nation with its current positions (each with its
// citations and the conflicts that concern it), pledges and meetings on
// `picture.date`.
nlohmann::json CoalitionListJson(const registry::Registry& registry,
                                 const registry::Picture& picture);
std::string CoalitionListTable(const registry::Registry& registry,
                               const registry::Picture& picture);

// `coalition show ISO`: one nation in full, superseded positions included.
nlohmann::json NationJson(const registry::Registry& registry, const registry::NationPicture& nation,
                          registry::Date date);
std::string NationTable(const registry::Registry& registry, const registry::NationPicture& nation,
                        registry::Date date);

// `coalition as-of DATE`: the list plus the meetings, statements and
// conflicts known on that date.
nlohmann::json PictureJson(const registry::Registry& registry, const registry::Picture& picture);
std::string PictureTable(const registry::Registry& registry, const registry::Picture& picture);

// `aid packages` and `aid balance`.
nlohmann::json AidPackagesJson(const registry::Registry& registry, registry::Date date);
std::string AidPackagesTable(const registry::Registry& registry, registry::Date date);
nlohmann::json AidBalanceJson(const std::vector<registry::AidBalance>& lines, registry::Date date);
std::string AidBalanceTable(const std::vector<registry::AidBalance>& lines, registry::Date date);

}  // namespace truceline::app
