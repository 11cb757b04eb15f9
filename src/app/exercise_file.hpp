#pragma once
// Writing a simulated exercise to files (reports as NDJSON, ground truth CSV).

#include <cstdint>
#include <string>

#include "core/status.hpp"
#include "sim/sim.hpp"

namespace truceline::app {

struct ExerciseFileSummary {
  uint64_t reports = 0;
  uint64_t events = 0;  // distinct true events reported
};

// Generates the exercise described by `options` (its line defaults to the
// bundled line of contact, its energy sites to the bundled power plants,
// when empty) into `reports_path` as NDJSON and, if
// `truth_path` is not empty, the ground truth as CSV `source,id,event`
// (event -1 marks a false report). Errors: the generator's, the bundled
// data's, or kIoError when a file cannot be written.
core::Result<ExerciseFileSummary> WriteExerciseFiles(sim::ExerciseOptions options,
                                                     const std::string& reports_path,
                                                     const std::string& truth_path);

}  // namespace truceline::app
