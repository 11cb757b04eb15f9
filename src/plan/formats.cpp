// Readers of the OR-Library p-median and capacitated facility location
// formats and of the SJC maximal covering files: text into LocationModel.

#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <queue>

#include <fmt/format.h>

#include "plan/location.hpp"

namespace truceline::plan {
namespace {

using core::ErrorCode;
using core::Result;
using core::Status;

// Whitespace-separated tokens with the line each starts on.
class Tokens {
 public:
  Tokens(std::string_view text, std::string_view name) : text_(text), name_(name) {}

  // The next token, or an empty view at the end of the text.
  std::string_view Next() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    size_t start = pos_;
    while (pos_ < text_.size() && !IsSpace(text_[pos_]))
      ++pos_;
    token_line_ = line_;
    return text_.substr(start, pos_ - start);
  }
  // Skips the rest of the current line.
  void SkipLine() {
    while (pos_ < text_.size() && text_[pos_] != '\n')
      ++pos_;
  }
  // True when only whitespace remains.
  bool AtEnd() {
    size_t save = pos_;
    int save_line = line_;
    bool end = Next().empty();
    pos_ = save;
    line_ = save_line;
    return end;
  }
  int line() const { return token_line_; }

  Status Error(const std::string& reason) const {
    return {ErrorCode::kInvalidArgument, fmt::format("{}:{}: {}", name_, token_line_, reason)};
  }
  // Reads a number; `what` names it in the message.
  Result<double> Number(std::string_view what) {
    std::string_view token = Next();
    if (token.empty()) return Error(fmt::format("{}: missing (end of file)", what));
    double value = 0.0;
    auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || ptr != token.data() + token.size() || !std::isfinite(value)) {
      return Error(fmt::format("{}: '{}' is not a number", what, token));
    }
    return value;
  }
  Result<int> Integer(std::string_view what, int min, int max) {
    auto value = Number(what);
    if (!value.ok()) return value.status();
    if (*value != std::floor(*value) || *value < min || *value > max) {
      return Error(fmt::format("{}: {} is not an integer in {}..{}", what, *value, min, max));
    }
    return static_cast<int>(*value);
  }

 private:
  static bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  std::string_view text_;
  std::string_view name_;
  size_t pos_ = 0;
  int line_ = 1;
  int token_line_ = 1;
};

constexpr int kMaxVertices = 100'000;

Status CheckTrailing(Tokens& tokens) {
  if (!tokens.AtEnd()) {
    tokens.Next();
    return tokens.Error("unexpected data after the last record");
  }
  return Status::Ok();
}

}  // namespace

Result<LocationModel> ParsePMedian(std::string_view text, std::string_view name,
                                   std::optional<int> p) {
  Tokens tokens(text, name);
  auto n = tokens.Integer("vertex count n", 1, 5'000);
  if (!n.ok()) return n.status();
  auto m = tokens.Integer("edge count m", 0, 50'000'000);
  if (!m.ok()) return m.status();
  auto file_p = tokens.Integer("p", 1, *n);
  if (!file_p.ok()) return file_p.status();
  const int pp = p.value_or(*file_p);
  if (pp < 1 || pp > *n) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("{}: p = {} is not within 1..{}", name, pp, *n));
  }
  // The last line of a repeated edge wins (the OR-Library convention).
  std::map<std::pair<int, int>, double> edges;
  for (int e = 0; e < *m; ++e) {
    auto a = tokens.Integer("edge end i", 1, *n);
    if (!a.ok()) return a.status();
    auto b = tokens.Integer("edge end j", 1, *n);
    if (!b.ok()) return b.status();
    auto c = tokens.Number("edge cost");
    if (!c.ok()) return c.status();
    if (*c < 0) return tokens.Error("edge cost: negative");
    edges[{std::min(*a, *b) - 1, std::max(*a, *b) - 1}] = *c;
  }
  TRUCELINE_RETURN_IF_ERROR(CheckTrailing(tokens));

  const int nv = *n;
  std::vector<std::vector<std::pair<int, double>>> adjacent(nv);
  for (const auto& [key, cost] : edges) {
    if (key.first == key.second) continue;
    adjacent[key.first].push_back({key.second, cost});
    adjacent[key.second].push_back({key.first, cost});
  }
  // All-pairs shortest paths by Dijkstra from every vertex: the same
  // distances as Floyd-Warshall in O(n m log n), about 40x faster on pmed40.
  LocationModel model;
  model.fixed_cost.assign(nv, 0.0);
  model.capacity.assign(nv, kUnlimited);
  model.demand.assign(nv, 1.0);
  model.unserved_cost.assign(nv, kUnlimited);
  model.arcs.resize(nv);
  model.open_exactly = pp;
  std::vector<double> dist(nv);
  using Item = std::pair<double, int>;
  for (int s = 0; s < nv; ++s) {
    std::fill(dist.begin(), dist.end(), kUnlimited);
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    dist[s] = 0.0;
    queue.push({0.0, s});
    while (!queue.empty()) {
      auto [d, v] = queue.top();
      queue.pop();
      if (d > dist[v]) continue;
      for (auto [w, c] : adjacent[v]) {
        if (d + c < dist[w]) {
          dist[w] = d + c;
          queue.push({dist[w], w});
        }
      }
    }
    auto& arcs = model.arcs[s];
    for (int t = 0; t < nv; ++t) {
      if (dist[t] != kUnlimited) arcs.push_back({t, dist[t]});
    }
  }
  return model;
}

