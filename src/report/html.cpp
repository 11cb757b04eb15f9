// report.html: one self-contained page (inline CSS) with the map and the
// trend chart as images beside it.

#include <fmt/format.h>

#include "core/markup_text.hpp"
#include "report/labels.hpp"
#include "report/render.hpp"
#include "report/sections.hpp"

namespace truceline::report {

namespace {

using core::EscapeMarkup;

constexpr std::string_view kStyle = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.4; }
h1 { color: #0d3359; font-size: 1.6rem; } h2 { color: #0d3359; margin-top: 2rem; }
h3 { color: #0d3359; font-size: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
th { background: #e6edf5; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
img { max-width: 100%; border: 1px solid #ccc; }
.meta { color: #555; font-size: 0.85rem; }
)";

void AppendTable(std::string& out, const detail::TableData& t) {
  if (t.rows.empty()) {
    if (!t.caption.empty()) out += fmt::format("<h3>{}</h3>\n", EscapeMarkup(t.caption));
    out += fmt::format("<p>{}</p>\n", EscapeMarkup(t.empty_text));
    return;
  }
  out += "<table>";
  if (!t.caption.empty()) out += fmt::format("<caption>{}</caption>", EscapeMarkup(t.caption));
  out += "\n<tr>";
  for (size_t i = 0; i < t.header.size(); ++i) {
    out += fmt::format("<th{}>{}</th>", t.numeric[i] ? " class=\"n\"" : "", EscapeMarkup(t.header[i]));
  }
  out += "</tr>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      bool numeric = i < t.numeric.size() && t.numeric[i];
      out += fmt::format("<td{}>{}</td>", numeric ? " class=\"n\"" : "", EscapeMarkup(row[i]));
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

}  // namespace

std::string RenderHtml(const DailyReport& report, const RenderOptions& options) {
  const std::string title =
      fmt::format("Truceline daily report {}", core::FormatCalendarDate(report.date));
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
      EscapeMarkup(title), kStyle, EscapeMarkup(title));
  std::vector<detail::Section> sections = detail::BuildSections(report, options);
  for (size_t i = 0; i < sections.size(); ++i) {
    const detail::Section& s = sections[i];
    out += fmt::format("<h{0}>{1}</h{0}>\n", s.level + 1, EscapeMarkup(s.title));
    for (const std::string& p : s.paragraphs)
      out += fmt::format("<p>{}</p>\n", EscapeMarkup(p));
    for (const detail::TableData& t : s.tables)
      AppendTable(out, t);
    if (i == 0) {
      out += fmt::format(
          "<h2>Map</h2>\n<p><img src=\"{}\" alt=\"Map of the incidents of {}\"></p>\n"
          "<h2>Trend</h2>\n<p><img src=\"{}\" alt=\"Incidents and violations per day\"></p>\n",
          EscapeMarkup(options.map_file), core::FormatCalendarDate(report.date),
          EscapeMarkup(options.trend_file));
    }
  }
  out += fmt::format(
      "<p class=\"meta\">The figures above are in report.json (format "
      "truceline-daily-report/1){}.</p>\n</body>\n</html>\n",
      options.content_hash.empty() ? "" : fmt::format(", content hash {}", options.content_hash));
  return out;
}

}  // namespace truceline::report
