#include "core/incident.hpp"

#include <array>

#include "core/vocabulary.hpp"

namespace truceline::core {
namespace {

constexpr std::array<std::string_view, 4> kIncidentStatusNames{"single_source", "corroborated",
                                                               "verified", "rejected"};
static_assert(kIncidentStatusNames.size() == static_cast<size_t>(IncidentStatus::kRejected) + 1);

}  // namespace

std::string_view IncidentStatusName(IncidentStatus v) {
  return detail::NameOf(kIncidentStatusNames, v);
}
std::optional<IncidentStatus> ParseIncidentStatus(std::string_view name) {
  return detail::Lookup<IncidentStatus>(kIncidentStatusNames, name);
}
std::span<const std::string_view> IncidentStatusNames() {
  return kIncidentStatusNames;
}

}  // namespace truceline::core
