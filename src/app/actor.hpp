#pragma once
// Who acts: the roles of DESIGN.md and the actor a use case is asked by.
// Shared by every use case that writes (registry, agreements, accounts) and
// by the front ends that establish who the caller is.

#include <optional>
#include <string>
#include <string_view>

namespace truceline::app {

// The roles of DESIGN.md. What each allows is decided by the use cases.
enum class Role { kAdmin, kCoordinator, kAnalyst, kMonitor, kSensor, kObserver };

// The role named `name` ("admin", "coordinator", "analyst", "monitor",
// "sensor", "observer"); nullopt for anything else. Case-sensitive.
std::optional<Role> ParseRole(std::string_view name);
// The stable wire name of `role`, as ParseRole accepts it.
std::string_view RoleName(Role role);

// Who asks for an operation. The CLI takes it from its options (or acts as
// the local administrator); the server from the authenticated credential
// (app::Principal). Either way the use case, not the front end, decides
// what the role allows.
struct Actor {
  std::string name;
  Role role = Role::kObserver;
};

}  // namespace truceline::app
