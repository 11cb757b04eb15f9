// The registry's JSON and table output.

#include <algorithm>

#include <fmt/format.h>

#include "app/registry_service.hpp"
#include "registry/registry_json.hpp"

namespace truceline::app {
namespace {

using nlohmann::json;
using registry::FormatDate;

json WithConflicts(const registry::Registry& r, json fact, const std::string& id) {
  fact["conflicts"] = registry::ConflictsAbout(r, id);
  return fact;
}

std::string Conditions(const registry::Position& p) {
  std::string out;
  for (auto c : p.conditions) {
    if (!out.empty()) out += ",";
    out += registry::ConditionName(c);
  }
  return out.empty() ? "-" : out;
}

std::string Sources(const std::vector<registry::Citation>& citations) {
  std::vector<std::string> ids;
  for (const auto& c : citations) {
    std::string id = c.source.substr(0, 3);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  std::string out;
  for (const auto& id : ids)
    out += (out.empty() ? "" : ",") + id;
  return out;
}

std::string QuantityText(const registry::Quantity& q) {
  std::string figure;
  if (q.value) {
    figure = fmt::format("{:.15g} {}", *q.value, q.unit);
  } else if (q.min || q.max) {
    figure = fmt::format("{}-{} {}", q.min ? fmt::format("{:.15g}", *q.min) : "?",
                         q.max ? fmt::format("{:.15g}", *q.max) : "?", q.unit);
  } else {
    figure = fmt::format("no figure ({})", q.unit);
  }
  if (!q.as_reported.empty()) figure += fmt::format(" [\"{}\"]", q.as_reported);
  return figure;
}

void AppendCitations(std::string& out, const std::vector<registry::Citation>& citations,
                     std::string_view indent) {
  for (const auto& c : citations) {
    out += fmt::format("{}[{} {}{}] \"{}\"\n", indent, c.source, FormatDate(c.report_date),
                       c.outlet.empty() ? "" : ", " + c.outlet, c.quote);
  }
}

// A pledge's history known on the picture's date: "announced 2025-03-27,
// confirmed 2025-04-10".
std::string HistoryText(const registry::Pledge& p) {
  std::string out;
  for (const auto& change : p.history) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ",
                       registry::PledgeStatusName(change.status), FormatDate(change.date));
  }
  return out;
}

json NationEntry(const registry::Registry& r, const registry::NationPicture& n, bool with_history) {
  json j{{"iso2", n.nation.iso2},
         {"iso3", n.nation.iso3},
         {"name", n.nation.name},
         {"eu", n.nation.eu},
         {"nato", n.nation.nato}};
  j["positions"] = json::array();
  for (const auto& p : n.current)
    j["positions"].push_back(WithConflicts(r, registry::ToJson(p), p.id));
  if (with_history) {
    j["superseded"] = json::array();
    for (const auto& p : n.superseded) {
      j["superseded"].push_back(WithConflicts(r, registry::ToJson(p), p.id));
    }
  }
  j["pledges"] = json::array();
  for (const auto& p : n.pledges) {
    json x = WithConflicts(r, registry::ToJson(p.pledge), p.pledge.id);
    x["status"] = registry::PledgeStatusName(p.status);
    j["pledges"].push_back(std::move(x));
  }
  j["meetings"] = n.meetings;
  j["citations"] = json::array();
  for (const auto& c : n.nation.citations)
    j["citations"].push_back(registry::ToJson(c));
  return j;
}

}  // namespace

json CoalitionListJson(const registry::Registry& registry, const registry::Picture& picture) {
  json j{{"registry", registry.id}, {"as_of", FormatDate(picture.date)}};
  j["nations"] = json::array();
  for (const auto& n : picture.nations)
    j["nations"].push_back(NationEntry(registry, n, false));
  return j;
}

std::string CoalitionListTable(const registry::Registry& registry,
                               const registry::Picture& picture) {
  std::string out = fmt::format("Coalition as of {}\n", FormatDate(picture.date));
  out += fmt::format("{:<4} {:<15} {:<7} {:<23} {:<16} {:<49} {:<10} {}\n", "ISO", "nation",
                     "member", "scope", "stance", "conditions", "since", "reports");
  for (const auto& n : picture.nations) {
    std::string member = n.nation.eu && n.nation.nato ? "EU,NATO"
                         : n.nation.eu                ? "EU"
                         : n.nation.nato              ? "NATO"
                                                      : "-";
    if (n.current.empty()) {
      out += fmt::format("{:<4} {:<15} {:<7} {}\n", n.nation.iso2, n.nation.name, member,
                         "(no position reported)");
    }
    for (const auto& p : n.current) {
      std::string flags;
      for (const auto& c : registry::ConflictsAbout(registry, p.id))
        flags += " CONFLICT:" + c;
      out += fmt::format("{:<4} {:<15} {:<7} {:<23} {:<16} {:<49} {:<10} {}{}\n", n.nation.iso2,
                         n.nation.name, member, p.scope, registry::StanceName(p.stance),
                         Conditions(p), FormatDate(p.date), Sources(p.citations), flags);
    }
  }
  return out;
}

