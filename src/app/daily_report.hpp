#pragma once
// `truceline report daily`: gathers a local day's incidents and reports
// (and the 29 days before, for comparisons and the trend) from a store,
// builds the daily report and writes report.json, report.html, report.pdf,
// map.png and trend.png.

#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "report/report.hpp"
#include "rules/violation.hpp"

namespace truceline::app {

struct DailyReportRequest {
  std::string db;        // the store (must exist: a report never creates one)
  std::string date;      // the local day, YYYY-MM-DD
  std::string out_dir;   // created if absent
  std::string timezone;  // empty: the agreement's, else Europe/Kyiv
  // Which agreement the window's incidents are checked against: empty, the
  // store's active agreement (none when none is active); "none", none; else
  // an agreement file, or "bundled" for the bundled example (as
  // LoadAgreement). Without an agreement the violation sections say so.
  std::string agreement_source;
  // Violations evaluated by the caller instead, with the agreement they
  // were evaluated against; when set, `agreement_source` is not read.
  std::optional<report::AgreementInfo> agreement;
  std::vector<rules::Violation> violations;
};

struct DailyReportOutcome {
  report::DailyReport report;
  std::string content_hash;        // of report.json
  std::vector<std::string> files;  // the paths written, in writing order
};

// The default zone of the agreement's local day.
inline constexpr const char* kDefaultTimeZone = "Europe/Kyiv";

// Reads the system's TZif file of zone `name` ($TZDIR, else
// /usr/share/zoneinfo). Errors: kInvalidArgument for a name that is not a
// zone (or not installed: the message names the file and tzdata);
// kParseError for a corrupt file.
core::Result<core::TimeZone> LoadTimeZone(const std::string& name);

// Validates the request, reads the store and the bundled reference data,
// builds and renders the report in memory, and only then writes the five
// files (each through a temporary file renamed into place). `clock` gives
// the "generated" line of the HTML and PDF only; report.json depends on
// the store and the request alone. Errors: kInvalidArgument for a bad
// date or zone; kNotFound for a missing store or bundled file; the store's
// errors; kIoError when the folder or a file cannot be written.
core::Result<DailyReportOutcome> RunDailyReport(const DailyReportRequest& request,
                                                const core::Clock& clock);

}  // namespace truceline::app
