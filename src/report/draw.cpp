// The map and the trend chart, drawn with cairo, and their PNG renderings.

#include "report/draw.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>

#include <fmt/format.h>

#include "report/labels.hpp"

namespace truceline::report::detail {

namespace {

using core::geo::LatLon;

// Equirectangular projection of a lat/lon box into a screen box, with
// east-west distances scaled by the cosine of the middle latitude so that
// shapes keep their proportions.
class Projection {
 public:
  Projection(core::geo::BBox view, const Box& box) : box_(box) {
    double mid = (view.min_lat + view.max_lat) / 2;
    kx_ = std::cos(mid * std::numbers::pi / 180.0);
    double w = (view.max_lon - view.min_lon) * kx_, h = view.max_lat - view.min_lat;
    scale_ = std::min(box.w / w, box.h / h);
    // Centre the view in the box.
    centre_ = {mid, (view.min_lon + view.max_lon) / 2};
  }
  double X(double lon) const { return box_.x + box_.w / 2 + (lon - centre_.lon) * kx_ * scale_; }
  double Y(double lat) const { return box_.y + box_.h / 2 - (lat - centre_.lat) * scale_; }
  double Lon(double x) const { return centre_.lon + (x - box_.x - box_.w / 2) / (kx_ * scale_); }
  double Lat(double y) const { return centre_.lat - (y - box_.y - box_.h / 2) / scale_; }

 private:
  Box box_;
  double kx_ = 1, scale_ = 1;
  LatLon centre_;
};

void SetColour(cairo_t* cr, const Rgb& c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

// A marker of a family's shape centred on (x, y), radius r: filled with the
// family's colour, outlined in white so overlapping markers stay apart.
void Marker(cairo_t* cr, core::Family family, double x, double y, double r) {
  cairo_new_path(cr);
  switch (family) {
    case core::Family::kIndirectFire:
      cairo_arc(cr, x, y, r, 0, 2 * std::numbers::pi);
      break;
    case core::Family::kSmallArms:
      cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case core::Family::kAirStrike:
      cairo_move_to(cr, x, y - r * 1.15);
      cairo_line_to(cr, x + r, y + r * 0.75);
      cairo_line_to(cr, x - r, y + r * 0.75);
      cairo_close_path(cr);
      break;
    case core::Family::kMaritime:
      cairo_move_to(cr, x, y - r * 1.2);
      cairo_line_to(cr, x + r * 1.2, y);
      cairo_line_to(cr, x, y + r * 1.2);
      cairo_line_to(cr, x - r * 1.2, y);
      cairo_close_path(cr);
      break;
    case core::Family::kSighting:
      cairo_move_to(cr, x, y + r * 1.15);
      cairo_line_to(cr, x + r, y - r * 0.75);
      cairo_line_to(cr, x - r, y - r * 0.75);
      cairo_close_path(cr);
      break;
    case core::Family::kOther:
      cairo_arc(cr, x, y, r * 0.7, 0, 2 * std::numbers::pi);
      break;
  }
  SetColour(cr, kFamilyColours[static_cast<size_t>(family)]);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, r * 0.25);
  cairo_stroke(cr);
}

void ViolationRing(cairo_t* cr, double x, double y, double r) {
  cairo_new_path(cr);
  cairo_arc(cr, x, y, r * 1.9, 0, 2 * std::numbers::pi);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, r * 0.45);
  cairo_stroke(cr);
}

void RingPath(cairo_t* cr, const Projection& p, const core::geo::Ring& ring) {
  for (size_t i = 0; i < ring.size(); ++i) {
    double x = p.X(ring[i].lon), y = p.Y(ring[i].lat);
    if (i == 0) {
      cairo_move_to(cr, x, y);
    } else {
      cairo_line_to(cr, x, y);
    }
  }
  cairo_close_path(cr);
}

core::geo::BBox MapView(const DailyReport& report, const MapLayers& layers) {
  core::geo::BBox view;
  for (const LatLon& p : layers.line_of_contact)
    view.Extend(p);
  for (const MapIncident& m : report.map_incidents)
    view.Extend(m.position);
  if (view.Empty()) {
    // Nothing to frame: Ukraine.
    view.Extend(LatLon{44.3, 22.1});
    view.Extend(LatLon{52.4, 40.3});
  }
  const double pad = 0.5;
  view.min_lat -= pad;
  view.max_lat += pad;
  view.min_lon -= pad;
  view.max_lon += pad;
  return view;
}

// The largest round length (km) at most a fifth of the map's width.
double ScaleBarKm(double width_km) {
  const double steps[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000};
  double best = steps[0];
  for (double s : steps) {
    if (s <= width_km / 5) best = s;
  }
  return best;
}

void Legend(cairo_t* cr, const Box& box, const DailyReport& report, double unit) {
  std::array<uint64_t, 6> counts{};
  uint64_t violations = 0;
  for (const MapIncident& m : report.map_incidents) {
    ++counts[static_cast<size_t>(m.family)];
    if (m.violation) ++violations;
  }
  const double row = 15 * unit, width = 175 * unit;
  const double height = row * 9 + 8 * unit;
  double x = box.x + box.w - width - 8 * unit, y = box.y + 8 * unit;
  cairo_rectangle(cr, x, y, width, height);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.8 * unit);
  cairo_stroke(cr);
  cairo_set_font_size(cr, 10 * unit);
  double ty = y + row;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  Text(cr, x + 8 * unit, ty, "Incidents on the day");
  for (size_t f = 0; f < counts.size(); ++f) {
    ty += row;
    Marker(cr, static_cast<core::Family>(f), x + 16 * unit, ty - 3.5 * unit, 4.5 * unit);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    Text(cr, x + 28 * unit, ty,
         fmt::format("{} ({})", core::FamilyName(static_cast<core::Family>(f)), counts[f]));
  }
  ty += row;
  ViolationRing(cr, x + 16 * unit, ty - 3.5 * unit, 3.2 * unit);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  Text(cr, x + 28 * unit, ty,
       report.agreement ? fmt::format("in violation ({})", violations)
                        : std::string("violations: no agreement"));
  ty += row;
  cairo_move_to(cr, x + 8 * unit, ty - 3.5 * unit);
  cairo_line_to(cr, x + 24 * unit, ty - 3.5 * unit);
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  cairo_set_line_width(cr, 2.2 * unit);
  cairo_stroke(cr);
  Text(cr, x + 28 * unit, ty, "line of contact (2025-03-15)");
}

}  // namespace