json NationJson(const registry::Registry& registry, const registry::NationPicture& nation,
                registry::Date date) {
  json j = NationEntry(registry, nation, true);
  j["as_of"] = FormatDate(date);
  return j;
}

std::string NationTable(const registry::Registry& registry, const registry::NationPicture& n,
                        registry::Date date) {
  std::string out =
      fmt::format("{} ({} / {}) as of {}: EU {}, NATO {}\n", n.nation.name, n.nation.iso2,
                  n.nation.iso3, FormatDate(date), n.nation.eu ? "member" : "not a member",
                  n.nation.nato ? "member" : "not a member");
  AppendCitations(out, n.nation.citations, "  named: ");
  auto position = [&](const registry::Position& p, std::string_view label) {
    out += fmt::format("\n{} {} on {}: {} (since {}, {})\n", label, p.id, p.scope,
                       registry::StanceName(p.stance), FormatDate(p.date),
                       registry::DateBasisName(p.date_basis));
    out += fmt::format("  conditions: {}\n", Conditions(p));
    if (!p.condition_text.empty()) out += fmt::format("  in words: {}\n", p.condition_text);
    if (!p.stated_by.empty()) out += fmt::format("  stated by: {}\n", p.stated_by);
    if (!p.notes.empty()) out += fmt::format("  note: {}\n", p.notes);
    for (const auto& c : registry::ConflictsAbout(registry, p.id)) {
      out += fmt::format("  CONFLICT: {} (see `coalition as-of`)\n", c);
    }
    AppendCitations(out, p.citations, "  ");
  };
  if (n.current.empty()) out += "\nNo position reported.\n";
  for (const auto& p : n.current)
    position(p, "Position");
  for (const auto& p : n.superseded)
    position(p, "Superseded");
  for (const auto& p : n.pledges) {
    out += fmt::format("\nPledge {}: {} {} ({}) — {}\n", p.pledge.id,
                       registry::CategoryName(p.pledge.category), QuantityText(p.pledge.quantity),
                       registry::PledgeStatusName(p.status), p.pledge.description);
    AppendCitations(out, p.pledge.citations, "  ");
    for (const auto& change : p.pledge.history) {
      out += fmt::format("  {} {} ({})\n", FormatDate(change.date),
                         registry::PledgeStatusName(change.status),
                         registry::DateBasisName(change.date_basis));
      AppendCitations(out, change.citations, "    ");
    }
  }
  if (!n.meetings.empty()) {
    out += "\nMeetings attended:";
    for (const auto& m : n.meetings)
      out += " " + m;
    out += "\n";
  }
  return out;
}

json PictureJson(const registry::Registry& registry, const registry::Picture& picture) {
  json j = CoalitionListJson(registry, picture);
  j["meetings"] = json::array();
  for (const auto& m : picture.meetings) {
    json x = WithConflicts(registry, registry::ToJson(m), m.id);
    for (auto& d : x["decisions"])
      d["conflicts"] = registry::ConflictsAbout(registry, d["id"].get<std::string>());
    j["meetings"].push_back(std::move(x));
  }
  j["statements"] = json::array();
  for (const auto& s : picture.statements) {
    j["statements"].push_back(WithConflicts(registry, registry::ToJson(s), s.id));
  }
  j["conflicts"] = json::array();
  for (const auto& c : picture.conflicts)
    j["conflicts"].push_back(registry::ToJson(c));
  return j;
}

