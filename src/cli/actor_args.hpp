#pragma once
// --actor and --role: who asks for a write. There is no authentication yet:
// the role is declared, and the use case decides what it allows.

#include <string>

#include <CLI/CLI.hpp>

#include "app/registry_service.hpp"
#include "core/status.hpp"

namespace truceline::cli {

struct ActorArgs {
  std::string actor;
  std::string role;
};

// Adds --actor (default: $USER) and a required --role to `cmd`; `what`
// says which role the write needs, for the help text.
void AddActorOptions(CLI::App* cmd, ActorArgs& args, const std::string& what);

// The actor the arguments name. kInvalidArgument for an unknown role.
core::Result<app::Actor> ActorOf(const ActorArgs& args);

}  // namespace truceline::cli
