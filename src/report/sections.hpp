#pragma once
// Private to report/: the report's text content as sections of paragraphs
// and tables, shared by the HTML and the PDF renderers so that both say the
// same thing.

#include <string>
#include <vector>

#include "report/render.hpp"

namespace truceline::report::detail {

struct TableData {
  std::string caption;
  std::vector<std::string> header;
  std::vector<double> widths;  // shares of the text width, summing to 1
  std::vector<bool> numeric;   // right-aligned columns
  std::vector<std::vector<std::string>> rows;
  std::string empty_text;  // shown instead of an empty table
};

struct Section {
  int level = 1;
  std::string title;
  std::vector<std::string> paragraphs;
  std::vector<TableData> tables;
};

// The sections in reading order; the first is the summary.
std::vector<Section> BuildSections(const DailyReport& report, const RenderOptions& options);

}  // namespace truceline::report::detail
