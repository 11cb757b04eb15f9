// The capability model's JSON reader and the report's JSON writer.

#include <cctype>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "plan/capability.hpp"

namespace truceline::plan {

using core::ErrorCode;
using core::Result;
using core::Status;
using nlohmann::json;
using nlohmann::ordered_json;
namespace chr = std::chrono;

namespace {

constexpr int64_t kMaxQuantity = 1'000'000'000;
constexpr int kMaxHorizon = 400;

std::string Member(const std::string& path, const std::string& key) {
  bool plain = !key.empty() && (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_');
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') plain = false;
  }
  return plain ? path + "." + key : path + "[" + json(key).dump() + "]";
}

std::string Index(const std::string& path, size_t i) {
  return fmt::format("{}[{}]", path, i);
}

// Collects every problem of one document.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  void Fail(const std::string& path, const std::string& reason) {
    errors_.push_back(fmt::format("{}: {}: {}", source_, path, reason));
  }
  bool failed() const { return !errors_.empty(); }
  Status ToStatus() const {
    std::string text;
    for (const std::string& e : errors_)
      text += (text.empty() ? "" : "\n") + e;
    return Status(ErrorCode::kInvalidRecord, text);
  }

  const json* Object(const json& j, const std::string& path) {
    if (!j.is_object()) {
      Fail(path, "must be an object");
      return nullptr;
    }
    return &j;
  }

  // Reports members of `j` not in `known`.
  void OnlyKnown(const json& j, const std::string& path, std::initializer_list<const char*> known) {
    for (const auto& [key, value] : j.items()) {
      bool ok = false;
      for (const char* k : known)
        ok = ok || key == k;
      if (!ok) Fail(Member(path, key), "unknown field");
    }
  }

  std::optional<int64_t> Quantity(const json& j, const std::string& path) {
    if (j.is_number_unsigned() && j.get<uint64_t>() <= static_cast<uint64_t>(kMaxQuantity)) {
      return j.get<int64_t>();
    }
    if (j.is_number_unsigned()) {
      Fail(path, fmt::format("must be at most {}, not {}", kMaxQuantity, j.dump()));
    } else {
      Fail(path, fmt::format("must be an integer >= 0, not {}", j.dump()));
    }
    return std::nullopt;
  }

  std::optional<std::string> String(const json& j, const std::string& path) {
    if (!j.is_string() || j.get<std::string>().empty()) {
      Fail(path, fmt::format("must be a non-empty string, not {}", j.dump()));
      return std::nullopt;
    }
    return j.get<std::string>();
  }

  std::optional<chr::sys_days> Date(const json& j, const std::string& path) {
    auto text = j.is_string() ? j.get<std::string>() : std::string();
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) == 3 &&
        text[4] == '-' && text[7] == '-') {
      chr::year_month_day ymd{chr::year(y), chr::month(m), chr::day(d)};
      if (ymd.ok()) return chr::sys_days(ymd);
    }
    Fail(path, fmt::format("must be a date YYYY-MM-DD, not {}", j.dump()));
    return std::nullopt;
  }

  // {category: quantity}; categories must be non-empty.
  Quantities Categories(const json& j, const std::string& path) {
    Quantities q;
    if (!Object(j, path)) return q;
    for (const auto& [key, value] : j.items()) {
      if (key.empty()) {
        Fail(path, "a category name must not be empty");
        continue;
      }
      if (auto n = Quantity(value, Member(path, key))) q[key] = *n;
    }
    return q;
  }

  std::vector<Delivery> Deliveries(const json& j, const std::string& path, bool what_if) {
    std::vector<Delivery> out;
    if (!j.is_array()) {
      Fail(path, "must be an array");
      return out;
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < j.size(); ++i) {
      std::string at = Index(path, i);
      const json& e = j[i];
      if (!Object(e, at)) continue;
      OnlyKnown(e, at, {"id", "donor", "source", "expected", "items", "note"});
      Delivery d;
      if (!e.contains("id")) {
        Fail(Member(at, "id"), "is required");
      } else if (auto id = String(e["id"], Member(at, "id"))) {
        d.id = *id;
        if (!ids.insert(d.id).second) Fail(Member(at, "id"), fmt::format("'{}' is repeated", d.id));
      }
      if (!what_if && !e.contains("donor")) Fail(Member(at, "donor"), "is required");
      if (e.contains("donor")) {
        if (auto s = String(e["donor"], Member(at, "donor"))) d.donor = *s;
      }
      if (e.contains("source")) {
        if (auto s = String(e["source"], Member(at, "source"))) d.source = *s;
      }
      if (!e.contains("expected")) {
        Fail(Member(at, "expected"), "is required");
      } else if (auto date = Date(e["expected"], Member(at, "expected"))) {
        d.expected = *date;
      }
      if (!e.contains("items")) {
        Fail(Member(at, "items"), "is required");
      } else {
        d.items = Categories(e["items"], Member(at, "items"));
      }
      out.push_back(std::move(d));
    }
    return out;
  }

  std::optional<QuarterIndex> Start(const json& j, const std::string& path) {
    if (j.is_string()) {
      std::string t = j.get<std::string>();
      int y = 0;
      unsigned q = 0;
      char tail = 0;
      if ((t.size() == 6 && std::sscanf(t.c_str(), "%4dQ%1u%c", &y, &q, &tail) == 2) ||
          (t.size() == 7 && std::sscanf(t.c_str(), "%4d-Q%1u%c", &y, &q, &tail) == 2)) {
        if (q >= 1 && q <= 4 && y >= 1900 && y <= 2200) return y * 4 + static_cast<int>(q) - 1;
      }
      if (t.size() == 10) {
        Reader quiet(source_);
        if (auto date = quiet.Date(j, path)) return QuarterOf(*date);
      }
    }
    Fail(path, fmt::format("must be a quarter (YYYYQn) or a date (YYYY-MM-DD), not {}", j.dump()));
    return std::nullopt;
  }

 private:
  std::string_view source_;
  std::vector<std::string> errors_;
};

}  // namespace

