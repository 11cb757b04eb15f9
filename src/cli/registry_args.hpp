#pragma once
// Options shared by `truceline coalition …` and `truceline aid …`: where the
// registry is read from, the as-of date and the output format.

#include <cstdio>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/status.hpp"
#include "registry/registry.hpp"

namespace truceline::cli {

struct RegistryArgs {
  std::string db;    // a store holding an imported registry; empty: a document
  std::string file;  // a registry document; empty: the bundled one
  std::string as_of;
  std::string format = "table";
};

// Adds --db, --file, --format (and --as-of when `with_as_of`) to `cmd`.
void AddRegistryOptions(CLI::App* cmd, RegistryArgs& args, bool with_as_of);

// Loads the registry named by the arguments.
core::Result<registry::Registry> LoadRegistryFor(const RegistryArgs& args);

// The --as-of value; nullopt when not given.
std::optional<std::string> AsOfArgument(const std::string& text);

// Prints JSON (pretty, stable order) or a table to stdout; returns kExitOk.
int PrintOutput(const RegistryArgs& args, const nlohmann::json& json, const std::string& table);

}  // namespace truceline::cli
