// The registry's JSON form: facts from and to JSON, and whole documents.

#include <set>

#include <fmt/format.h>

#include "registry/registry_json.hpp"

namespace truceline::registry {
namespace {

using nlohmann::json;

// Reads the members of one JSON object, recording what is wrong under `path`.
class Fields {
 public:
  Fields(const json& j, std::string path, std::vector<Issue>& issues)
      : j_(j), path_(std::move(path)), issues_(issues) {
    if (!j_.is_object()) Fail(path_, "expected an object");
  }

  const std::string& path() const { return path_; }
  std::string At(std::string_view key) const { return fmt::format("{}.{}", path_, key); }
  void Fail(const std::string& where, std::string reason) const {
    issues_.push_back({where, std::move(reason)});
  }
  const json* Get(std::string_view key) const {
    if (!j_.is_object()) return nullptr;
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string Text(std::string_view key, bool required = false) const {
    const json* v = Get(key);
    if (v == nullptr) {
      if (required && j_.is_object()) Fail(At(key), "required");
      return {};
    }
    if (!v->is_string()) {
      Fail(At(key), "expected a string");
      return {};
    }
    std::string s = v->get<std::string>();
    if (required && s.empty()) Fail(At(key), "must not be empty");
    return s;
  }

  bool Bool(std::string_view key) const {
    const json* v = Get(key);
    if (v == nullptr) {
      if (j_.is_object()) Fail(At(key), "required (true or false)");
      return false;
    }
    if (!v->is_boolean()) {
      Fail(At(key), "expected true or false");
      return false;
    }
    return v->get<bool>();
  }

  std::optional<double> Number(std::string_view key) const {
    const json* v = Get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) {
      Fail(At(key), "expected a number");
      return std::nullopt;
    }
    return v->get<double>();
  }

  Date DateOf(std::string_view key) const {
    std::string text = Text(key, true);
    if (text.empty()) return {};
    auto date = ParseDate(text);
    if (!date) Fail(At(key), fmt::format("'{}' is not a date YYYY-MM-DD", text));
    return date.value_or(Date{});
  }

  DateBasis Basis(std::string_view key, DateBasis fallback) const {
    std::string text = Text(key);
    if (text.empty()) return fallback;
    auto basis = ParseDateBasis(text);
    if (!basis)
      Fail(At(key), fmt::format("unknown date basis '{}' (stated, report, derived)", text));
    return basis.value_or(fallback);
  }

  template <typename E>
  E Enum(std::string_view key, std::optional<E> (*parse)(std::string_view), std::string_view what,
         const std::string& names, E fallback) const {
    std::string text = Text(key, true);
    if (text.empty()) return fallback;
    auto v = parse(text);
    if (!v) Fail(At(key), fmt::format("unknown {} '{}' (expected one of: {})", what, text, names));
    return v.value_or(fallback);
  }

  // Calls read(element, path) for each element of an array member.
  template <typename F>
  void Each(std::string_view key, F read, bool required = false) const {
    const json* v = Get(key);
    if (v == nullptr) {
      if (required && j_.is_object()) Fail(At(key), "required");
      return;
    }
    if (!v->is_array()) {
      Fail(At(key), "expected an array");
      return;
    }
    for (size_t i = 0; i < v->size(); ++i)
      read((*v)[i], fmt::format("{}.{}[{}]", path_, key, i));
  }

  std::vector<std::string> Strings(std::string_view key) const {
    std::vector<std::string> out;
    Each(key, [&](const json& e, const std::string& where) {
      if (e.is_string()) {
        out.push_back(e.get<std::string>());
      } else {
        Fail(where, "expected a string");
      }
    });
    return out;
  }

  std::vector<Citation> Citations() const {
    std::vector<Citation> out;
    Each("citations", [&](const json& e, const std::string& where) {
      Fields f(e, where, issues_);
      Citation c;
      c.source = f.Text("source", true);
      c.outlet = f.Text("outlet");
      c.quote = f.Text("quote", true);
      out.push_back(std::move(c));
    });
    return out;
  }

