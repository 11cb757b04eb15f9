// The capability gap chart (gaps.png), drawn with cairo. Kept in the app
// layer so that the planning engine links no graphics library.

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include <cairo.h>
#include <fmt/format.h>

#include "app/capability_file.hpp"

namespace truceline::app {

namespace {

constexpr int kWidth = 960;
constexpr int kHeight = 540;
constexpr double kLeft = 70, kRight = 230, kTop = 50, kBottom = 70;

struct Rgb {
  double r, g, b;
};
// A colour-blind-safe palette (Okabe-Ito), cycled.
constexpr std::array<Rgb, 8> kPalette = {{{0.90, 0.62, 0.00},
                                          {0.34, 0.71, 0.91},
                                          {0.00, 0.62, 0.45},
                                          {0.80, 0.47, 0.65},
                                          {0.00, 0.45, 0.70},
                                          {0.84, 0.37, 0.00},
                                          {0.50, 0.50, 0.50},
                                          {0.94, 0.89, 0.26}}};

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void Text(cairo_t* cr, double x, double y, const std::string& text, double align = 0.0) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  cairo_move_to(cr, x - align * extents.x_advance, y);
  cairo_show_text(cr, text.c_str());
}

}  // namespace

core::Result<std::string> RenderGapChart(const plan::CapabilityReport& report) {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight), cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()),
                                                             cairo_destroy);
  cairo_t* cr = context.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  const int n = report.horizon_quarters;
  auto x_of = [&](int q) { return kLeft + (n == 1 ? plot_w / 2 : plot_w * q / (n - 1)); };
  auto y_of = [&](double percent) { return kTop + plot_h * (1.0 - percent / 100.0); };

  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_font_size(cr, 16);
  Text(cr, kLeft, 30,
       fmt::format("Capability gap, % of requirement, at each quarter's end ({}-{})",
                   plan::QuarterLabel(report.start),
                   plan::QuarterLabel(report.start + report.horizon_quarters - 1)));
  cairo_set_font_size(cr, 11);
  cairo_set_line_width(cr, 1);
  for (int percent = 0; percent <= 100; percent += 20) {
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_move_to(cr, kLeft, y_of(percent));
    cairo_line_to(cr, kLeft + plot_w, y_of(percent));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    Text(cr, kLeft - 8, y_of(percent) + 4, fmt::format("{}%", percent), 1.0);
  }
  int step = std::max(1, n / 12);
  for (int q = 0; q < n; q += step) {
    Text(cr, x_of(q), kTop + plot_h + 20, plan::QuarterLabel(report.start + q), 0.5);
  }

  cairo_set_line_width(cr, 2.5);
  int index = 0;
  for (const plan::CategoryGap& category : report.categories) {
    const Rgb& c = kPalette[index % kPalette.size()];
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    for (int q = 0; q < n; ++q) {
      double percent = category.required == 0
                           ? 0.0
                           : 100.0 * static_cast<double>(category.quarters[q].gap) /
                                 static_cast<double>(category.required);
      if (q == 0) {
        cairo_move_to(cr, x_of(q), y_of(percent));
      } else {
        cairo_line_to(cr, x_of(q), y_of(percent));
      }
      if (n == 1) cairo_rel_line_to(cr, 1, 0);
    }
    cairo_stroke(cr);
    double legend_y = kTop + 10 + 20 * index;
    cairo_rectangle(cr, kWidth - kRight + 20, legend_y - 9, 14, 10);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    Text(cr, kWidth - kRight + 40, legend_y, category.category);
    ++index;
  }

  cairo_surface_flush(surface.get());
  std::string png;
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_write_to_png_stream(surface.get(), Append, &png) != CAIRO_STATUS_SUCCESS) {
    return core::Status(core::ErrorCode::kInternal, "gaps.png: cairo could not draw the chart");
  }
  return png;
}

}  // namespace truceline::app
