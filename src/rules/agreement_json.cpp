// Reading and validating an agreement document (docs/formats.md, "Agreement").

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rules/agreement.hpp"
#include "rules/geometry_json.hpp"
#include "rules/json_fields.hpp"

namespace truceline::rules {
namespace {

using detail::Fields;
using detail::Issue;
using nlohmann::json;

constexpr std::string_view kBundledPrefix = "bundled:";

// An IANA time zone name's shape: "UTC", or parts separated by '/', each
// starting with a letter and made of letters, digits, '_', '+', '-'
// ("Europe/Kyiv", "America/Argentina/Buenos_Aires", "Etc/GMT-3"). Whether
// the zone exists is not checked: the library reads no tz database.
bool TimezoneShapeOk(std::string_view tz) {
  if (tz.empty() || tz.size() > 64) return false;
  bool part_start = true;
  for (char c : tz) {
    if (c == '/') {
      if (part_start) return false;
      part_start = true;
      continue;
    }
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool other = (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-';
    if (part_start ? !letter : !(letter || other)) return false;
    part_start = false;
  }
  return !part_start;
}

std::string NamesOf(const auto& items, std::string_view what) {
  if (items.empty()) return fmt::format("the agreement defines no {}", what);
  std::string out = fmt::format("the agreement's {}: ", what);
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i].name;
  }
  return out;
}

// Reads one document into an Agreement, collecting issues.
class Loader {
 public:
  explicit Loader(ReferenceResolver* resolver) : resolver_(resolver) {}

  std::vector<Issue>& issues() { return issues_; }

  void Read(const json& doc, Agreement& a) {
    Fields f(doc, "$", issues_);
    f.OnlyMembers({"id", "title", "text", "note", "effective_from", "effective_to", "timezone",
                   "lines", "zones", "assets", "clauses"});
    a.id = f.Text("id", /*required=*/true);
    a.title = f.Text("title");
    a.text = f.Text("text");
    f.Text("note");
    const std::optional<core::UtcMicros> from = Time(f, "effective_from", /*required=*/true);
    a.effective_from = from.value_or(core::UtcMicros{});
    a.effective_to = Time(f, "effective_to", /*required=*/false);
    CheckPeriod(f, from, a.effective_to);
    a.timezone = f.Text("timezone");
    if (f.Get("timezone") != nullptr && !a.timezone.empty() && !TimezoneShapeOk(a.timezone)) {
      f.Fail(f.At("timezone"),
             fmt::format("'{}' is not an IANA time zone name (e.g. Europe/Kyiv)", a.timezone));
    }
    ForEachMember(f, "lines", [&](const json& v, const std::string& name, const std::string& at) {
      AgreementLine line;
      line.name = name;
      if (ReadLine(v, at, line)) a.lines.push_back(std::move(line));
    });
    ForEachMember(f, "zones", [&](const json& v, const std::string& name, const std::string& at) {
      AgreementZone zone;
      zone.name = name;
      if (detail::ReadAreaGeometry(v, at, issues_, zone.area)) a.zones.push_back(std::move(zone));
    });
    ForEachMember(f, "assets", [&](const json& v, const std::string& name, const std::string& at) {
      AssetSet set;
      set.name = name;
      if (ReadAssetSet(v, at, set)) a.asset_sets.push_back(std::move(set));
    });
    auto by_name = [](const auto& x, const auto& y) { return x.name < y.name; };
    std::sort(a.lines.begin(), a.lines.end(), by_name);
    std::sort(a.zones.begin(), a.zones.end(), by_name);
    std::sort(a.asset_sets.begin(), a.asset_sets.end(), by_name);
    defined_lines_ = Keys(f, "lines");
    defined_zones_ = Keys(f, "zones");
    defined_assets_ = Keys(f, "assets");

    const json* clauses = f.Get("clauses");
    if (clauses == nullptr) {
      if (f.is_object()) f.Fail(f.At("clauses"), "required");
      return;
    }
    if (!clauses->is_array()) {
      f.Fail(f.At("clauses"),
             fmt::format("expected an array, not {}", detail::JsonTypeWords(*clauses)));
      return;
    }
    if (clauses->empty()) f.Fail(f.At("clauses"), "must list at least one clause");
    std::map<std::string, std::string> seen;  // id -> path of its first use
    for (size_t i = 0; i < clauses->size(); ++i) {
      const std::string at = fmt::format("$.clauses[{}]", i);
      Clause c = ReadClause((*clauses)[i], at, a);
      if (c.id.empty()) continue;
      auto [it, fresh] = seen.emplace(c.id, at);
      if (!fresh) {
        issues_.push_back({at + ".id", fmt::format("duplicate clause id '{}' (first used at {})",
                                                   c.id, it->second)});
      }
      a.clauses.push_back(std::move(c));
    }
  }

