#pragma once
// ReportBuilder: the one place where the Report contract is checked.
// Every reader feeds it the fields of one record, typed as they arrived
// (JSON string/number/null, or untyped CSV text); Finish() applies the
// cross-field rules and yields a Report or the list of problems.

#include <bitset>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/report.hpp"
#include "ingest/ingest.hpp"

namespace truceline::ingest::detail {

enum class Field : uint8_t {
  kId,
  kSource,
  kSourceKind,
  kObservedAt,
  kTimeUncertainty,
  kLat,
  kLon,
  kPositionUncertainty,
  kKind,
  kCount,
  kWeaponClass,
  kTargetCategory,
  kBearing,
  kText,
  kCount_,  // number of fields
};

// The Report contract's field for a name, or nullopt for names outside it
// (those are ignored, so producers may add their own fields).
std::optional<Field> FieldFromName(std::string_view name);
std::string_view FieldName(Field field);

class ReportBuilder {
 public:
  explicit ReportBuilder(const ValidationPolicy& policy) : policy_(policy) {}

  // Starts a new record.
  void Reset();

  // Typed setters, one call per field occurrence. A field given twice is an
  // error. Setting null means "absent".
  void SetString(Field field, std::string_view value);
  void SetNumber(Field field, double value);
  void SetInteger(Field field, int64_t value);
  void SetNull(Field field);
  // The field holds a JSON value of a type no field accepts ("an object").
  void SetWrongType(Field field, std::string_view type_name);
  // CSV: untyped text; empty means absent; numbers are parsed here.
  void SetText(Field field, std::string_view text);

  // Adds a record-level or format-specific problem.
  void AddError(std::string_view field, std::string reason);
  bool HasErrors() const { return !errors_.empty(); }
  // Whether the field was given (even as null or with an invalid value).
  bool Has(Field field) const { return seen_.test(static_cast<size_t>(field)); }

  // Applies required-field and cross-field rules. On success fills `report`
  // and `digest` (deriving the id from the content when none was given) and
  // returns true; otherwise returns false and `errors()` lists every problem.
  bool Finish(core::Report& report, core::ContentDigest& digest);
  std::vector<FieldError>& errors() { return errors_; }

 private:
  bool MarkSeen(Field field);
  bool HasErrorFor(Field field) const;
  void SetDouble(Field field, double value);
  void Error(Field field, std::string reason);

  const ValidationPolicy policy_;  // a copy: callers may pass a temporary
  core::Report report_;
  std::bitset<static_cast<size_t>(Field::kCount_)> seen_;
  std::vector<FieldError> errors_;
};

}  // namespace truceline::ingest::detail
