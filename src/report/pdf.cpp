// report.pdf: A4 pages drawn with cairo's PDF surface: the summary and the
// map on the first page, then the trend chart and the tables.

#include <algorithm>
#include <memory>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>

#include "report/draw.hpp"
#include "report/labels.hpp"
#include "report/render.hpp"
#include "report/sections.hpp"

namespace truceline::report {

namespace {

constexpr double kPageW = 595.28, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 40;
constexpr double kLine = 12.5;

struct Column {
  double width;  // share of the text width
  bool right;    // right-aligned (numbers)
};

// Lays text out down the pages, starting a new page when one is full.
class PageWriter {
 public:
  explicit PageWriter(cairo_t* cr) : cr_(cr) { Font(9); }

  double width() const { return kPageW - 2 * kMargin; }
  double y() const { return y_; }
  void Need(double height) {
    if (y_ + height > kPageH - kMargin) NewPage();
  }
  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    y_ = kMargin;
  }
  void Finish() { Footer(); }
  void Skip(double h) { y_ += h; }
  void Font(double size, bool bold = false) {
    cairo_select_font_face(cr_, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
  }
  void Heading(const std::string& text, double size = 12) {
    Need(size * 2 + kLine * 3);
    y_ += size * 0.8;
    Font(size, true);
    cairo_set_source_rgb(cr_, 0.05, 0.2, 0.35);
    detail::Text(cr_, kMargin, y_ + size, text);
    y_ += size * 1.5;
    Font(9);
  }
  // A paragraph, wrapped at the text width.
  void Paragraph(const std::string& text) {
    Font(9);
    cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
    for (const std::string& line : Wrap(text, width())) {
      if (!line.empty()) EmitLine(line);
    }
    y_ += 3;
  }
  void Table(const std::vector<std::string>& header, const std::vector<Column>& columns,
             const std::vector<std::vector<std::string>>& rows) {
    Need(kLine * 2);
    Row(header, columns, true);
    for (const auto& row : rows) {
      std::vector<std::vector<std::string>> cells = WrapCells(row, columns);
      size_t lines = 1;
      for (const auto& c : cells)
        lines = std::max(lines, c.size());
      if (y_ + kLine * static_cast<double>(lines) > kPageH - kMargin) {
        NewPage();
        Row(header, columns, true);
      }
      DrawCells(cells, columns, lines, false);
    }
    y_ += kLine * 0.5;
  }
  cairo_t* cr() { return cr_; }
  void set_footer(std::string footer) { footer_ = std::move(footer); }

 private:
  double TextWidth(const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, text.c_str(), &e);
    return e.x_advance;
  }
  void EmitLine(const std::string& line) {
    Need(kLine);
    detail::Text(cr_, kMargin, y_ + kLine - 3, line);
    y_ += kLine;
  }
  // Cuts `text` to `max` points, ending in "…" when cut (at a UTF-8
  // character boundary).
  std::string Fit(std::string text, double max) {
    if (TextWidth(text) <= max) return text;
    while (!text.empty() && TextWidth(text + "…") > max) {
      text.pop_back();
      while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
        text.pop_back();
      }
      if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
    }
    return text + "…";
  }
  // A cell's text wrapped at word boundaries to its column (a word longer
  // than the column is cut).
  std::vector<std::string> Wrap(const std::string& text, double max) {
    std::vector<std::string> lines;
    std::string line;
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t end = text.find(' ', pos);
      if (end == std::string::npos) end = text.size();
      std::string word = text.substr(pos, end - pos);
      std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && TextWidth(candidate) > max) {
        lines.push_back(Fit(line, max));
        line = word;
      } else {
        line = candidate;
      }
      pos = end + 1;
    }
    lines.push_back(Fit(line, max));
    return lines;
  }
  std::vector<std::vector<std::string>> WrapCells(const std::vector<std::string>& cells,
                                                  const std::vector<Column>& columns) {
    Font(8.5);
    std::vector<std::vector<std::string>> wrapped;
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      wrapped.push_back(Wrap(cells[i], columns[i].width * width() - 6));
    }
    return wrapped;
  }
  void Row(const std::vector<std::string>& cells, const std::vector<Column>& columns, bool header) {
    Font(8.5, header);
    std::vector<std::vector<std::string>> one;
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      one.push_back({Fit(cells[i], columns[i].width * width() - 6)});
    }
    DrawCells(one, columns, 1, header);
  }
  void DrawCells(const std::vector<std::vector<std::string>>& cells,
                 const std::vector<Column>& columns, size_t lines, bool header) {
    Font(8.5, header);
    const double height = kLine * static_cast<double>(lines);
    if (header) {
      cairo_set_source_rgb(cr_, 0.9, 0.93, 0.96);
      cairo_rectangle(cr_, kMargin, y_, width(), height);
      cairo_fill(cr_);
    }
    cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
    double x = kMargin;
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      double w = columns[i].width * width();
      for (size_t l = 0; l < cells[i].size(); ++l) {
        double baseline = y_ + kLine * static_cast<double>(l + 1) - 3.5;
        if (columns[i].right) {
          detail::Text(cr_, x + w - 3, baseline, cells[i][l], 1.0);
        } else {
          detail::Text(cr_, x + 3, baseline, cells[i][l]);
        }
      }
      x += w;
    }
    y_ += height;
    if (!header) {
      cairo_set_source_rgb(cr_, 0.88, 0.88, 0.88);
      cairo_set_line_width(cr_, 0.4);
      cairo_move_to(cr_, kMargin, y_);
      cairo_line_to(cr_, kMargin + width(), y_);
      cairo_stroke(cr_);
    }
    Font(9);
  }
  void Footer() {
    ++page_;
    Font(7.5);
    cairo_set_source_rgb(cr_, 0.4, 0.4, 0.4);
    detail::Text(cr_, kMargin, kPageH - 20, footer_);
    detail::Text(cr_, kPageW - kMargin, kPageH - 20, fmt::format("page {}", page_), 1.0);
    Font(9);
  }

  cairo_t* cr_;
  double y_ = kMargin;
  int page_ = 0;
  std::string footer_;
};

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::vector<Column> Columns(const detail::TableData& table) {
  std::vector<Column> columns;
  for (size_t i = 0; i < table.header.size(); ++i) {
    columns.push_back({table.widths[i], table.numeric[i]});
  }
  return columns;
}