 private:
  // Calls read(value, name, path) for each member of an optional object member.
  template <typename F>
  void ForEachMember(const Fields& f, std::string_view key, F read) {
    const json* v = f.Get(key);
    if (v == nullptr) return;
    if (!v->is_object()) {
      f.Fail(f.At(key),
             fmt::format("expected an object of named {}, not {}", key, detail::JsonTypeWords(*v)));
      return;
    }
    for (auto it = v->begin(); it != v->end(); ++it) {
      const std::string at = f.At(key) + "." + it.key();
      if (it.key().empty()) {
        issues_.push_back({at, "a name must not be empty"});
        continue;
      }
      read(it.value(), it.key(), at);
    }
  }

  // Names defined under an object member (valid or not), so that a clause
  // naming a malformed definition is not also reported as unknown.
  static std::vector<std::string> Keys(const Fields& f, std::string_view key) {
    std::vector<std::string> out;
    const json* v = f.Get(key);
    if (v == nullptr || !v->is_object()) return out;
    for (auto it = v->begin(); it != v->end(); ++it)
      out.push_back(it.key());
    return out;
  }

  std::optional<core::UtcMicros> Time(const Fields& f, std::string_view key, bool required) {
    std::string text = f.Text(key, required);
    if (text.empty()) return std::nullopt;
    std::string error;
    auto t = core::ParseRfc3339(text, &error);
    if (!t) {
      f.Fail(f.At(key),
             fmt::format("'{}' is not an RFC 3339 date-time with an offset ({})", text, error));
    }
    return t;
  }

  void CheckPeriod(const Fields& f, std::optional<core::UtcMicros> from,
                   std::optional<core::UtcMicros> to) {
    if (from && to && *to <= *from) {
      f.Fail(f.At("effective_to"),
             fmt::format("{} is not after effective_from {}", core::FormatRfc3339(*to),
                         core::FormatRfc3339(*from)));
    }
  }

  // The part after "bundled:" of a reference object's "ref"; empty (after
  // recording why) when malformed.
  std::string RefName(const Fields& f) {
    std::string ref = f.Text("ref", /*required=*/true);
    if (ref.empty()) return {};
    if (!ref.starts_with(kBundledPrefix) || ref.size() == kBundledPrefix.size()) {
      f.Fail(f.At("ref"), fmt::format("'{}' is not a reference of the form bundled:NAME", ref));
      return {};
    }
    if (resolver_ == nullptr) {
      f.Fail(f.At("ref"), fmt::format("'{}' cannot be resolved: no bundled data here", ref));
      return {};
    }
    return ref.substr(kBundledPrefix.size());
  }

  bool ReadSides(const Fields& line, AgreementLine& out) {
    const json* sides = line.Get("sides");
    if (sides == nullptr) return true;
    const size_t before = issues_.size();
    Fields f(*sides, line.At("sides"), issues_);
    f.OnlyMembers({"left", "right"});
    out.left_side = f.Text("left", /*required=*/true);
    out.right_side = f.Text("right", /*required=*/true);
    if (!out.left_side.empty() && out.left_side == out.right_side) {
      f.Fail(f.At("right"), "must differ from left");
    }
    return issues_.size() == before;
  }

  bool ReadLine(const json& v, const std::string& at, AgreementLine& out) {
    const size_t before = issues_.size();
    Fields f(v, at, issues_);
    if (!f.is_object()) return false;
    ReadSides(f, out);
    if (f.Get("ref") != nullptr) {
      f.OnlyMembers({"ref", "sides"}, "a reference holds only ref and sides");
      std::string name = RefName(f);
      if (name.empty()) return false;
      auto resolved = resolver_->ResolveLine(name);
      if (!resolved.ok()) {
        f.Fail(f.At("ref"), resolved.status().message());
        return false;
      }
      out.parts = std::move(*resolved);
      out.ref = std::string(kBundledPrefix) + name;
    } else {
      detail::ReadLineGeometry(v, at, issues_, out.parts);
    }
    return issues_.size() == before;
  }

