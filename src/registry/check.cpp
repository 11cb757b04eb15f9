// CheckRegistry: the rules a registry obeys as a whole.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "registry/registry.hpp"

namespace truceline::registry {
namespace {

bool IsUpperCode(std::string_view code, size_t length) {
  return code.size() == length &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

size_t WordCount(std::string_view text) {
  std::istringstream in{std::string(text)};
  size_t n = 0;
  for (std::string word; in >> word;)
    ++n;
  return n;
}

class Checker {
 public:
  explicit Checker(Registry& r) : r_(r) {
    for (const auto& s : r_.sources)
      source_dates_[s.id] = s.date;
  }

  std::vector<Issue> Run() {
    if (r_.id.empty()) Fail("$.id", "required");
    CheckSources();
    CheckNations();
    for (size_t i = 0; i < r_.scopes.size(); ++i) {
      Unique(scopes_, r_.scopes[i].id, Path("scopes", i) + ".id");
    }
    for (size_t i = 0; i < r_.positions.size(); ++i)
      CheckPosition(r_.positions[i], Path("positions", i));
    for (size_t i = 0; i < r_.aid_packages.size(); ++i) {
      CheckPackage(r_.aid_packages[i], Path("aid_packages", i));
    }
    for (size_t i = 0; i < r_.pledges.size(); ++i)
      CheckPledge(r_.pledges[i], Path("pledges", i));
    for (size_t i = 0; i < r_.meetings.size(); ++i)
      CheckMeeting(r_.meetings[i], Path("meetings", i));
    for (size_t i = 0; i < r_.statements.size(); ++i) {
      CheckStatement(r_.statements[i], Path("statements", i));
    }
    for (size_t i = 0; i < r_.deliveries.size(); ++i) {
      CheckDelivery(r_.deliveries[i], Path("deliveries", i));
    }
    for (size_t i = 0; i < r_.pledge_updates.size(); ++i) {
      CheckPledgeUpdate(r_.pledge_updates[i], Path("pledge_updates", i));
    }
    for (size_t i = 0; i < r_.conflicts.size(); ++i) {
      CheckConflict(r_.conflicts[i], Path("conflicts", i));
    }
    return std::move(issues_);
  }

 private:
  static std::string Path(const char* list, size_t i) { return fmt::format("$.{}[{}]", list, i); }
  void Fail(std::string path, std::string reason) {
    issues_.push_back({std::move(path), std::move(reason)});
  }

  // Registers `id` in `seen`; an id used twice (in any fact kind sharing
  // `seen`) is an issue.
  void Unique(std::set<std::string>& seen, const std::string& id, const std::string& path) {
    if (id.empty()) return;  // reported by the reader as required
    if (!seen.insert(id).second) Fail(path, fmt::format("duplicate id '{}'", id));
  }

  void NotAfterRecord(Date date, const std::string& path) {
    if (date > r_.as_of) {
      Fail(path, fmt::format("{} is after the record's date {} (a fact cannot be dated in the "
                             "future of the record)",
                             FormatDate(date), FormatDate(r_.as_of)));
    }
  }

  void KnownNation(const std::string& code, const std::string& path, bool required = true) {
    if (code.empty()) {
      if (required) Fail(path, "required");
      return;
    }
    if (!nations_.contains(code)) {
      Fail(path, fmt::format("unknown nation '{}' (not an ISO 3166-1 alpha-2 code listed in "
                             "$.nations)",
                             code));
    }
  }

  void CheckCitations(std::vector<Citation>& citations, const std::string& path,
                      bool required = true) {
    if (required && citations.empty()) {
      Fail(path + ".citations", "every fact needs at least one citation");
    }
    for (size_t i = 0; i < citations.size(); ++i) {
      Citation& c = citations[i];
      std::string where = fmt::format("{}.citations[{}]", path, i);
      auto it = source_dates_.find(c.source);
      if (c.source.empty()) {
        Fail(where + ".source", "a citation needs a source");
      } else if (it == source_dates_.end()) {
        Fail(where + ".source",
             fmt::format("unknown source '{}' (not listed in $.sources)", c.source));
      } else {
        c.report_date = it->second;
      }
      if (c.quote.find_first_not_of(" \t\n") == std::string::npos) {
        Fail(where + ".quote", "a citation needs a quote");
      } else if (size_t words = WordCount(c.quote); words > kMaxQuoteWords) {
        Fail(where + ".quote",
             fmt::format("{} words; a quote has at most {} words", words, kMaxQuoteWords));
      }
    }
  }

  void CheckQuantity(const Quantity& q, const std::string& path) {
    for (auto [v, key] : {std::pair{q.value, "value"}, {q.min, "min"}, {q.max, "max"}}) {
      if (v && !(*v >= 0)) Fail(fmt::format("{}.{}", path, key), "a quantity cannot be negative");
    }
    if (q.min && q.max && *q.min > *q.max) Fail(path, "min is greater than max");
    if (q.unit.empty()) Fail(path + ".unit", "required");
  }

  void CheckSources() {
    std::set<std::string> seen;
    for (size_t i = 0; i < r_.sources.size(); ++i) {
      Unique(seen, r_.sources[i].id, Path("sources", i) + ".id");
      NotAfterRecord(r_.sources[i].date, Path("sources", i) + ".date");
    }
  }

  void CheckNations() {
    std::set<std::string> iso3;
    for (size_t i = 0; i < r_.nations.size(); ++i) {
      Nation& n = r_.nations[i];
      std::string path = Path("nations", i);
      if (!IsUpperCode(n.iso2, 2)) {
        Fail(path + ".iso2", fmt::format("'{}' is not an ISO 3166-1 alpha-2 code (two capital "
                                         "letters)",
                                         n.iso2));
      }
      if (!IsUpperCode(n.iso3, 3)) {
        Fail(path + ".iso3", fmt::format("'{}' is not an ISO 3166-1 alpha-3 code (three capital "
                                         "letters)",
                                         n.iso3));
      }
      Unique(nations_, n.iso2, path + ".iso2");
      Unique(iso3, n.iso3, path + ".iso3");
      CheckCitations(n.citations, path);
    }
  }

  void CheckPosition(Position& p, const std::string& path) {
    Unique(ids_, p.id, path + ".id");
    KnownNation(p.nation, path + ".nation");
    if (!scopes_.contains(p.scope)) {
      Fail(path + ".scope", fmt::format("unknown scope '{}' (not listed in $.scopes)", p.scope));
    }
    std::set<Condition> seen;
    for (Condition c : p.conditions) {
      if (!seen.insert(c).second) {
        Fail(path + ".conditions", fmt::format("'{}' listed twice", ConditionName(c)));
      }
    }
    NotAfterRecord(p.date, path + ".date");
    CheckCitations(p.citations, path);
  }

  void CheckPledge(Pledge& p, const std::string& path) {
    Unique(ids_, p.id, path + ".id");
    KnownNation(p.nation, path + ".nation");
    CheckQuantity(p.quantity, path + ".quantity");
    if (!p.package.empty() && !packages_.contains(p.package)) {
      Fail(path + ".package", fmt::format("unknown aid package '{}'", p.package));
    }
    if (p.history.empty()) Fail(path + ".history", "a pledge needs at least its first status");
    for (size_t i = 0; i < p.history.size(); ++i) {
      std::string where = fmt::format("{}.history[{}]", path, i);
      NotAfterRecord(p.history[i].date, where + ".date");
      CheckCitations(p.history[i].citations, where, /*required=*/false);
      if (i > 0 && (p.history[i].date < p.history[i - 1].date ||
                    p.history[i].status <= p.history[i - 1].status)) {
        Fail(where,
             "a pledge's status moves forward only (announced, confirmed, delivered), "
             "in date order");
      }
    }
    CheckCitations(p.citations, path);
    if (!p.id.empty() && !p.history.empty()) latest_status_.emplace(p.id, p.history.back());
  }

  // An update is checked against the pledge's latest status so far: its
  // history's last change, then each earlier update in order.
  void CheckPledgeUpdate(PledgeUpdate& u, const std::string& path) {
    CheckCitations(u.change.citations, path);
    NotAfterRecord(u.change.date, path + ".date");
    if (u.pledge.empty()) return;  // reported by the reader as required
    auto latest = latest_status_.find(u.pledge);
    if (latest == latest_status_.end()) {
      Fail(path + ".pledge",
           fmt::format("unknown pledge '{}' (not the id of a pledge in the registry)", u.pledge));
      return;
    }
    const StatusChange& before = latest->second;
    std::string_view status = PledgeStatusName(u.change.status);
    if (u.change.status == before.status) {
      Fail(path + ".status",
           fmt::format("pledge '{}' is already {} (since {}); a status is recorded once", u.pledge,
                       status, FormatDate(before.date)));
      return;
    }
    if (u.change.status < before.status) {
      Fail(path + ".status",
           fmt::format("pledge '{}' is already {} (since {}); it cannot go back to {} (a "
                       "pledge's status moves forward only: announced, confirmed, delivered)",
                       u.pledge, PledgeStatusName(before.status), FormatDate(before.date), status));
      return;
    }
    if (u.change.date < before.date) {
      Fail(path + ".date", fmt::format("{} is before the pledge's latest status ({} on {})",
                                       FormatDate(u.change.date), PledgeStatusName(before.status),
                                       FormatDate(before.date)));
      return;
    }
    latest->second = u.change;
  }

  void CheckMeeting(Meeting& m, const std::string& path) {
    Unique(ids_, m.id, path + ".id");
    NotAfterRecord(m.date, path + ".date");
    KnownNation(m.host, path + ".host", /*required=*/false);
    std::set<std::string> present;
    for (size_t i = 0; i < m.participants.size(); ++i) {
      Participant& p = m.participants[i];
      std::string where = fmt::format("{}.participants[{}]", path, i);
      if (!p.nation.empty()) {
        KnownNation(p.nation, where + ".nation");
        if (!present.insert(p.nation).second) {
          Fail(where + ".nation", fmt::format("'{}' listed twice", p.nation));
        }
      }
      CheckCitations(p.citations, where);
    }
    for (size_t i = 0; i < m.decisions.size(); ++i) {
      std::string where = fmt::format("{}.decisions[{}]", path, i);
      Unique(ids_, m.decisions[i].id, where + ".id");
      CheckCitations(m.decisions[i].citations, where);
    }
    CheckCitations(m.citations, path);
  }

  void CheckStatement(Statement& s, const std::string& path) {
    Unique(ids_, s.id, path + ".id");
    NotAfterRecord(s.date, path + ".date");
    KnownNation(s.speaker, path + ".speaker", /*required=*/false);
    if (s.quantity) CheckQuantity(*s.quantity, path + ".quantity");
    CheckCitations(s.citations, path);
  }

  void CheckPackage(AidPackage& a, const std::string& path) {
    Unique(ids_, a.id, path + ".id");
    packages_[a.id] = a.date;
    KnownNation(a.donor, path + ".donor");
    NotAfterRecord(a.date, path + ".date");
    CheckQuantity(a.value, path + ".value");
    for (size_t i = 0; i < a.items.size(); ++i) {
      CheckQuantity(a.items[i].quantity, fmt::format("{}.items[{}].quantity", path, i));
    }
    CheckCitations(a.citations, path);
  }

  void CheckDelivery(Delivery& d, const std::string& path) {
    Unique(ids_, d.id, path + ".id");
    NotAfterRecord(d.date, path + ".date");
    auto package = packages_.find(d.package);
    if (package == packages_.end()) {
      Fail(path + ".package", fmt::format("unknown aid package '{}'", d.package));
    } else if (d.date < package->second) {
      Fail(path + ".date", fmt::format("delivered on {}, before the package was announced on {}",
                                       FormatDate(d.date), FormatDate(package->second)));
    }
    CheckQuantity(d.quantity, path + ".quantity");
    if (!d.quantity.value) Fail(path + ".quantity.value", "a delivery needs a delivered quantity");
    CheckCitations(d.citations, path);
  }

  void CheckConflict(Conflict& c, const std::string& path) {
    Unique(ids_, c.id, path + ".id");
    if (c.claims.size() < 2) Fail(path + ".claims", "a conflict needs at least two claims");
    for (size_t i = 0; i < c.subjects.size(); ++i) {
      if (!ids_.contains(c.subjects[i])) {
        Fail(fmt::format("{}.subjects[{}]", path, i),
             fmt::format("unknown fact '{}' (not the id of a position, pledge, meeting, decision, "
                         "statement, package or delivery)",
                         c.subjects[i]));
      }
    }
    for (size_t i = 0; i < c.claims.size(); ++i) {
      CheckCitations(c.claims[i].citations, fmt::format("{}.claims[{}]", path, i));
    }
  }

  Registry& r_;
  std::map<std::string, Date> source_dates_;
  std::set<std::string> nations_, scopes_, ids_;
  std::map<std::string, Date> packages_;
  std::map<std::string, StatusChange> latest_status_;  // by pledge id
  std::vector<Issue> issues_;
};

}  // namespace

std::vector<Issue> CheckRegistry(Registry& registry) {
  return Checker(registry).Run();
}

void FoldPledgeUpdates(Registry& registry) {
  std::map<std::string, Pledge*> pledges;
  for (auto& p : registry.pledges)
    pledges.emplace(p.id, &p);
  std::vector<PledgeUpdate> unknown;
  for (auto& u : registry.pledge_updates) {
    auto it = pledges.find(u.pledge);
    if (it == pledges.end()) {
      unknown.push_back(std::move(u));
    } else {
      it->second->history.push_back(std::move(u.change));
    }
  }
  registry.pledge_updates = std::move(unknown);
}

core::Status IssuesToStatus(const std::string& file, const std::vector<Issue>& issues) {
  if (issues.empty()) return core::Status::Ok();
  std::string message;
  for (const auto& issue : issues) {
    if (!message.empty()) message += '\n';
    message += fmt::format("{}: {}: {}", file, issue.path, issue.reason);
  }
  return core::Status(core::ErrorCode::kInvalidRecord, std::move(message));
}

const Nation* FindNation(const Registry& registry, std::string_view code) {
  std::string upper(code);
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& n : registry.nations) {
    if (n.iso2 == upper || n.iso3 == upper) return &n;
  }
  return nullptr;
}

std::vector<std::string> ConflictsAbout(const Registry& registry, std::string_view subject_id) {
  std::vector<std::string> out;
  for (const auto& c : registry.conflicts) {
    if (std::find(c.subjects.begin(), c.subjects.end(), subject_id) != c.subjects.end()) {
      out.push_back(c.id);
    }
  }
  return out;
}

}  // namespace truceline::registry
