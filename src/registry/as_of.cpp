// The picture on a date, and the aid pipeline's pledged-vs-delivered view.

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "registry/registry.hpp"

namespace truceline::registry {
namespace {

bool AnyReportedBy(const std::vector<Citation>& citations, Date date) {
  return std::any_of(citations.begin(), citations.end(),
                     [&](const Citation& c) { return c.report_date <= date; });
}

NationPicture BuildNation(const Registry& registry, const Nation& nation, Date date) {
  NationPicture out;
  out.nation = nation;
  // Positions per scope in date order (stable: equal dates keep registry order).
  std::map<std::string, std::vector<const Position*>> by_scope;
  for (const auto& p : registry.positions) {
    if (p.nation == nation.iso2 && p.date <= date) by_scope[p.scope].push_back(&p);
  }
  for (auto& [scope, list] : by_scope) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Position* a, const Position* b) { return a->date < b->date; });
    out.current.push_back(*list.back());
    for (auto it = list.rbegin() + 1; it != list.rend(); ++it)
      out.superseded.push_back(**it);
  }
  for (const auto& p : registry.pledges) {
    if (p.nation != nation.iso2 || p.history.empty() || p.history.front().date > date) continue;
    PledgeAsOf x{p, p.history.front().status};
    // Histories are in date order (CheckRegistry): keep the changes known by `date`.
    std::erase_if(x.pledge.history, [&](const StatusChange& change) { return change.date > date; });
    x.status = x.pledge.history.back().status;
    out.pledges.push_back(std::move(x));
  }
  for (const auto& m : registry.meetings) {
    if (m.date > date) continue;
    for (const auto& participant : m.participants) {
      if (participant.nation == nation.iso2) out.meetings.push_back(m.id);
    }
  }
  return out;
}

// `registry` with its pending pledge updates folded, in `copy` when there
// are any (the pictures see a pledge's whole history).
const Registry& Folded(const Registry& registry, Registry& copy) {
  if (registry.pledge_updates.empty()) return registry;
  copy = registry;
  FoldPledgeUpdates(copy);
  return copy;
}

}  // namespace

Picture PictureAsOf(const Registry& in, Date date) {
  Registry copy;
  const Registry& registry = Folded(in, copy);
  Picture picture;
  picture.date = date;
  for (const auto& n : registry.nations)
    picture.nations.push_back(BuildNation(registry, n, date));
  for (const auto& m : registry.meetings) {
    if (m.date <= date) picture.meetings.push_back(m);
  }
  std::stable_sort(picture.meetings.begin(), picture.meetings.end(),
                   [](const Meeting& a, const Meeting& b) { return a.date < b.date; });
  for (const auto& s : registry.statements) {
    if (s.date <= date) picture.statements.push_back(s);
  }
  for (const auto& c : registry.conflicts) {
    Conflict visible = c;
    visible.claims.clear();
    for (const auto& claim : c.claims) {
      if (AnyReportedBy(claim.citations, date)) visible.claims.push_back(claim);
    }
    // Reports differ only once two different reports are out.
    std::set<std::string> reports;
    for (const auto& claim : visible.claims) {
      for (const auto& citation : claim.citations) {
        if (citation.report_date <= date) reports.insert(citation.source);
      }
    }
    if (visible.claims.size() >= 2 && reports.size() >= 2) {
      picture.conflicts.push_back(std::move(visible));
    }
  }
  return picture;
}

std::optional<NationPicture> NationAsOf(const Registry& in, std::string_view code, Date date) {
  Registry copy;
  const Registry& registry = Folded(in, copy);
  const Nation* nation = FindNation(registry, code);
  if (nation == nullptr) return std::nullopt;
  return BuildNation(registry, *nation, date);
}

std::vector<AidBalance> AidBalances(const Registry& in, Date date) {
  Registry copy;
  const Registry& registry = Folded(in, copy);
  using Key = std::tuple<std::string, Category, std::string>;
  std::map<Key, AidBalance> lines;
  auto line = [&](const std::string& donor, Category category, const std::string& unit) -> auto& {
    AidBalance& b = lines[Key{donor, category, unit}];
    b.donor = donor;
    b.category = category;
    b.unit = unit;
    return b;
  };
  auto pledge = [](AidBalance& b, const Quantity& q) {
    ++b.packages;
    if (q.value) {
      b.pledged += *q.value;
    } else {
      ++b.pledged_unquantified;
    }
  };
  std::map<std::string, const AidPackage*> packages;
  for (const auto& a : registry.aid_packages) {
    packages[a.id] = &a;
    if (a.date > date) continue;
    pledge(line(a.donor, Category::kFunds, a.value.unit), a.value);
    for (const auto& item : a.items)
      pledge(line(a.donor, item.category, item.quantity.unit), item.quantity);
  }
  for (const auto& d : registry.deliveries) {
    auto it = packages.find(d.package);
    if (d.date > date || it == packages.end() || it->second->date > date) continue;
    AidBalance& b = line(it->second->donor, d.category, d.quantity.unit);
    b.delivered += d.quantity.value.value_or(0);
    ++b.deliveries;
  }
  // A package's pledge delivered in full: its figure is what was delivered
  // in its category and unit, of which the itemised deliveries are part.
  for (const auto& p : registry.pledges) {
    auto it = packages.find(p.package);
    if (p.package.empty() || it == packages.end() || it->second->date > date) continue;
    bool delivered = std::any_of(p.history.begin(), p.history.end(), [&](const StatusChange& s) {
      return s.status == PledgeStatus::kDelivered && s.date <= date;
    });
    if (!delivered) continue;
    double itemised = 0;
    for (const auto& d : registry.deliveries) {
      if (d.package == p.package && d.date <= date && d.category == p.category &&
          d.quantity.unit == p.quantity.unit) {
        itemised += d.quantity.value.value_or(0);
      }
    }
    AidBalance& b = line(it->second->donor, p.category, p.quantity.unit);
    b.delivered += std::max(0.0, p.quantity.value.value_or(0) - itemised);
    ++b.pledges_delivered;
  }
  std::vector<AidBalance> out;
  for (auto& [key, balance] : lines)
    out.push_back(std::move(balance));
  return out;
}

}  // namespace truceline::registry
