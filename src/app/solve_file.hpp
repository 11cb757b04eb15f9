#pragma once
// `truceline solve`: reads a standard location-problem file (OR-Library
// p-median or capacitated facility location, SJC maximal covering) and
// solves it with the planning engine.

#include <optional>
#include <string>

#include "core/status.hpp"
#include "plan/solve.hpp"

namespace truceline::app {

enum class LocationProblem { kPMedian, kCapacitated, kCovering };

struct SolveFileRequest {
  LocationProblem problem = LocationProblem::kPMedian;
  std::string path;
  std::optional<int> p;            // p-median: overrides the file's; covering: required
  std::optional<double> radius;    // covering: required
  std::optional<double> capacity;  // capacitated: replaces every site's capacity
  plan::SolveOptions options;
  bool textbook = false;  // the benchmark peer: CBC alone on the plain formulation
};

// Reads, parses and solves. Errors: kNotFound/kIoError when the file cannot
// be read; kInvalidArgument "FILE:LINE: reason" for malformed content or
// missing/out-of-range parameters; the solver's errors otherwise.
core::Result<plan::SolveReport> SolveFile(const SolveFileRequest& request);

}  // namespace truceline::app
