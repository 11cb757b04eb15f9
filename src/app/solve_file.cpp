#include "app/solve_file.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "app/input_file.hpp"
#include "plan/location.hpp"

namespace truceline::app {

using core::ErrorCode;
using core::Result;
using core::Status;

Result<plan::SolveReport> SolveFile(const SolveFileRequest& request) {
  auto text = ReadInputFile(request.path);
  if (!text.ok()) return text.status();
  Result<plan::LocationModel> model = Status(ErrorCode::kInternal, "unknown problem");
  switch (request.problem) {
    case LocationProblem::kPMedian:
      model = plan::ParsePMedian(*text, request.path, request.p);
      break;
    case LocationProblem::kCapacitated:
      model = plan::ParseCapacitated(*text, request.path, request.capacity);
      break;
    case LocationProblem::kCovering:
      if (!request.p || !request.radius) {
        return Status(ErrorCode::kInvalidArgument,
                      fmt::format("{}: mclp needs --p and --radius", request.path));
      }
      model = plan::ParseCovering(*text, request.path, *request.p, *request.radius);
      break;
  }
  if (!model.ok()) return model.status();
  return request.textbook ? plan::SolveTextbook(*model, request.options)
                          : plan::Solve(*model, request.options);
}

}  // namespace truceline::app