 private:
  const json& j_;
  std::string path_;
  std::vector<Issue>& issues_;
};

Quantity QuantityFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Quantity q;
  q.value = f.Number("value");
  q.min = f.Number("min");
  q.max = f.Number("max");
  q.unit = f.Text("unit", true);
  q.as_reported = f.Text("as_reported");
  return q;
}

// A pledge's status change: `status`, `date`, `date_basis` (default
// report) and `citations`.
StatusChange StatusChangeFrom(const Fields& f) {
  StatusChange s;
  s.status = f.Enum("status", &ParsePledgeStatus, "status", "announced, confirmed, delivered",
                    PledgeStatus::kAnnounced);
  s.date = f.DateOf("date");
  s.date_basis = f.Basis("date_basis", DateBasis::kReport);
  s.citations = f.Citations();
  return s;
}

void PutText(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

json CitationsJson(const std::vector<Citation>& citations) {
  json out = json::array();
  for (const auto& c : citations)
    out.push_back(ToJson(c));
  return out;
}

json StatusChangeJson(const StatusChange& s) {
  json j{{"status", PledgeStatusName(s.status)},
         {"date", FormatDate(s.date)},
         {"date_basis", DateBasisName(s.date_basis)}};
  if (!s.citations.empty()) j["citations"] = CitationsJson(s.citations);
  return j;
}

}  // namespace

// --- from JSON --------------------------------------------------------------

Source SourceFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Source s;
  s.id = f.Text("id", true);
  s.date = f.DateOf("date");
  s.date_basis = f.Basis("date_basis", DateBasis::kStated);
  s.date_note = f.Text("date_note");
  s.outlets = f.Strings("outlets");
  s.title = f.Text("title");
  return s;
}

Nation NationFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Nation n;
  n.iso2 = f.Text("iso2", true);
  n.iso3 = f.Text("iso3", true);
  n.name = f.Text("name", true);
  n.eu = f.Bool("eu");
  n.nato = f.Bool("nato");
  n.citations = f.Citations();
  return n;
}

Scope ScopeFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  return {f.Text("id", true), f.Text("text", true)};
}

Position PositionFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Position p;
  p.id = f.Text("id", true);
  p.nation = f.Text("nation", true);
  p.scope = f.Text("scope", true);
  p.stance = f.Enum("stance", &ParseStance, "stance", StanceNames(), Stance::kWilling);
  f.Each("conditions", [&](const json& e, const std::string& where) {
    auto c = e.is_string() ? ParseCondition(e.get<std::string>()) : std::nullopt;
    if (c) {
      p.conditions.push_back(*c);
    } else {
      f.Fail(where,
             fmt::format("unknown condition {} (expected one of: {})", e.dump(), ConditionNames()));
    }
  });
  p.condition_text = f.Text("condition_text");
  p.stated_by = f.Text("stated_by");
  p.date = f.DateOf("date");
  p.date_basis = f.Basis("date_basis", DateBasis::kReport);
  p.date_note = f.Text("date_note");
  p.notes = f.Text("notes");
  p.citations = f.Citations();
  return p;
}

Pledge PledgeFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Pledge p;
  p.id = f.Text("id", true);
  p.nation = f.Text("nation", true);
  p.category = f.Enum("category", &ParseCategory, "category", CategoryNames(), Category::kTroops);
  if (const json* q = f.Get("quantity")) {
    p.quantity = QuantityFromJson(*q, f.At("quantity"), issues);
  } else {
    f.Fail(f.At("quantity"), "required (give the unit, and as_reported when there is no figure)");
  }
  p.description = f.Text("description");
  p.package = f.Text("package");
  f.Each(
      "history",
      [&](const json& e, const std::string& where) {
        p.history.push_back(StatusChangeFrom(Fields(e, where, issues)));
      },
      /*required=*/true);
  p.citations = f.Citations();
  return p;
}

Meeting MeetingFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Meeting m;
  m.id = f.Text("id", true);
  m.date = f.DateOf("date");
  m.date_basis = f.Basis("date_basis", DateBasis::kStated);
  m.date_note = f.Text("date_note");
  m.format = f.Text("format");
  m.location = f.Text("location");
  m.host = f.Text("host");
  m.participants_reported = f.Text("participants_reported");
  f.Each("participants", [&](const json& e, const std::string& where) {
    Fields p(e, where, issues);
    Participant x;
    x.nation = p.Text("nation");
    x.organisation = p.Text("organisation");
    x.role = p.Text("role");
    x.citations = p.Citations();
    if (x.nation.empty() == x.organisation.empty()) {
      p.Fail(where, "give exactly one of 'nation' and 'organisation'");
    }
    m.participants.push_back(std::move(x));
  });
  f.Each("decisions", [&](const json& e, const std::string& where) {
    Fields d(e, where, issues);
    Decision x;
    x.id = d.Text("id", true);
    x.text = d.Text("text", true);
    x.items = d.Strings("items");
    x.citations = d.Citations();
    m.decisions.push_back(std::move(x));
  });
  m.citations = f.Citations();
  return m;
}

