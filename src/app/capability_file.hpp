#pragma once
// `truceline capability`: reads a capability model (the army of tomorrow's
// target structure, inventory and aid pipeline), analyses it with the
// planning engine and writes the gap report and its chart.

#include <string>

#include "core/status.hpp"
#include "plan/capability.hpp"

namespace truceline::app {

struct CapabilityRequest {
  std::string model_path;
  std::string out_dir;  // created if absent
};

struct CapabilityOutcome {
  plan::CapabilityReport report;
  std::string json_path;   // OUT/capability.json
  std::string chart_path;  // OUT/gaps.png
};

// Reads and validates the model, analyses it, renders the JSON and the PNG
// in memory, and only then writes OUT/capability.json and OUT/gaps.png, so a
// bad model writes nothing. Errors: kNotFound/kIoError for the model file;
// kParseError/kInvalidRecord "MODEL: $.path: reason" (one problem per line)
// for a bad model; kIoError when the folder or a file cannot be written.
core::Result<CapabilityOutcome> RunCapability(const CapabilityRequest& request);

// The chart: the gap of each required category, as a percentage of its
// requirement, at each quarter's end. PNG bytes. Errors: kInternal when
// cairo fails.
core::Result<std::string> RenderGapChart(const plan::CapabilityReport& report);

}  // namespace truceline::app