Result<LocationModel> ParseCapacitated(std::string_view text, std::string_view name,
                                       std::optional<double> capacity) {
  if (capacity && !(*capacity > 0)) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("{}: --capacity must be positive", name));
  }
  Tokens tokens(text, name);
  auto m = tokens.Integer("site count m", 1, kMaxVertices);
  if (!m.ok()) return m.status();
  auto n = tokens.Integer("customer count n", 1, 10'000'000 / *m);
  if (!n.ok()) return n.status();
  LocationModel model;
  model.fixed_cost.resize(*m);
  model.capacity.resize(*m);
  for (int j = 0; j < *m; ++j) {
    std::string_view token = tokens.Next();
    if (token.empty()) return tokens.Error(fmt::format("site {}: missing capacity", j + 1));
    if (token == "capacity") {
      if (!capacity) {
        return tokens.Error(
            fmt::format("site {}: the file leaves the capacity open; give --capacity", j + 1));
      }
      model.capacity[j] = *capacity;
    } else {
      double value = 0.0;
      auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (ec != std::errc() || ptr != token.data() + token.size() || !(value > 0)) {
        return tokens.Error(
            fmt::format("site {}: capacity '{}' is not a positive number", j + 1, token));
      }
      model.capacity[j] = capacity.value_or(value);
    }
    auto fixed = tokens.Number(fmt::format("site {}: fixed cost", j + 1));
    if (!fixed.ok()) return fixed.status();
    if (*fixed < 0) return tokens.Error(fmt::format("site {}: negative fixed cost", j + 1));
    model.fixed_cost[j] = *fixed;
  }
  model.demand.resize(*n);
  model.arcs.resize(*n);
  model.unserved_cost.assign(*n, kUnlimited);
  for (int i = 0; i < *n; ++i) {
    auto demand = tokens.Number(fmt::format("customer {}: demand", i + 1));
    if (!demand.ok()) return demand.status();
    if (*demand < 0) return tokens.Error(fmt::format("customer {}: negative demand", i + 1));
    model.demand[i] = *demand;
    model.arcs[i].reserve(*m);
    for (int j = 0; j < *m; ++j) {
      auto cost = tokens.Number(fmt::format("customer {}: cost from site {}", i + 1, j + 1));
      if (!cost.ok()) return cost.status();
      if (*cost < 0) {
        return tokens.Error(fmt::format("customer {}: negative cost from site {}", i + 1, j + 1));
      }
      model.arcs[i].push_back({j, *cost});
    }
  }
  TRUCELINE_RETURN_IF_ERROR(CheckTrailing(tokens));
  return model;
}

Result<LocationModel> ParseCovering(std::string_view text, std::string_view name, int p,
                                    double radius) {
  if (!(radius >= 0) || !std::isfinite(radius)) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("{}: radius must be a non-negative number", name));
  }
  Tokens tokens(text, name);
  auto n = tokens.Integer("point count n", 1, 50'000);
  if (!n.ok()) return n.status();
  if (p < 1 || p > *n) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("{}: p = {} is not within 1..{}", name, p, *n));
  }
  tokens.SkipLine();  // the rest of the header (SJC: "9999 p S")
  std::vector<double> x(*n), y(*n);
  LocationModel model;
  model.demand.resize(*n);
  for (int i = 0; i < *n; ++i) {
    auto xi = tokens.Number(fmt::format("point {}: x", i + 1));
    if (!xi.ok()) return xi.status();
    const int line = tokens.line();
    auto yi = tokens.Number(fmt::format("point {}: y", i + 1));
    if (!yi.ok()) return yi.status();
    auto w = tokens.Number(fmt::format("point {}: demand", i + 1));
    if (!w.ok()) return w.status();
    if (tokens.line() != line) return tokens.Error(fmt::format("point {}: incomplete line", i + 1));
    if (*w < 0) return tokens.Error(fmt::format("point {}: negative demand", i + 1));
    x[i] = *xi;
    y[i] = *yi;
    model.demand[i] = *w;
  }
  TRUCELINE_RETURN_IF_ERROR(CheckTrailing(tokens));
  model.fixed_cost.assign(*n, 0.0);
  model.capacity.assign(*n, kUnlimited);
  model.unserved_cost.assign(*n, 0.0);
  model.arcs.resize(*n);
  model.open_exactly = p;
  model.maximise = true;
  const double r2 = radius * radius;
  for (int i = 0; i < *n; ++i) {
    for (int j = 0; j < *n; ++j) {
      double dx = x[i] - x[j];
      double dy = y[i] - y[j];
      if (dx * dx + dy * dy <= r2) model.arcs[i].push_back({j, -model.demand[i]});
    }
  }
  return model;
}

}  // namespace truceline::plan