  bool ReadAssetSet(const json& v, const std::string& at, AssetSet& out) {
    const size_t before = issues_.size();
    Fields f(v, at, issues_);
    if (!f.is_object()) return false;
    if (f.Get("ref") != nullptr) {
      f.OnlyMembers({"ref"}, "a reference holds only ref");
      std::string name = RefName(f);
      if (name.empty()) return false;
      auto resolved = resolver_->ResolveAssets(name);
      if (!resolved.ok()) {
        f.Fail(f.At("ref"), resolved.status().message());
        return false;
      }
      out.assets = std::move(*resolved);
      out.ref = std::string(kBundledPrefix) + name;
      if (out.assets.empty()) f.Fail(f.At("ref"), "the referenced asset set is empty");
      return issues_.size() == before;
    }
    const std::string type = f.Text("type", /*required=*/true);
    if (!type.empty() && type != "FeatureCollection") {
      f.Fail(f.At("type"), fmt::format("expected a FeatureCollection of Points or "
                                       "{{\"ref\": \"bundled:NAME\"}}, not '{}'",
                                       type));
      return false;
    }
    const json* features = f.Get("features");
    if (features == nullptr || !features->is_array()) {
      f.Fail(f.At("features"), "required: an array of Point features");
      return false;
    }
    if (features->empty()) f.Fail(f.At("features"), "must hold at least one asset");
    for (size_t i = 0; i < features->size(); ++i) {
      Fields feature((*features)[i], fmt::format("{}.features[{}]", at, i), issues_);
      if (!feature.is_object()) continue;
      if (feature.Text("type", true) != "Feature" && feature.Get("type") != nullptr) {
        feature.Fail(feature.At("type"), "expected 'Feature'");
      }
      Asset asset;
      const json* geometry = feature.Get("geometry");
      if (geometry == nullptr) {
        feature.Fail(feature.At("geometry"), "required: a Point");
      } else {
        Fields g(*geometry, feature.At("geometry"), issues_);
        std::string gtype = g.Text("type", true);
        if (!gtype.empty() && gtype != "Point") {
          g.Fail(g.At("type"), fmt::format("expected a Point, not '{}'", gtype));
        } else if (const json* c = g.Get("coordinates"); c != nullptr) {
          detail::ReadPosition(*c, g.At("coordinates"), issues_, asset.position);
        } else if (g.is_object()) {
          g.Fail(g.At("coordinates"), "required");
        }
      }
      const json* properties = feature.Get("properties");
      if (properties == nullptr) {
        feature.Fail(feature.At("properties"), "required: name and category");
      } else {
        Fields p(*properties, feature.At("properties"), issues_);
        asset.name = p.Text("name", true);
        asset.category = p.Text("category", true);
      }
      out.assets.push_back(std::move(asset));
    }
    return issues_.size() == before;
  }

  // A distance member in (0, max], or nullopt (after recording why).
  std::optional<double> Distance(const Fields& f, std::string_view key, bool required, double max,
                                 std::string_view unit) {
    auto v = f.Number(key, required);
    if (!v) return std::nullopt;
    if (!(std::isfinite(*v) && *v > 0 && *v <= max)) {
      f.Fail(f.At(key), fmt::format("must be > 0 and at most {} {}, not {}", max, unit, *v));
      return std::nullopt;
    }
    return v;
  }

  // A member naming a definition: it must exist.
  std::string Reference(const Fields& f, std::string_view key, bool required,
                        const std::vector<std::string>& defined, std::string_view what,
                        const std::string& known) {
    std::string name = f.Text(key, required);
    if (name.empty()) return name;
    if (std::find(defined.begin(), defined.end(), name) == defined.end()) {
      f.Fail(f.At(key), fmt::format("unknown {} '{}' ({})", what, name, known));
    }
    return name;
  }

