#pragma once
// Private to core: the lookups behind every enum's wire names
// (`Parse…` and `…Name`), over a table of names in enum order.

#include <array>
#include <optional>
#include <string_view>

namespace truceline::core::detail {

template <typename Enum, size_t N>
std::optional<Enum> Lookup(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::string_view, N>& names, Enum value) {
  auto i = static_cast<size_t>(value);
  return i < N ? names[i] : std::string_view("?");
}

}  // namespace truceline::core::detail
