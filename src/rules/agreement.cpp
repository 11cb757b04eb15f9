// The agreement model: lookups by name and the clause periods.

#include "rules/agreement.hpp"

#include <algorithm>

namespace truceline::rules {
namespace {

template <typename T>
const T* FindByName(const std::vector<T>& sorted, std::string_view name) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), name,
                             [](const T& v, std::string_view n) { return v.name < n; });
  return it != sorted.end() && it->name == name ? &*it : nullptr;
}

}  // namespace

const AgreementLine* Agreement::FindLine(std::string_view name) const {
  return FindByName(lines, name);
}

const AgreementZone* Agreement::FindZone(std::string_view name) const {
  return FindByName(zones, name);
}

const AssetSet* Agreement::FindAssetSet(std::string_view name) const {
  return FindByName(asset_sets, name);
}

bool InForce(const Agreement& agreement, const Clause& clause, core::UtcMicros t) {
  if (t < agreement.effective_from) return false;
  if (agreement.effective_to && t >= *agreement.effective_to) return false;
  if (clause.effective_from && t < *clause.effective_from) return false;
  if (clause.effective_to && t >= *clause.effective_to) return false;
  return true;
}

}  // namespace truceline::rules
