#pragma once
// Access to the bundled reference data in data/ (see data/SOURCES.md).

#include <string>
#include <vector>

#include "core/geo.hpp"
#include "core/status.hpp"

namespace truceline::app {

// The data directory: $TRUCELINE_DATA_DIR if set, else the one this binary
// was built with (the source tree's data/).
std::string DataDirectory();

// The bundled approximate line of contact (2025-03-15), north to south.
// Errors: kNotFound when the file is missing, kParseError when malformed.
core::Result<std::vector<core::geo::LatLon>> LoadLineOfContact();

}  // namespace truceline::app
