#pragma once
// The coalition registry's use cases: reading the registry (the bundled
// document, another document, or a store) and the picture on a date, for
// the CLI now and the server later; and its output as JSON or tables.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.hpp"
#include "registry/registry.hpp"

namespace truceline::app {

// The bundled registry: DataDirectory()/registry/coalition-2025-03-27.json.
std::string BundledRegistryPath();

// Reads and checks a registry document. Errors: kNotFound when the file
// cannot be opened; kParseError when it is not JSON; kInvalidRecord listing
// every problem as "FILE: $.json.path: reason".
core::Result<registry::Registry> LoadRegistryDocument(const std::string& path);

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