void Text(cairo_t* cr, double x, double y, const std::string& text, double align) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  cairo_move_to(cr, x - align * extents.x_advance, y);
  cairo_show_text(cr, text.c_str());
}

void DrawMap(cairo_t* cr, const Box& box, const DailyReport& report, const MapLayers& layers) {
  const double unit = std::max(box.w, box.h) / 960.0;  // 1 at the PNG's size
  cairo_save(cr);
  cairo_rectangle(cr, box.x, box.y, box.w, box.h);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, 0.93, 0.95, 0.97);  // sea and abroad
  cairo_paint(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  const Projection p(MapView(report, layers), box);

  for (const NamedArea& oblast : layers.oblasts) {
    cairo_new_path(cr);
    for (const core::geo::Polygon& polygon : oblast.area) {
      RingPath(cr, p, polygon.outer);
      for (const core::geo::Ring& hole : polygon.holes)
        RingPath(cr, p, hole);
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_source_rgb(cr, 0.99, 0.99, 0.97);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.62, 0.62, 0.62);
    cairo_set_line_width(cr, 0.8 * unit);
    cairo_stroke(cr);
  }
  // Oblast names at the centre of each one's largest part's box.
  cairo_set_font_size(cr, 9 * unit);
  cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
  for (const NamedArea& oblast : layers.oblasts) {
    const core::geo::Polygon* largest = nullptr;
    for (const core::geo::Polygon& polygon : oblast.area) {
      if (!largest || polygon.outer.size() > largest->outer.size()) largest = &polygon;
    }
    if (!largest) continue;
    core::geo::BBox b = core::geo::BBoxOf(*largest);
    std::string name = oblast.name;
    if (auto cut = name.find(" Oblast"); cut != std::string::npos) name.erase(cut);
    Text(cr, p.X((b.min_lon + b.max_lon) / 2), p.Y((b.min_lat + b.max_lat) / 2), name, 0.5);
  }

  const double r = 3.6 * unit;
  // Violations first, so every marker stays on top of the rings.
  for (const MapIncident& m : report.map_incidents) {
    if (m.violation) ViolationRing(cr, p.X(m.position.lon), p.Y(m.position.lat), r);
  }
  for (const MapIncident& m : report.map_incidents) {
    Marker(cr, m.family, p.X(m.position.lon), p.Y(m.position.lat), r);
  }
  // The line of contact over the markers (they crowd along it), on a
  // white casing so it stays visible.
  if (layers.line_of_contact.size() >= 2) {
    cairo_new_path(cr);
    for (const LatLon& v : layers.line_of_contact) {
      cairo_line_to(cr, p.X(v.lon), p.Y(v.lat));
    }
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 3.4 * unit);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 1.6 * unit);
    cairo_stroke(cr);
  }

  // Hotspot ranks beside their cells.
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 10 * unit);
  for (const Hotspot& h : report.hotspots) {
    double x0 = p.X(h.cell.min_lon), x1 = p.X(h.cell.max_lon);
    double y0 = p.Y(h.cell.max_lat), y1 = p.Y(h.cell.min_lat);
    cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
    cairo_set_source_rgb(cr, 0.0, 0.0, 0.0);
    cairo_set_line_width(cr, 0.9 * unit);
    cairo_stroke(cr);
    Text(cr, x1 + 2 * unit, y0 + 9 * unit, fmt::format("{}", h.rank));
  }
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

  // Scale bar, measured along the parallel at the bar's latitude.
  const double bar_y = box.y + box.h - 18 * unit, bar_x = box.x + 16 * unit;
  const double lat = p.Lat(bar_y);
  const double width_km =
      core::geo::DistanceM({lat, p.Lon(box.x)}, {lat, p.Lon(box.x + box.w)}) / 1000.0;
  const double km = ScaleBarKm(width_km);
  const double bar_w = box.w * km / width_km;
  cairo_rectangle(cr, bar_x - 4 * unit, bar_y - 16 * unit, bar_w + 60 * unit, 24 * unit);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_line_width(cr, 2 * unit);
  cairo_move_to(cr, bar_x, bar_y - 5 * unit);
  cairo_line_to(cr, bar_x, bar_y);
  cairo_line_to(cr, bar_x + bar_w, bar_y);
  cairo_line_to(cr, bar_x + bar_w, bar_y - 5 * unit);
  cairo_stroke(cr);
  cairo_set_font_size(cr, 10 * unit);
  Text(cr, bar_x + bar_w + 6 * unit, bar_y, fmt::format("{} km", km));

  // North arrow and title.
  cairo_set_font_size(cr, 13 * unit);
  cairo_rectangle(cr, box.x, box.y, box.w, 24 * unit);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  Text(cr, box.x + 10 * unit, box.y + 17 * unit,
       fmt::format("Incidents first observed on {} ({}), {} in all — N up",
                   core::FormatCalendarDate(report.date), report.timezone,
                   report.map_incidents.size()));
  Legend(cr, {box.x, box.y + 22 * unit, box.w, box.h}, report, unit);
  cairo_restore(cr);
}

