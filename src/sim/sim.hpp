#pragma once
// The exercise simulator: seeded, realistic monitoring traffic along a line
// of contact, with the ground truth of which reports describe which event.
// It feeds `truceline simulate`, `make run`, the tests and the benchmarks.
// Pure: no I/O, no clock; the same options give the same reports.

#include <cstdint>
#include <functional>
#include <vector>

#include "core/geo.hpp"
#include "core/report.hpp"
#include "core/status.hpp"

namespace truceline::sim {

struct ExerciseOptions {
  uint64_t seed = 1;
  core::UtcMicros start{};       // the first simulated instant
  int days = 1;                  // length of the exercise
  double events_per_day = 2000;  // true events (before detection)
  // The line of contact, as a polyline of at least two points.
  std::vector<core::geo::LatLon> line;
  // Energy sites (power plants): strikes on energy infrastructure hit one
  // of them, within a few hundred metres. Empty: such strikes fall near
  // the line like the others.
  std::vector<core::geo::LatLon> energy_sites;
  // Share of reports that describe nothing (false alarms, misreports).
  double false_report_share = 0.02;
};

// One generated report and the event it describes (-1 for a false report).
struct SimulatedReport {
  core::Report report;
  int64_t event = -1;
};

// Generates the exercise, calling `emit` for every report in arrival order
// (observation time plus the source's reporting delay). Sources differ as in
// the field: sensors are precise and fast (and now and then duplicate a
// detection), patrols coarse and minutes late, open sources coarse, late and
// sometimes wrong. Activity follows a diurnal rhythm and clusters at
// hotspots along the line. Memory is bounded by the longest reporting delay,
// not by the exercise's length. Errors: kInvalidArgument for a line of fewer
// than two points or non-positive days/rate.
core::Status GenerateExercise(const ExerciseOptions& options,
                              const std::function<void(const SimulatedReport&)>& emit);

}  // namespace truceline::sim
