#pragma once
// The registry's JSON form (docs/formats.md, "Coalition registry"): reading a
// registry document, and each fact to and from JSON for output and storage.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.hpp"
#include "registry/registry.hpp"

namespace truceline::registry {

// Parses and checks a registry document. `file` names the document in
// errors. Errors: kParseError when the text is not JSON; kInvalidRecord
// listing every issue as "FILE: $.json.path: reason" (see CheckRegistry).
core::Result<Registry> ParseRegistry(std::string_view text, const std::string& file);

// Parses additions to a registry: a document in the same shape whose
// members are all optional (typically a few `sources` and `positions`, or a
// `deliveries` entry, or `pledge_updates`). Only the shape is checked here; the additions are
// checked together with the registry they join (app::RegistryWriter).
// Errors as for ParseRegistry.
core::Result<Registry> ParseRegistryAdditions(std::string_view text, const std::string& file);

// Each fact to JSON, in the document's shape. Citations carry their report
// date ("report_date") when it is known.
nlohmann::json ToJson(const Citation& v);
nlohmann::json ToJson(const Nation& v);
nlohmann::json ToJson(const Position& v);
nlohmann::json ToJson(const Pledge& v);
nlohmann::json ToJson(const PledgeUpdate& v);
nlohmann::json ToJson(const Meeting& v);
nlohmann::json ToJson(const Statement& v);
nlohmann::json ToJson(const AidPackage& v);
nlohmann::json ToJson(const Delivery& v);
nlohmann::json ToJson(const Conflict& v);
nlohmann::json ToJson(const Quantity& v);
// The whole registry, as a document ParseRegistry reads back.
nlohmann::json ToJson(const Registry& v);

// Each fact from JSON; problems are appended to `issues` with paths under
// `path` (e.g. "$.positions[3]"). The result is meaningful only when no
// issue was added. Referential checks are CheckRegistry's.
Source SourceFromJson(const nlohmann::json& j, const std::string& path, std::vector<Issue>& issues);
Nation NationFromJson(const nlohmann::json& j, const std::string& path, std::vector<Issue>& issues);
Position PositionFromJson(const nlohmann::json& j, const std::string& path,
                          std::vector<Issue>& issues);
Pledge PledgeFromJson(const nlohmann::json& j, const std::string& path, std::vector<Issue>& issues);
Meeting MeetingFromJson(const nlohmann::json& j, const std::string& path,
                        std::vector<Issue>& issues);
Statement StatementFromJson(const nlohmann::json& j, const std::string& path,
                            std::vector<Issue>& issues);
AidPackage AidPackageFromJson(const nlohmann::json& j, const std::string& path,
                              std::vector<Issue>& issues);
Delivery DeliveryFromJson(const nlohmann::json& j, const std::string& path,
                          std::vector<Issue>& issues);
PledgeUpdate PledgeUpdateFromJson(const nlohmann::json& j, const std::string& path,
                                  std::vector<Issue>& issues);
Conflict ConflictFromJson(const nlohmann::json& j, const std::string& path,
                          std::vector<Issue>& issues);
Scope ScopeFromJson(const nlohmann::json& j, const std::string& path, std::vector<Issue>& issues);

}  // namespace truceline::registry