void DrawTrend(cairo_t* cr, const Box& box, const DailyReport& report) {
  const double unit = std::max(box.w, box.h) / 960.0;
  cairo_save(cr);
  cairo_rectangle(cr, box.x, box.y, box.w, box.h);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  const double left = box.x + 56 * unit, right = box.x + box.w - 170 * unit;
  const double top = box.y + 40 * unit, bottom = box.y + box.h - 40 * unit;
  uint64_t max_total = 1;
  for (const TrendDay& t : report.trend) {
    uint64_t total = 0;
    for (uint64_t n : t.incidents_by_family)
      total += n;
    max_total = std::max({max_total, total, t.violations});
  }
  // A round axis maximum: 1 to 10 times a power of ten, in steps that
  // keep the five grid lines on readable values.
  double magnitude = std::pow(10.0, std::floor(std::log10(static_cast<double>(max_total))));
  double axis_max = magnitude;
  for (double m : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
    if (m * magnitude >= static_cast<double>(max_total)) {
      axis_max = m * magnitude;
      break;
    }
  }
  // Counts are whole: a small axis still steps by one.
  axis_max = std::max(axis_max, 5.0);
  auto y_of = [&](double v) { return bottom - (bottom - top) * v / axis_max; };
  const size_t n = report.trend.size();
  const double slot = (right - left) / static_cast<double>(std::max<size_t>(n, 1));

  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_font_size(cr, 14 * unit);
  Text(cr, left, box.y + 24 * unit,
       fmt::format("Incidents and violations per day, {} days to {} ({})", n,
                   core::FormatCalendarDate(report.date), report.timezone));
  cairo_set_font_size(cr, 10 * unit);
  cairo_set_line_width(cr, 0.8 * unit);
  for (int i = 0; i <= 5; ++i) {
    double v = axis_max * i / 5;
    cairo_set_source_rgb(cr, 0.87, 0.87, 0.87);
    cairo_move_to(cr, left, y_of(v));
    cairo_line_to(cr, right, y_of(v));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    Text(cr, left - 6 * unit, y_of(v) + 3.5 * unit, MeanText(v), 1.0);
  }
  for (size_t i = 0; i < n; ++i) {
    const TrendDay& t = report.trend[i];
    double x = left + slot * static_cast<double>(i) + slot * 0.15;
    double base = 0;
    for (size_t f = 0; f < t.incidents_by_family.size(); ++f) {
      double v = static_cast<double>(t.incidents_by_family[f]);
      if (v == 0) continue;
      cairo_rectangle(cr, x, y_of(base + v), slot * 0.7, y_of(base) - y_of(base + v));
      SetColour(cr, kFamilyColours[f]);
      cairo_fill(cr);
      base += v;
    }
    if (i % 5 == (n - 1) % 5) {
      cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
      std::string label = core::FormatCalendarDate(t.date).substr(5);
      Text(cr, x + slot * 0.35, bottom + 15 * unit, label, 0.5);
    }
  }
  if (report.agreement) {
    cairo_new_path(cr);
    for (size_t i = 0; i < n; ++i) {
      cairo_line_to(cr, left + slot * (static_cast<double>(i) + 0.5),
                    y_of(static_cast<double>(report.trend[i].violations)));
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 2 * unit);
    cairo_stroke(cr);
    for (size_t i = 0; i < n; ++i) {
      cairo_arc(cr, left + slot * (static_cast<double>(i) + 0.5),
                y_of(static_cast<double>(report.trend[i].violations)), 2.5 * unit, 0,
                2 * std::numbers::pi);
      cairo_fill(cr);
    }
  }
  // Legend.
  double ly = top + 10 * unit;
  for (size_t f = 0; f < kFamilyColours.size(); ++f) {
    cairo_rectangle(cr, right + 18 * unit, ly - 9 * unit, 12 * unit, 10 * unit);
    SetColour(cr, kFamilyColours[f]);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    Text(cr, right + 36 * unit, ly, std::string(core::FamilyName(static_cast<core::Family>(f))));
    ly += 18 * unit;
  }
  cairo_move_to(cr, right + 16 * unit, ly - 4 * unit);
  cairo_line_to(cr, right + 32 * unit, ly - 4 * unit);
  cairo_set_line_width(cr, 2 * unit);
  cairo_stroke(cr);
  Text(cr, right + 36 * unit, ly, report.agreement ? "violations" : "violations: no agreement");
  cairo_restore(cr);
}