void EmitSection(PageWriter& page, const detail::Section& section) {
  page.Heading(section.title, section.level == 1 ? 12 : 10);
  for (const std::string& p : section.paragraphs)
    page.Paragraph(p);
  for (const detail::TableData& t : section.tables) {
    if (!t.caption.empty()) {
      page.Font(9, true);
      page.Need(kLine * 3);
      cairo_set_source_rgb(page.cr(), 0.1, 0.1, 0.1);
      detail::Text(page.cr(), kMargin, page.y() + kLine - 3, t.caption);
      page.Skip(kLine);
      page.Font(9);
    }
    if (t.rows.empty()) {
      page.Paragraph(t.empty_text);
    } else {
      page.Table(t.header, Columns(t), t.rows);
    }
  }
}

}  // namespace

core::Result<std::string> RenderPdf(const DailyReport& report, const MapLayers& layers,
                                    const RenderOptions& options) {
  std::string pdf;
  {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_pdf_surface_create_for_stream(Append, &pdf, kPageW, kPageH), cairo_surface_destroy);
    std::string title =
        fmt::format("Truceline daily report {}", core::FormatCalendarDate(report.date));
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "truceline 0.1.0");
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()),
                                                               cairo_destroy);
    cairo_t* cr = context.get();
    PageWriter page(cr);
    // The footer names the hash by its first 16 hex digits; the summary
    // gives it whole.
    page.set_footer(options.content_hash.empty() ? title
                                                 : fmt::format("{} · report.json {}…", title,
                                                               options.content_hash.substr(0, 28)));

    std::vector<detail::Section> sections = detail::BuildSections(report, options);
    // Page 1: the title, the summary and the map.
    page.Font(16, true);
    cairo_set_source_rgb(cr, 0.05, 0.2, 0.35);
    detail::Text(cr, kMargin, kMargin + 14, title);
    page.Skip(24);
    EmitSection(page, sections.front());
    const double map_h = page.width() * 0.75;
    page.Need(map_h + 10);
    detail::DrawMap(cr, {kMargin, page.y() + 4, page.width(), map_h}, report, layers);
    page.Skip(map_h + 10);

    page.Need(page.width() * 0.42 + 10);
    detail::DrawTrend(cr, {kMargin, page.y() + 4, page.width(), page.width() * 0.42}, report);
    page.Skip(page.width() * 0.42 + 10);
    for (size_t i = 1; i < sections.size(); ++i)
      EmitSection(page, sections[i]);
    page.Finish();
    cairo_surface_finish(surface.get());
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return core::Status(core::ErrorCode::kInternal, "report.pdf: cairo could not draw");
    }
  }
  return pdf;
}

}  // namespace truceline::report