std::string PictureTable(const registry::Registry& registry, const registry::Picture& picture) {
  std::string out = CoalitionListTable(registry, picture);
  out += "\nMeetings\n";
  for (const auto& m : picture.meetings) {
    size_t nations =
        std::count_if(m.participants.begin(), m.participants.end(),
                      [](const registry::Participant& p) { return !p.nation.empty(); });
    out += fmt::format("{} {} {}{}: {} nations named; reported: {}\n", FormatDate(m.date), m.id,
                       m.format, m.location.empty() ? "" : ", " + m.location, nations,
                       m.participants_reported);
    for (const auto& d : m.decisions) {
      out += fmt::format("  - {}", d.text);
      for (size_t i = 0; i < d.items.size(); ++i) {
        out += fmt::format("{}{}", i == 0 ? ": " : "; ", d.items[i]);
      }
      out += "\n";
    }
    for (const auto& c : registry::ConflictsAbout(registry, m.id)) {
      out += fmt::format("  CONFLICT: {}\n", c);
    }
  }
  out += "\nPledges\n";
  size_t pledges = 0;
  for (const auto& n : picture.nations) {
    for (const auto& p : n.pledges) {
      ++pledges;
      out += fmt::format("{:<4} {:<16} {:<12} {:<10} {}\n", n.nation.iso2, p.pledge.id,
                         registry::CategoryName(p.pledge.category),
                         registry::PledgeStatusName(p.status), HistoryText(p.pledge));
    }
  }
  if (pledges == 0) out += "(none)\n";
  out += "\nConflicting reports\n";
  if (picture.conflicts.empty()) out += "(none)\n";
  for (const auto& c : picture.conflicts) {
    out += fmt::format("{}: {}\n", c.id, c.topic);
    for (const auto& claim : c.claims) {
      out += fmt::format("  - {} ({})\n", claim.text, Sources(claim.citations));
    }
  }
  return out;
}

json AidPackagesJson(const registry::Registry& registry, registry::Date date) {
  json j{{"registry", registry.id}, {"as_of", FormatDate(date)}};
  j["packages"] = json::array();
  for (const auto& a : registry.aid_packages) {
    if (a.date > date) continue;
    json x = registry::ToJson(a);
    x["deliveries"] = json::array();
    for (const auto& d : registry.deliveries) {
      if (d.package == a.id && d.date <= date) x["deliveries"].push_back(registry::ToJson(d));
    }
    j["packages"].push_back(std::move(x));
  }
  return j;
}

std::string AidPackagesTable(const registry::Registry& registry, registry::Date date) {
  std::string out = fmt::format("Aid packages as of {}\n", FormatDate(date));
  for (const auto& a : registry.aid_packages) {
    if (a.date > date) continue;
    out += fmt::format("\n{} {} from {}: {}\n", FormatDate(a.date), a.id, a.donor,
                       QuantityText(a.value));
    for (const auto& i : a.items) {
      out += fmt::format("  {:<12} {:<22} {}\n", registry::CategoryName(i.category), i.item,
                         QuantityText(i.quantity));
    }
    for (const auto& d : registry.deliveries) {
      if (d.package != a.id || d.date > date) continue;
      out += fmt::format("  delivered {} {}: {} {}\n", FormatDate(d.date), d.id,
                         registry::CategoryName(d.category), QuantityText(d.quantity));
    }
    AppendCitations(out, a.citations, "  ");
  }
  return out;
}

json AidBalanceJson(const std::vector<registry::AidBalance>& lines, registry::Date date) {
  json j{{"as_of", FormatDate(date)}, {"lines", json::array()}};
  for (const auto& l : lines) {
    j["lines"].push_back({{"donor", l.donor},
                          {"category", registry::CategoryName(l.category)},
                          {"unit", l.unit},
                          {"pledged", l.pledged},
                          {"pledged_without_figure", l.pledged_unquantified},
                          {"delivered", l.delivered},
                          {"packages", l.packages},
                          {"deliveries", l.deliveries},
                          {"pledges_delivered", l.pledges_delivered}});
  }
  return j;
}

std::string AidBalanceTable(const std::vector<registry::AidBalance>& lines, registry::Date date) {
  std::string out = fmt::format("Pledged vs delivered as of {}\n", FormatDate(date));
  out += fmt::format("{:<6} {:<12} {:<10} {:>16} {:>16} {:>9}  {}\n", "donor", "category", "unit",
                     "pledged", "delivered", "share", "note");
  for (const auto& l : lines) {
    std::string share =
        l.pledged > 0 ? fmt::format("{:.0f} %", 100 * l.delivered / l.pledged) : "-";
    std::string note =
        l.pledged_unquantified > 0
            ? fmt::format("{} pledged item(s) without a figure", l.pledged_unquantified)
            : "";
    std::string pledged =
        l.pledged > 0 || l.pledged_unquantified == 0 ? fmt::format("{:.15g}", l.pledged) : "-";
    out +=
        fmt::format("{:<6} {:<12} {:<10} {:>16} {:>16.15g} {:>9}  {}\n", l.donor,
                    registry::CategoryName(l.category), l.unit, pledged, l.delivered, share, note);
  }
  return out;
}

}  // namespace truceline::app
