#include "cli/actor_args.hpp"

#include <cstdlib>

#include <fmt/format.h>

namespace truceline::cli {

void AddActorOptions(CLI::App* cmd, ActorArgs& args, const std::string& what) {
  cmd->add_option("--actor", args.actor, "Who writes (default: $USER)");
  cmd->add_option("--role", args.role, what + " (no authentication yet)")->required();
}

core::Result<app::Actor> ActorOf(const ActorArgs& args) {
  auto role = app::ParseRole(args.role);
  if (!role) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("--role '{}': expected one of admin, coordinator, analyst, "
                                    "monitor, sensor, observer",
                                    args.role));
  }
  std::string name = args.actor;
  if (name.empty()) {
    const char* user = std::getenv("USER");
    name = user != nullptr && *user != '\0' ? user : "unknown";
  }
  return app::Actor{name, *role};
}

}  // namespace truceline::cli