  Clause ReadClause(const json& v, const std::string& at, const Agreement& a) {
    Clause c;
    Fields f(v, at, issues_);
    if (!f.is_object()) return c;
    c.id = f.Text("id", true);
    c.title = f.Text("title");
    c.text = f.Text("text");
    c.effective_from = Time(f, "effective_from", false);
    c.effective_to = Time(f, "effective_to", false);
    CheckPeriod(f, c.effective_from, c.effective_to);
    const std::string rule_name = f.Text("rule", true);
    if (rule_name.empty()) return c;
    auto rule = ParseRuleType(rule_name);
    if (!rule) {
      f.Fail(f.At("rule"), fmt::format("unknown rule '{}' (expected one of: {})", rule_name,
                                       detail::JoinNames(RuleTypeNames())));
      return c;
    }
    c.rule = *rule;
    const std::string family_names = detail::JoinNames(core::FamilyNames());
    const std::string lines_known = NamesOf(a.lines, "lines");
    const std::string zones_known = NamesOf(a.zones, "zones");
    auto families = [&](bool required) {
      c.families = f.EnumList<core::Family>("families", &core::ParseFamily, "family", family_names,
                                            required);
    };
    auto line = [&](bool required) {
      c.line = Reference(f, "line", required, defined_lines_, "line", lines_known);
    };
    auto zone = [&](bool required) {
      c.zone = Reference(f, "zone", required, defined_zones_, "zone", zones_known);
    };
    const std::string hint = fmt::format("not used by rule {}", rule_name);
    switch (c.rule) {
      case RuleType::kNoFire:
        f.OnlyMembers({"id", "title", "text", "rule", "effective_from", "effective_to", "families",
                       "line", "within_km", "zone"},
                      hint);
        families(true);
        line(false);
        c.within_km = Distance(f, "within_km", false, kMaxLineKm, "km");
        if (f.Get("line") != nullptr && f.Get("within_km") == nullptr) {
          f.Fail(f.At("within_km"), "required with line (the distance from the line, in km)");
        }
        if (f.Get("within_km") != nullptr && f.Get("line") == nullptr) {
          f.Fail(f.At("line"), "required with within_km (the line it is measured from)");
        }
        zone(false);
        break;
      case RuleType::kWithdrawal:
        f.OnlyMembers({"id", "title", "text", "rule", "effective_from", "effective_to",
                       "weapon_classes", "line", "min_km"},
                      hint);
        c.weapon_classes =
            f.EnumList<core::WeaponClass>("weapon_classes", &core::ParseWeaponClass, "weapon class",
                                          detail::JoinNames(core::WeaponClassNames()), true);
        line(true);
        c.min_km = Distance(f, "min_km", true, kMaxLineKm, "km");
        break;
      case RuleType::kProtectedTarget: {
        f.OnlyMembers({"id", "title", "text", "rule", "effective_from", "effective_to",
                       "target_categories", "assets", "radius_m", "families"},
                      hint);
        c.target_categories = f.EnumList<core::TargetCategory>(
            "target_categories", &core::ParseTargetCategory, "target category",
            detail::JoinNames(core::TargetCategoryNames()), true);
        families(false);
        c.assets = Reference(f, "assets", false, defined_assets_, "asset set",
                             NamesOf(a.asset_sets, "asset sets"));
        c.radius_m = Distance(f, "radius_m", false, kMaxRadiusM, "m");
        if (f.Get("assets") != nullptr && f.Get("radius_m") == nullptr) {
          f.Fail(f.At("radius_m"), "required with assets (metres around each asset)");
        }
        if (f.Get("radius_m") != nullptr && f.Get("assets") == nullptr) {
          f.Fail(f.At("assets"), "required with radius_m (the asset set it applies to)");
        }
        break;
      }
      case RuleType::kZoneProhibition:
        f.OnlyMembers(
            {"id", "title", "text", "rule", "effective_from", "effective_to", "families", "zone"},
            hint);
        families(true);
        zone(true);
        break;
      case RuleType::kNoFlight:
        f.OnlyMembers({"id", "title", "text", "rule", "effective_from", "effective_to", "zone"},
                      hint);
        zone(true);
        break;
    }
    for (core::Family x : c.families)
      c.family_mask |= 1u << static_cast<unsigned>(x);
    for (core::WeaponClass x : c.weapon_classes)
      c.weapon_class_mask |= 1u << static_cast<unsigned>(x);
    for (core::TargetCategory x : c.target_categories)
      c.target_category_mask |= 1u << static_cast<unsigned>(x);
    return c;
  }

  ReferenceResolver* resolver_;
  std::vector<Issue> issues_;
  std::vector<std::string> defined_lines_, defined_zones_, defined_assets_;
};

}  // namespace

core::Result<Agreement> ParseAgreement(std::string_view text, const std::string& file,
                                       ReferenceResolver* resolver) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return core::Status(core::ErrorCode::kInvalidArgument, fmt::format("{}: not valid JSON", file));
  }
  Loader loader(resolver);
  Agreement agreement;
  loader.Read(doc, agreement);
  if (loader.issues().empty()) return agreement;
  std::string message;
  for (const Issue& issue : loader.issues()) {
    if (!message.empty()) message += '\n';
    message += fmt::format("{}: {}: {}", file, issue.path, issue.reason);
  }
  return core::Status(core::ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace truceline::rules
