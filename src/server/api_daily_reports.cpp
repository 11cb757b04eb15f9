// POST /api/v1/daily-reports (generate a day's report) and
// GET /api/v1/daily-reports/{date}/{file} (fetch it: JSON, HTML, PDF, PNGs).

#include <filesystem>

#include <fmt/format.h>

#include "app/daily_report.hpp"
#include "app/input_file.hpp"
#include "core/json_text.hpp"
#include "server/dispatcher.hpp"
#include "server/request_body.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

using app::Role;

struct ReportFile {
  std::string_view name;
  std::string_view content_type;
};
constexpr ReportFile kReportFiles[] = {
    {"report.json", "application/json"}, {"report.html", "text/html; charset=utf-8"},
    {"report.pdf", "application/pdf"},   {"map.png", "image/png"},
    {"trend.png", "image/png"},
};

// The date as a folder name, only when it is a real calendar date (so a
// path segment can never climb out of the output root).
core::Result<std::string> DateFolder(std::string_view date) {
  auto parsed = core::ParseCalendarDate(date);
  if (!parsed) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("date '{}': expected YYYY-MM-DD", date));
  }
  return core::FormatCalendarDate(*parsed);
}

HandlerResult Generate(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, {Role::kAnalyst, Role::kCoordinator, Role::kAdmin});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto body = JsonObjectBody(request);
  if (!body.ok()) return ErrorResponse(request, body.status());
  auto date = StringMember(*body, "date", 10);
  if (!date.ok()) return ErrorResponse(request, date.status());
  auto folder = DateFolder(*date);
  if (!folder.ok()) return ErrorResponse(request, folder.status());
  app::DailyReportRequest report;
  report.db = services.backend.location();
  report.date = *folder;
  report.out_dir = services.settings.output_root + "/daily/" + *folder;
  if (body->contains("timezone")) {
    auto zone = StringMember(*body, "timezone", 64);
    if (!zone.ok()) return ErrorResponse(request, zone.status());
    report.timezone = *zone;
  }
  // Reports read the store through their own connection; holding the
  // writer keeps a report from mixing two fusion steps.
  std::optional<app::DailyReportOutcome> outcome;
  core::Status status = services.backend.Write([&](Backend::Writer&) {
    auto made = app::RunDailyReport(report, services.backend.clock());
    if (!made.ok()) return made.status();
    outcome = std::move(*made);
    return core::Status::Ok();
  });
  if (!status.ok()) return ErrorResponse(request, status);
  std::string out = R"({"date":)";
  core::AppendJsonString(out, *folder);
  out += R"(,"content_hash":)";
  core::AppendJsonString(out, outcome->content_hash);
  out += R"(,"files":{)";
  bool first = true;
  for (const ReportFile& file : kReportFiles) {
    out += fmt::format(R"({}"{}":"/api/v1/daily-reports/{}/{}")", first ? "" : ",", file.name,
                       *folder, file.name);
    first = false;
  }
  out += "}}";
  core::Status audited = services.backend.Audit(context.principal->actor(), "daily_report.generate",
                                                fmt::format("daily-report/{}", *folder), out);
  if (!audited.ok()) return ErrorResponse(request, audited);
  return JsonResponse(request, http::status::created, std::move(out));
}

HandlerResult Fetch(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed =
      RequireRole(context, {Role::kAdmin, Role::kCoordinator, Role::kAnalyst, Role::kObserver});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto folder = DateFolder(context.params.at("date"));
  if (!folder.ok()) return ErrorResponse(request, folder.status());
  const std::string& name = context.params.at("file");
  for (const ReportFile& file : kReportFiles) {
    if (file.name != name) continue;
    std::string path = services.settings.output_root + "/daily/" + *folder + "/" + name;
    if (!std::filesystem::exists(path)) {
      return ErrorResponse(request, core::Status(core::ErrorCode::kNotFound,
                                                 fmt::format("no report for {} yet; POST "
                                                             "/api/v1/daily-reports to make it",
                                                             *folder)));
    }
    auto bytes = app::ReadInputFile(path);
    if (!bytes.ok()) return ErrorResponse(request, bytes.status());
    return MakeResponse(request, http::status::ok, file.content_type, std::move(*bytes));
  }
  return ErrorResponse(request, core::Status(core::ErrorCode::kNotFound,
                                             fmt::format("a daily report has no file '{}'", name)));
}

}  // namespace

void AddDailyReportRoutes(Router& router, Services& services) {
  router.Add(http::verb::post, "/api/v1/daily-reports",
             [&services](RequestContext& context) { return Generate(services, context); });
  router.Add(http::verb::get, "/api/v1/daily-reports/{date}/{file}",
             [&services](RequestContext& context) { return Fetch(services, context); });
}

}  // namespace truceline::server