Statement StatementFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Statement s;
  s.id = f.Text("id", true);
  s.date = f.DateOf("date");
  s.date_basis = f.Basis("date_basis", DateBasis::kReport);
  s.speaker = f.Text("speaker");
  s.speaker_name = f.Text("speaker_name");
  s.topic = f.Text("topic");
  s.text = f.Text("text", true);
  if (const json* q = f.Get("quantity"))
    s.quantity = QuantityFromJson(*q, f.At("quantity"), issues);
  s.citations = f.Citations();
  return s;
}

AidPackage AidPackageFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  AidPackage a;
  a.id = f.Text("id", true);
  a.donor = f.Text("donor", true);
  a.date = f.DateOf("date");
  a.date_basis = f.Basis("date_basis", DateBasis::kReport);
  if (const json* v = f.Get("value")) {
    a.value = QuantityFromJson(*v, f.At("value"), issues);
  } else {
    f.Fail(f.At("value"), "required (the unit is the currency, e.g. EUR)");
  }
  f.Each("items", [&](const json& e, const std::string& where) {
    Fields i(e, where, issues);
    AidItem item;
    item.category =
        i.Enum("category", &ParseCategory, "category", CategoryNames(), Category::kEquipment);
    item.item = i.Text("item", true);
    if (const json* q = i.Get("quantity")) {
      item.quantity = QuantityFromJson(*q, i.At("quantity"), issues);
    } else {
      i.Fail(i.At("quantity"), "required");
    }
    a.items.push_back(std::move(item));
  });
  a.citations = f.Citations();
  return a;
}

Delivery DeliveryFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Delivery d;
  d.id = f.Text("id", true);
  d.package = f.Text("package", true);
  d.date = f.DateOf("date");
  d.date_basis = f.Basis("date_basis", DateBasis::kReport);
  d.category =
      f.Enum("category", &ParseCategory, "category", CategoryNames(), Category::kEquipment);
  d.item = f.Text("item");
  if (const json* q = f.Get("quantity")) {
    d.quantity = QuantityFromJson(*q, f.At("quantity"), issues);
  } else {
    f.Fail(f.At("quantity"), "required");
  }
  d.citations = f.Citations();
  return d;
}

PledgeUpdate PledgeUpdateFromJson(const json& j, const std::string& path,
                                  std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  PledgeUpdate u;
  u.pledge = f.Text("pledge", true);
  u.change = StatusChangeFrom(f);
  return u;
}

Conflict ConflictFromJson(const json& j, const std::string& path, std::vector<Issue>& issues) {
  Fields f(j, path, issues);
  Conflict c;
  c.id = f.Text("id", true);
  c.topic = f.Text("topic", true);
  c.note = f.Text("note");
  c.subjects = f.Strings("subjects");
  f.Each(
      "claims",
      [&](const json& e, const std::string& where) {
        Fields k(e, where, issues);
        Claim claim;
        claim.text = k.Text("text", true);
        claim.citations = k.Citations();
        c.claims.push_back(std::move(claim));
      },
      /*required=*/true);
  return c;
}

