#include "app/registry_service.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "app/reference_data.hpp"
#include "registry/registry_json.hpp"

namespace truceline::app {

std::string BundledRegistryPath() {
  return DataDirectory() + "/registry/coalition-2025-03-27.json";
}

core::Result<registry::Registry> LoadRegistryDocument(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::Status(core::ErrorCode::kNotFound,
                        fmt::format("{}: cannot open the registry document", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return core::Status(core::ErrorCode::kIoError, fmt::format("{}: cannot read", path));
  }
  return registry::ParseRegistry(text.str(), path);
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
