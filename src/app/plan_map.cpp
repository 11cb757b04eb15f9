// The deployment map (map.png), drawn with cairo: oblasts, the line of
// contact, coverage circles, sites with their contingents by nation,
// covered and uncovered assets, logistics hubs. Kept in the app layer so
// that the planning engine links no graphics library.

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <numbers>
#include <string>

#include <cairo.h>
#include <fmt/format.h>

#include "app/plan_file.hpp"
#include "app/reference_data.hpp"

namespace truceline::app {

namespace {

constexpr int kWidth = 1200;
constexpr int kHeight = 700;
// Ukraine and the hubs beside it, in degrees.
constexpr double kWest = 21.0, kEast = 41.0, kSouth = 43.8, kNorth = 52.6;
constexpr double kLegendWidth = 230;

struct Rgb {
  double r, g, b;
};
// Okabe-Ito, cycled by nation.
constexpr std::array<Rgb, 7> kPalette = {{{0.00, 0.45, 0.70},
                                          {0.84, 0.37, 0.00},
                                          {0.00, 0.62, 0.45},
                                          {0.80, 0.47, 0.65},
                                          {0.90, 0.62, 0.00},
                                          {0.34, 0.71, 0.91},
                                          {0.50, 0.50, 0.50}}};

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Equirectangular, scaled by cos of the middle latitude so that circles
// stay round; fitted to the area left of the legend.
struct Projection {
  double scale = 0, k = 0;
  Projection() {
    k = std::cos((kSouth + kNorth) / 2 * std::numbers::pi / 180);
    scale = std::min((kWidth - kLegendWidth - 20) / ((kEast - kWest) * k),
                     (kHeight - 60) / (kNorth - kSouth));
  }
  double X(double lon) const { return 10 + (lon - kWest) * k * scale; }
  double Y(double lat) const { return 50 + (kNorth - lat) * scale; }
  double Km(double km) const { return km / 111.195 * scale; }
};

}  // namespace

core::Result<std::string> RenderPlanMap(const PlanScenario& sc, const plan::DeploymentPlan& plan) {
  const plan::DeploymentProblem& p = sc.problem;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight), cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()),
                                                             cairo_destroy);
  cairo_t* cr = context.get();
  const Projection pr;
  cairo_set_source_rgb(cr, 0.93, 0.95, 0.97);
  cairo_paint(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

  auto oblasts = LoadOblasts();
  if (!oblasts.ok()) return oblasts.status();
  cairo_set_line_width(cr, 0.6);
  for (const Oblast& o : *oblasts) {
    for (const core::geo::Polygon& polygon : o.area) {
      cairo_new_path(cr);
      for (const core::geo::LatLon& v : polygon.outer)
        cairo_line_to(cr, pr.X(v.lon), pr.Y(v.lat));
      cairo_close_path(cr);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
      cairo_stroke(cr);
    }
  }

  std::map<std::string, Rgb> colour;
  for (const plan::Contingent& c : p.contingents) {
    if (!colour.count(c.nation)) colour[c.nation] = kPalette[colour.size() % kPalette.size()];
  }
  // Coverage circles, then the line, then points on top.
  for (size_t k = 0; k < p.contingents.size(); ++k) {
    const plan::DeploymentSite& s = p.sites[plan.site_of[k]];
    const Rgb& c = colour[p.contingents[k].nation];
    cairo_new_path(cr);
    cairo_arc(cr, pr.X(s.position.lon), pr.Y(s.position.lat), pr.Km(p.contingents[k].radius_km), 0,
              2 * std::numbers::pi);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.12);
    cairo_fill_preserve(cr);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.7);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
  }
  cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
  cairo_set_line_width(cr, 2.5);
  cairo_new_path(cr);
  for (const core::geo::LatLon& v : p.line)
    cairo_line_to(cr, pr.X(v.lon), pr.Y(v.lat));
  cairo_stroke(cr);

  for (size_t a = 0; a < p.assets.size(); ++a) {
    const double x = pr.X(p.assets[a].position.lon), y = pr.Y(p.assets[a].position.lat);
    cairo_new_path(cr);
    if (plan.evaluation.cover_count[a] > 0) {
      cairo_set_source_rgb(cr, 0.1, 0.55, 0.2);
      cairo_arc(cr, x, y, 3, 0, 2 * std::numbers::pi);
      cairo_fill(cr);
    } else {
      cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
      cairo_set_line_width(cr, 1.5);
      cairo_move_to(cr, x - 3, y - 3);
      cairo_line_to(cr, x + 3, y + 3);
      cairo_move_to(cr, x - 3, y + 3);
      cairo_line_to(cr, x + 3, y - 3);
      cairo_stroke(cr);
    }
  }
  for (const plan::LogisticsHub& h : p.hubs) {
    cairo_set_source_rgb(cr, 0.35, 0.2, 0.5);
    cairo_rectangle(cr, pr.X(h.position.lon) - 5, pr.Y(h.position.lat) - 5, 10, 10);
    cairo_fill(cr);
  }
  // Sites with contingents: one disc per contingent, side by side.
  std::vector<int> placed(p.sites.size(), 0);
  cairo_set_font_size(cr, 11);
  for (size_t k = 0; k < p.contingents.size(); ++k) {
    const int s = plan.site_of[k];
    const plan::DeploymentSite& site = p.sites[s];
    const Rgb& c = colour[p.contingents[k].nation];
    const double x = pr.X(site.position.lon) + 13 * placed[s]++, y = pr.Y(site.position.lat);
    cairo_new_path(cr);
    cairo_arc(cr, x, y, 6, 0, 2 * std::numbers::pi);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    if (placed[s] == 1) {
      cairo_move_to(cr, x - 4, y - 9);
      cairo_show_text(cr, site.name.c_str());
    }
  }

  // Title and legend.
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_font_size(cr, 16);
  cairo_move_to(cr, 12, 26);
  cairo_show_text(cr,
                  fmt::format("{}: coverage {:.1f} of at most {:.1f}{}", sc.title, plan.objective,
                              plan.bound, plan.proven_optimal ? " (proven optimal)" : "")
                      .c_str());
  const double lx = kWidth - kLegendWidth + 10;
  double ly = 70;
  cairo_set_font_size(cr, 12);
  auto legend = [&](const std::string& text) {
    cairo_new_path(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, lx + 20, ly + 4);
    cairo_show_text(cr, text.c_str());
    ly += 20;
  };
  for (const auto& [nation, c] : colour) {
    int troops = 0;
    for (const plan::Contingent& k : p.contingents)
      troops += k.nation == nation ? k.troops : 0;
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_new_path(cr);
    cairo_arc(cr, lx + 6, ly, 6, 0, 2 * std::numbers::pi);
    cairo_fill(cr);
    legend(fmt::format("{}: {} troops", nation, troops));
  }
  ly += 10;
  cairo_set_source_rgb(cr, 0.1, 0.55, 0.2);
  cairo_new_path(cr);
  cairo_arc(cr, lx + 6, ly, 3, 0, 2 * std::numbers::pi);
  cairo_fill(cr);
  legend("asset covered");
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  cairo_new_path(cr);
  cairo_move_to(cr, lx + 3, ly - 3);
  cairo_line_to(cr, lx + 9, ly + 3);
  cairo_move_to(cr, lx + 3, ly + 3);
  cairo_line_to(cr, lx + 9, ly - 3);
  cairo_stroke(cr);
  legend("asset not covered");
  cairo_set_source_rgb(cr, 0.35, 0.2, 0.5);
  cairo_rectangle(cr, lx + 1, ly - 5, 10, 10);
  cairo_fill(cr);
  legend("logistics hub");
  cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
  cairo_set_line_width(cr, 2.5);
  cairo_move_to(cr, lx, ly);
  cairo_line_to(cr, lx + 12, ly);
  cairo_stroke(cr);
  legend("line of contact (approx.)");
  cairo_set_font_size(cr, 10);
  legend("2025-03-15; circles: radius");

  cairo_surface_flush(surface.get());
  std::string png;
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_write_to_png_stream(surface.get(), Append, &png) != CAIRO_STATUS_SUCCESS) {
    return core::Status(core::ErrorCode::kInternal, "map.png: cairo could not draw the map");
  }
  return png;
}

}  // namespace truceline::app