namespace {

// Reads a document's members into `r`. A full document has every member; a
// set of additions only the lists it adds to.
void ReadDocument(const json& doc, bool full, Registry& r, std::vector<Issue>& issues) {
  Fields f(doc, "$", issues);
  std::string format = f.Text("format", full);
  if (!format.empty() && format != "truceline-registry/1") {
    f.Fail(f.At("format"),
           fmt::format("unknown format '{}' (expected truceline-registry/1)", format));
  }
  r.id = f.Text("id", full);
  r.title = f.Text("title");
  if (full || f.Get("as_of") != nullptr) r.as_of = f.DateOf("as_of");
  r.notes = f.Strings("notes");
  auto each = [&](const char* key, auto& out, auto read) {
    f.Each(
        key,
        [&](const json& e, const std::string& where) { out.push_back(read(e, where, issues)); },
        /*required=*/full);
  };
  each("sources", r.sources, &SourceFromJson);
  each("nations", r.nations, &NationFromJson);
  each("scopes", r.scopes, &ScopeFromJson);
  each("positions", r.positions, &PositionFromJson);
  each("pledges", r.pledges, &PledgeFromJson);
  each("meetings", r.meetings, &MeetingFromJson);
  each("statements", r.statements, &StatementFromJson);
  each("aid_packages", r.aid_packages, &AidPackageFromJson);
  each("deliveries", r.deliveries, &DeliveryFromJson);
  each("conflicts", r.conflicts, &ConflictFromJson);
  // Optional even in a full document: documents written before it exist.
  f.Each("pledge_updates", [&](const json& e, const std::string& where) {
    r.pledge_updates.push_back(PledgeUpdateFromJson(e, where, issues));
  });
}

}  // namespace

core::Result<Registry> ParseRegistryAdditions(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return core::Status(core::ErrorCode::kParseError, fmt::format("{}: not valid JSON", file));
  }
  std::vector<Issue> issues;
  Registry r;
  ReadDocument(doc, /*full=*/false, r, issues);
  if (!issues.empty()) return IssuesToStatus(file, issues);
  return r;
}

core::Result<Registry> ParseRegistry(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return core::Status(core::ErrorCode::kParseError, fmt::format("{}: not valid JSON", file));
  }
  std::vector<Issue> issues;
  Registry r;
  ReadDocument(doc, /*full=*/true, r, issues);
  // The whole-registry checks run even on a misshapen document so that every
  // problem is listed at once; a path the reader already reported is not
  // reported again.
  std::set<std::string> reported;
  for (const auto& issue : issues)
    reported.insert(issue.path);
  for (auto& issue : CheckRegistry(r)) {
    if (!reported.contains(issue.path)) issues.push_back(std::move(issue));
  }
  if (!issues.empty()) return IssuesToStatus(file, issues);
  return r;
}

// --- to JSON ----------------------------------------------------------------

json ToJson(const Citation& v) {
  json j{{"source", v.source}};
  if (v.report_date != Date{}) j["report_date"] = FormatDate(v.report_date);
  PutText(j, "outlet", v.outlet);
  j["quote"] = v.quote;
  return j;
}

json ToJson(const Quantity& v) {
  json j = json::object();
  if (v.value) j["value"] = *v.value;
  if (v.min) j["min"] = *v.min;
  if (v.max) j["max"] = *v.max;
  j["unit"] = v.unit;
  PutText(j, "as_reported", v.as_reported);
  return j;
}

json ToJson(const Nation& v) {
  return {{"iso2", v.iso2}, {"iso3", v.iso3}, {"name", v.name},
          {"eu", v.eu},     {"nato", v.nato}, {"citations", CitationsJson(v.citations)}};
}

json ToJson(const Position& v) {
  json j{{"id", v.id}, {"nation", v.nation}, {"scope", v.scope}, {"stance", StanceName(v.stance)}};
  j["conditions"] = json::array();
  for (Condition c : v.conditions)
    j["conditions"].push_back(ConditionName(c));
  PutText(j, "condition_text", v.condition_text);
  PutText(j, "stated_by", v.stated_by);
  j["date"] = FormatDate(v.date);
  j["date_basis"] = DateBasisName(v.date_basis);
  PutText(j, "date_note", v.date_note);
  PutText(j, "notes", v.notes);
  j["citations"] = CitationsJson(v.citations);
  return j;
}

json ToJson(const Pledge& v) {
  json j{{"id", v.id},
         {"nation", v.nation},
         {"category", CategoryName(v.category)},
         {"quantity", ToJson(v.quantity)}};
  PutText(j, "description", v.description);
  PutText(j, "package", v.package);
  j["history"] = json::array();
  for (const auto& s : v.history)
    j["history"].push_back(StatusChangeJson(s));
  j["citations"] = CitationsJson(v.citations);
  return j;
}

json ToJson(const PledgeUpdate& v) {
  json j{{"pledge", v.pledge}};
  j.update(StatusChangeJson(v.change));
  return j;
}