namespace {

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

}  // namespace

core::Result<std::string> PngBytes(cairo_surface_t* surface, const std::string& what) {
  cairo_surface_flush(surface);
  std::string png;
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_write_to_png_stream(surface, Append, &png) != CAIRO_STATUS_SUCCESS) {
    return core::Status(core::ErrorCode::kInternal, fmt::format("{}: cairo could not draw", what));
  }
  return png;
}

}  // namespace truceline::report::detail

namespace truceline::report {

core::Result<std::string> RenderMapPng(const DailyReport& report, const MapLayers& layers) {
  detail::SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 960, 720),
                             cairo_surface_destroy);
  detail::ContextPtr cr(cairo_create(surface.get()), cairo_destroy);
  detail::DrawMap(cr.get(), {0, 0, 960, 720}, report, layers);
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
    return core::Status(core::ErrorCode::kInternal, "map.png: cairo could not draw");
  }
  return detail::PngBytes(surface.get(), "map.png");
}

core::Result<std::string> RenderTrendPng(const DailyReport& report) {
  detail::SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 960, 400),
                             cairo_surface_destroy);
  detail::ContextPtr cr(cairo_create(surface.get()), cairo_destroy);
  detail::DrawTrend(cr.get(), {0, 0, 960, 400}, report);
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
    return core::Status(core::ErrorCode::kInternal, "trend.png: cairo could not draw");
  }
  return detail::PngBytes(surface.get(), "trend.png");
}

}  // namespace truceline::report
