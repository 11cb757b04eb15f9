#pragma once
// Private to report/: the map and the trend chart drawn on any cairo
// context (an image surface for the PNGs, a PDF page for the report).

#include <string>

#include <cairo.h>

#include "report/render.hpp"

namespace truceline::report::detail {

// A rectangle on the surface, in its units (pixels or points).
struct Box {
  double x, y, w, h;
};

// Draws the map of the day into `box`.
void DrawMap(cairo_t* cr, const Box& box, const DailyReport& report, const MapLayers& layers);

// Draws the 30-day trend chart into `box`.
void DrawTrend(cairo_t* cr, const Box& box, const DailyReport& report);

// Draws `text` with its baseline at y; `align` 0 = left, 0.5 = centre,
// 1 = right of x.
void Text(cairo_t* cr, double x, double y, const std::string& text, double align = 0.0);

// The PNG bytes of an image surface. kInternal naming `what` when cairo failed.
core::Result<std::string> PngBytes(cairo_surface_t* surface, const std::string& what);

}  // namespace truceline::report::detail
