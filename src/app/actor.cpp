#include "app/actor.hpp"

#include <array>
#include <utility>

namespace truceline::app {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoles{{
    {Role::kAdmin, "admin"},
    {Role::kCoordinator, "coordinator"},
    {Role::kAnalyst, "analyst"},
    {Role::kMonitor, "monitor"},
    {Role::kSensor, "sensor"},
    {Role::kObserver, "observer"},
}};

}  // namespace

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [role, role_name] : kRoles) {
    if (role_name == name) return role;
  }
  return std::nullopt;
}

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoles) {
    if (r == role) return name;
  }
  return "unknown";
}

}  // namespace truceline::app
