#pragma once
// Private to src/rules: reading the members of a JSON object while
// recording every problem under its JSON path ("$.clauses[2].min_km"), in
// the registry loader's style, so that a document is refused with all of
// its problems at once.

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace truceline::rules::detail {

// One thing wrong with a document: where and why.
struct Issue {
  std::string path;
  std::string reason;
};

// The JSON type of `j` in words, for messages ("a string", "an array").
std::string_view JsonTypeWords(const nlohmann::json& j);

// Reads the members of one JSON object under `path`. If `j` is not an
// object, that is recorded once and every getter returns "absent".
class Fields {
 public:
  Fields(const nlohmann::json& j, std::string path, std::vector<Issue>& issues);

  const std::string& path() const { return path_; }
  bool is_object() const { return j_.is_object(); }
  std::string At(std::string_view key) const { return fmt::format("{}.{}", path_, key); }
  void Fail(const std::string& where, std::string reason) const;

  // The member, or nullptr when absent or null.
  const nlohmann::json* Get(std::string_view key) const;

  // A string member; empty when absent (then "required" if `required`).
  // A required string must not be empty.
  std::string Text(std::string_view key, bool required = false) const;

  // A number member; nullopt when absent (then "required" if `required`).
  std::optional<double> Number(std::string_view key, bool required = false) const;

  // An array member of strings each parsed by `parse`; an unknown name is
  // recorded with the list of valid ones. Repeated values are errors.
  template <typename E>
  std::vector<E> EnumList(std::string_view key, std::optional<E> (*parse)(std::string_view),
                          std::string_view what, const std::string& names, bool required) const {
    std::vector<E> out;
    const nlohmann::json* v = Get(key);
    if (v == nullptr) {
      if (required && is_object()) Fail(At(key), "required");
      return out;
    }
    if (!v->is_array()) {
      Fail(At(key), fmt::format("expected an array of {} names, not {}", what, JsonTypeWords(*v)));
      return out;
    }
    if (v->empty() && required) Fail(At(key), "must list at least one");
    for (size_t i = 0; i < v->size(); ++i) {
      const std::string where = fmt::format("{}[{}]", At(key), i);
      const nlohmann::json& e = (*v)[i];
      if (!e.is_string()) {
        Fail(where, fmt::format("expected a string, not {}", JsonTypeWords(e)));
        continue;
      }
      const std::string name = e.get<std::string>();
      std::optional<E> parsed = parse(name);
      if (!parsed) {
        Fail(where, fmt::format("unknown {} '{}' (expected one of: {})", what, name, names));
      } else if (std::find(out.begin(), out.end(), *parsed) != out.end()) {
        Fail(where, fmt::format("'{}' is listed twice", name));
      } else {
        out.push_back(*parsed);
      }
    }
    return out;
  }

  // Records every member whose name is not in `allowed` ("unknown member
  // 'x'", with `hint` appended when not empty).
  void OnlyMembers(std::initializer_list<std::string_view> allowed,
                   std::string_view hint = {}) const;

 private:
  const nlohmann::json& j_;
  std::string path_;
  std::vector<Issue>& issues_;
};

// "a, b, c": the names joined, for messages.
std::string JoinNames(std::span<const std::string_view> names);

}  // namespace truceline::rules::detail
