#pragma once
// A thin owner of a CBC model built through CBC's C API (private to
// src/plan). Rows are collected and loaded at once, column-major.

#include <utility>
#include <vector>

namespace truceline::plan::detail {

struct MipOutcome {
  bool has_solution = false;
  std::vector<double> values;  // per column, when has_solution
  double objective = 0.0;      // of the solution, model terms
  double bound = 0.0;          // best possible objective (lower bound)
  bool proven_optimal = false;
  bool proven_infeasible = false;
};

// Minimisation MIP. Not thread-safe; one instance per solve.
class Mip {
 public:
  // Returns the new column's index.
  int AddColumn(double lower, double upper, double cost, bool integer);
  // sum coefs[k] * x[cols[k]] in [lower, upper].
  void AddRow(const std::vector<int>& cols, const std::vector<double>& coefs, double lower,
              double upper);
  // sum weight * x[col] over `terms` (column, weight) <= capacity, for
  // columns in [0, 1] with weights >= 0; omitted when even every column at 1
  // stays within the capacity.
  void AddCapacityRow(const std::vector<std::pair<int, double>>& terms, double capacity);
  int num_columns() const { return static_cast<int>(cost_.size()); }
  void FixColumn(int col, double value) { lower_[col] = upper_[col] = value; }

  struct Settings {
    double seconds = 60.0;
    int threads = 1;
    int log_level = 0;
    bool relax = false;  // solve the LP relaxation only (values = the LP optimum)
  };
  // Solves with CBC; `start` lists (column, value) of a feasible solution's
  // integer columns (continuous ones are completed by CBC).
  MipOutcome Solve(const Settings& settings,
                   const std::vector<std::pair<int, double>>& start) const;

 private:
  std::vector<double> lower_, upper_, cost_;
  std::vector<char> integer_;
  std::vector<double> row_lower_, row_upper_;
  std::vector<int> entry_row_, entry_col_;
  std::vector<double> entry_value_;
};

}  // namespace truceline::plan::detail
