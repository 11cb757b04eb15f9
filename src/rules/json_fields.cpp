// Reading JSON members with every problem recorded under its path.

#include "rules/json_fields.hpp"

#include <algorithm>

namespace truceline::rules::detail {

using nlohmann::json;

std::string_view JsonTypeWords(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    default:
      return "a value of another type";
  }
}

Fields::Fields(const json& j, std::string path, std::vector<Issue>& issues)
    : j_(j), path_(std::move(path)), issues_(issues) {
  if (!j_.is_object()) Fail(path_, fmt::format("expected an object, not {}", JsonTypeWords(j_)));
}

void Fields::Fail(const std::string& where, std::string reason) const {
  issues_.push_back({where, std::move(reason)});
}

const json* Fields::Get(std::string_view key) const {
  if (!j_.is_object()) return nullptr;
  auto it = j_.find(key);
  return it == j_.end() || it->is_null() ? nullptr : &*it;
}

std::string Fields::Text(std::string_view key, bool required) const {
  const json* v = Get(key);
  if (v == nullptr) {
    if (required && is_object()) Fail(At(key), "required");
    return {};
  }
  if (!v->is_string()) {
    Fail(At(key), fmt::format("expected a string, not {}", JsonTypeWords(*v)));
    return {};
  }
  std::string s = v->get<std::string>();
  if (required && s.empty()) Fail(At(key), "must not be empty");
  return s;
}

std::optional<double> Fields::Number(std::string_view key, bool required) const {
  const json* v = Get(key);
  if (v == nullptr) {
    if (required && is_object()) Fail(At(key), "required");
    return std::nullopt;
  }
  if (!v->is_number()) {
    Fail(At(key), fmt::format("expected a number, not {}", JsonTypeWords(*v)));
    return std::nullopt;
  }
  return v->get<double>();
}

void Fields::OnlyMembers(std::initializer_list<std::string_view> allowed,
                         std::string_view hint) const {
  if (!j_.is_object()) return;
  for (auto it = j_.begin(); it != j_.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
    Fail(At(it.key()),
         hint.empty() ? std::string("unknown member") : fmt::format("unknown member ({})", hint));
  }
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace truceline::rules::detail