Result<CapabilityModel> ParseCapabilityModel(std::string_view text, std::string_view source_name) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return Status(ErrorCode::kParseError,
                  fmt::format("{}: not valid JSON: {}", source_name, e.what()));
  }
  Reader r(source_name);
  CapabilityModel model;
  if (!r.Object(doc, "$")) return r.ToStatus();
  r.OnlyKnown(doc, "$",
              {"note", "title", "formation_types", "target", "inventory", "pipeline",
               "losses_per_quarter", "start", "horizon_quarters", "what_if"});
  for (const char* key : {"formation_types", "target", "inventory", "start", "horizon_quarters"}) {
    if (!doc.contains(key)) r.Fail(Member("$", key), "is required");
  }
  if (doc.contains("note")) {
    if (auto s = r.String(doc["note"], "$.note")) model.note = *s;
  }
  if (doc.contains("formation_types") && r.Object(doc["formation_types"], "$.formation_types")) {
    for (const auto& [id, value] : doc["formation_types"].items()) {
      std::string at = Member("$.formation_types", id);
      if (!r.Object(value, at)) continue;
      r.OnlyKnown(value, at, {"name", "personnel", "equipment"});
      FormationType type;
      type.id = id;
      if (!value.contains("personnel")) {
        r.Fail(Member(at, "personnel"), "is required");
      } else if (auto n = r.Quantity(value["personnel"], Member(at, "personnel"))) {
        type.per_formation[std::string(kPersonnelCategory)] = *n;
      }
      if (value.contains("equipment")) {
        std::string eq = Member(at, "equipment");
        for (const auto& [category, n] : r.Categories(value["equipment"], eq)) {
          if (category == kPersonnelCategory) {
            r.Fail(Member(eq, category), "personnel is given by the formation's 'personnel'");
          } else {
            type.per_formation[category] = n;
          }
        }
      }
      model.formation_types[id] = std::move(type);
    }
  }
  if (doc.contains("target")) {
    const json& target = doc["target"];
    if (!target.is_array() || target.empty()) {
      r.Fail("$.target", "must be a non-empty array");
    } else {
      for (size_t i = 0; i < target.size(); ++i) {
        std::string at = Index("$.target", i);
        if (!r.Object(target[i], at)) continue;
        r.OnlyKnown(target[i], at, {"formation_type", "count"});
        TargetEntry entry;
        if (!target[i].contains("formation_type")) {
          r.Fail(Member(at, "formation_type"), "is required");
        } else if (auto s = r.String(target[i]["formation_type"], Member(at, "formation_type"))) {
          entry.formation_type = *s;
          if (doc.contains("formation_types") && doc["formation_types"].is_object() &&
              !doc["formation_types"].contains(*s)) {
            r.Fail(Member(at, "formation_type"), fmt::format("unknown formation type '{}'", *s));
          }
        }
        if (!target[i].contains("count")) {
          r.Fail(Member(at, "count"), "is required");
        } else if (auto n = r.Quantity(target[i]["count"], Member(at, "count"))) {
          entry.count = *n;
        }
        model.target.push_back(std::move(entry));
      }
    }
  }
  if (doc.contains("inventory")) model.inventory = r.Categories(doc["inventory"], "$.inventory");
  if (doc.contains("losses_per_quarter")) {
    model.losses_per_quarter = r.Categories(doc["losses_per_quarter"], "$.losses_per_quarter");
  }
  if (doc.contains("pipeline")) model.pipeline = r.Deliveries(doc["pipeline"], "$.pipeline", false);
  if (doc.contains("what_if")) model.what_if = r.Deliveries(doc["what_if"], "$.what_if", true);
  if (doc.contains("start")) {
    if (auto q = r.Start(doc["start"], "$.start")) model.start = *q;
  }
  if (doc.contains("horizon_quarters")) {
    const json& h = doc["horizon_quarters"];
    if (h.is_number_unsigned() && h.get<uint64_t>() >= 1 && h.get<uint64_t>() <= kMaxHorizon) {
      model.horizon_quarters = h.get<int>();
    } else {
      r.Fail("$.horizon_quarters",
             fmt::format("must be an integer from 1 to {}, not {}", kMaxHorizon, h.dump()));
    }
  }
  if (r.failed()) return r.ToStatus();
  return model;
}