json ToJson(const Meeting& v) {
  json j{{"id", v.id}, {"date", FormatDate(v.date)}, {"date_basis", DateBasisName(v.date_basis)}};
  PutText(j, "date_note", v.date_note);
  j["format"] = v.format;
  j["location"] = v.location;
  j["host"] = v.host;
  j["participants_reported"] = v.participants_reported;
  j["participants"] = json::array();
  for (const auto& p : v.participants) {
    json x = json::object();
    PutText(x, "nation", p.nation);
    PutText(x, "organisation", p.organisation);
    PutText(x, "role", p.role);
    x["citations"] = CitationsJson(p.citations);
    j["participants"].push_back(std::move(x));
  }
  j["decisions"] = json::array();
  for (const auto& d : v.decisions) {
    json x{{"id", d.id}, {"text", d.text}};
    if (!d.items.empty()) x["items"] = d.items;
    x["citations"] = CitationsJson(d.citations);
    j["decisions"].push_back(std::move(x));
  }
  j["citations"] = CitationsJson(v.citations);
  return j;
}

json ToJson(const Statement& v) {
  json j{{"id", v.id}, {"date", FormatDate(v.date)}, {"date_basis", DateBasisName(v.date_basis)}};
  PutText(j, "speaker", v.speaker);
  PutText(j, "speaker_name", v.speaker_name);
  PutText(j, "topic", v.topic);
  j["text"] = v.text;
  if (v.quantity) j["quantity"] = ToJson(*v.quantity);
  j["citations"] = CitationsJson(v.citations);
  return j;
}

json ToJson(const AidPackage& v) {
  json j{{"id", v.id},
         {"donor", v.donor},
         {"date", FormatDate(v.date)},
         {"date_basis", DateBasisName(v.date_basis)},
         {"value", ToJson(v.value)}};
  j["items"] = json::array();
  for (const auto& i : v.items) {
    j["items"].push_back({{"category", CategoryName(i.category)},
                          {"item", i.item},
                          {"quantity", ToJson(i.quantity)}});
  }
  j["citations"] = CitationsJson(v.citations);
  return j;
}

json ToJson(const Delivery& v) {
  json j{{"id", v.id},
         {"package", v.package},
         {"date", FormatDate(v.date)},
         {"date_basis", DateBasisName(v.date_basis)},
         {"category", CategoryName(v.category)}};
  PutText(j, "item", v.item);
  j["quantity"] = ToJson(v.quantity);
  j["citations"] = CitationsJson(v.citations);
  return j;
}

json ToJson(const Conflict& v) {
  json j{{"id", v.id}, {"topic", v.topic}};
  PutText(j, "note", v.note);
  j["subjects"] = v.subjects;
  j["claims"] = json::array();
  for (const auto& c : v.claims) {
    j["claims"].push_back({{"text", c.text}, {"citations", CitationsJson(c.citations)}});
  }
  return j;
}

json ToJson(const Registry& v) {
  json j{{"format", "truceline-registry/1"},
         {"id", v.id},
         {"title", v.title},
         {"as_of", FormatDate(v.as_of)},
         {"notes", v.notes}};
  j["sources"] = json::array();
  for (const auto& s : v.sources) {
    json x{{"id", s.id}, {"date", FormatDate(s.date)}, {"date_basis", DateBasisName(s.date_basis)}};
    PutText(x, "date_note", s.date_note);
    x["outlets"] = s.outlets;
    PutText(x, "title", s.title);
    j["sources"].push_back(std::move(x));
  }
  auto list = [&](const char* key, const auto& items) {
    j[key] = json::array();
    for (const auto& item : items)
      j[key].push_back(ToJson(item));
  };
  list("nations", v.nations);
  j["scopes"] = json::array();
  for (const auto& s : v.scopes)
    j["scopes"].push_back({{"id", s.id}, {"text", s.text}});
  list("positions", v.positions);
  list("pledges", v.pledges);
  list("meetings", v.meetings);
  list("statements", v.statements);
  list("aid_packages", v.aid_packages);
  list("deliveries", v.deliveries);
  list("conflicts", v.conflicts);
  list("pledge_updates", v.pledge_updates);
  return j;
}

}  // namespace truceline::registry
