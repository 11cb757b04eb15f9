#include "cli/registry_args.hpp"

#include <fmt/format.h>

#include "app/registry_service.hpp"
#include "cli/commands.hpp"

namespace truceline::cli {

void AddRegistryOptions(CLI::App* cmd, RegistryArgs& args, bool with_as_of) {
  cmd->add_option("--db", args.db,
                  "A store holding an imported registry (see `coalition import`); default: the "
                  "document given by --file")
      ->check(CLI::ExistingFile);
  cmd->add_option("--file", args.file,
                  "A registry document (default: the bundled registry of 27 March 2025)");
  cmd->add_option("--format", args.format, "table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  if (with_as_of) {
    cmd->add_option("--as-of", args.as_of,
                    "The picture on this date, YYYY-MM-DD (default: the "
                    "record's date)");
  }
}

core::Result<registry::Registry> LoadRegistryFor(const RegistryArgs& args) {
  return app::LoadRegistry({args.db, args.file});
}

std::optional<std::string> AsOfArgument(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

int PrintOutput(const RegistryArgs& args, const nlohmann::json& json, const std::string& table) {
  if (args.format == "json") {
    fmt::print("{}\n", json.dump(2));
  } else {
    fmt::print("{}", table);
  }
  return kExitOk;
}

}  // namespace truceline::cli