namespace {

ordered_json ClosingJson(const Closing& c) {
  ordered_json j;
  j["status"] = CloseStatusName(c.status);
  if (c.status == CloseStatus::kMet || c.status == CloseStatus::kCloses) {
    j["date"] = FormatDate(c.date);
    j["quarter"] = QuarterLabel(c.quarter);
  }
  return j;
}

ordered_json QuantitiesJson(const Quantities& q) {
  ordered_json j = ordered_json::object();
  for (const auto& [k, v] : q)
    j[k] = v;
  return j;
}

}  // namespace

std::string CapabilityReportJson(const CapabilityReport& report, std::string_view note) {
  ordered_json j;
  if (!note.empty()) j["note"] = note;
  j["start"] = QuarterLabel(report.start);
  j["horizon_quarters"] = report.horizon_quarters;
  j["horizon_end"] = FormatDate(report.horizon_end);
  ordered_json quarters = ordered_json::array();
  for (int q = 0; q < report.horizon_quarters; ++q) {
    quarters.push_back({{"quarter", QuarterLabel(report.start + q)},
                        {"end", FormatDate(QuarterEnd(report.start + q))}});
  }
  j["quarters"] = quarters;
  ordered_json categories = ordered_json::array();
  for (const CategoryGap& c : report.categories) {
    ordered_json cat;
    cat["category"] = c.category;
    cat["required"] = c.required;
    cat["on_hand"] = c.on_hand;
    cat["gap_now"] = c.gap_now;
    cat["delivered_in_horizon"] = c.delivered_in_horizon;
    cat["losses_in_horizon"] = c.losses_in_horizon;
    cat["closes"] = ClosingJson(c.closing);
    ordered_json rows = ordered_json::array();
    for (const QuarterRow& r : c.quarters) {
      rows.push_back({{"quarter", QuarterLabel(r.quarter)},
                      {"delivered", r.delivered},
                      {"lost", r.lost},
                      {"on_hand", r.on_hand},
                      {"gap", r.gap}});
    }
    cat["by_quarter"] = rows;
    categories.push_back(cat);
  }
  j["categories"] = categories;
  ordered_json unrequired = ordered_json::array();
  for (const UnrequiredCategory& u : report.not_required) {
    unrequired.push_back({{"category", u.category}, {"named_by", u.named_by}});
  }
  j["not_required"] = unrequired;
  ordered_json late = ordered_json::array();
  for (const Delivery& d : report.beyond_horizon) {
    late.push_back({{"id", d.id},
                    {"donor", d.donor},
                    {"source", d.source},
                    {"expected", FormatDate(d.expected)},
                    {"items", QuantitiesJson(d.items)}});
  }
  j["beyond_horizon"] = late;
  ordered_json what_if = ordered_json::array();
  for (const WhatIfResult& w : report.what_if) {
    ordered_json changes = ordered_json::array();
    for (const WhatIfChange& c : w.changes) {
      ordered_json change;
      change["category"] = c.category;
      change["quantity"] = c.quantity;
      change["closes_before"] = ClosingJson(c.before);
      change["closes_after"] = ClosingJson(c.after);
      change["quarters_earlier"] =
          c.quarters_earlier ? ordered_json(*c.quarters_earlier) : ordered_json(nullptr);
      change["days_earlier"] =
          c.days_earlier ? ordered_json(*c.days_earlier) : ordered_json(nullptr);
      change["gap_at_horizon_before"] = c.gap_at_horizon_before;
      change["gap_at_horizon_after"] = c.gap_at_horizon_after;
      changes.push_back(change);
    }
    what_if.push_back({{"id", w.id},
                       {"expected", FormatDate(w.expected)},
                       {"beyond_horizon", w.beyond_horizon},
                       {"changes", changes}});
  }
  j["what_if"] = what_if;
  return j.dump(2) + "\n";
}

}  // namespace truceline::plan
