#include "plan/mip.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include <Cbc_C_Interface.h>

namespace truceline::plan::detail {

int Mip::AddColumn(double lower, double upper, double cost, bool integer) {
  lower_.push_back(lower);
  upper_.push_back(upper);
  cost_.push_back(cost);
  integer_.push_back(integer ? 1 : 0);
  return num_columns() - 1;
}

void Mip::AddRow(const std::vector<int>& cols, const std::vector<double>& coefs, double lower,
                 double upper) {
  const int row = static_cast<int>(row_lower_.size());
  row_lower_.push_back(lower);
  row_upper_.push_back(upper);
  for (size_t k = 0; k < cols.size(); ++k) {
    entry_row_.push_back(row);
    entry_col_.push_back(cols[k]);
    entry_value_.push_back(coefs[k]);
  }
}

void Mip::AddCapacityRow(const std::vector<std::pair<int, double>>& terms, double capacity) {
  double total = 0;
  std::vector<int> cols;
  std::vector<double> coefs;
  for (auto [col, weight] : terms) {
    cols.push_back(col);
    coefs.push_back(weight);
    total += weight;
  }
  if (total > capacity) AddRow(cols, coefs, -std::numeric_limits<double>::infinity(), capacity);
}

MipOutcome Mip::Solve(const Settings& settings,
                      const std::vector<std::pair<int, double>>& start) const {
  const int ncols = num_columns();
  const int nrows = static_cast<int>(row_lower_.size());
  std::vector<CoinBigIndex> col_start(ncols + 1, 0);
  for (int c : entry_col_)
    ++col_start[c + 1];
  for (int c = 0; c < ncols; ++c)
    col_start[c + 1] += col_start[c];
  std::vector<int> index(entry_col_.size());
  std::vector<double> value(entry_col_.size());
  std::vector<CoinBigIndex> fill(col_start.begin(), col_start.end() - 1);
  for (size_t k = 0; k < entry_col_.size(); ++k) {
    CoinBigIndex at = fill[entry_col_[k]]++;
    index[at] = entry_row_[k];
    value[at] = entry_value_[k];
  }
  // CBC's C API uses DBL_MAX-style infinities; it accepts IEEE infinity.
  std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), Cbc_deleteModel);
  Cbc_Model* m = model.get();
  Cbc_loadProblem(m, ncols, nrows, col_start.data(), index.data(), value.data(), lower_.data(),
                  upper_.data(), cost_.data(), row_lower_.data(), row_upper_.data());
  for (int c = 0; c < ncols; ++c) {
    if (integer_[c] && !settings.relax) Cbc_setInteger(m, c);
  }
  Cbc_setLogLevel(m, settings.log_level);
  Cbc_setMaximumSeconds(m, std::max(0.5, settings.seconds));
  // The budget is wall-clock time (CBC counts CPU time by default).
  Cbc_setParameter(m, "timeMode", "elapsed");
  Cbc_setParameter(m, "threads", std::to_string(std::max(1, settings.threads)).c_str());
  if (!start.empty()) {
    std::vector<int> cols;
    std::vector<double> vals;
    for (auto [c, v] : start) {
      cols.push_back(c);
      vals.push_back(v);
    }
    Cbc_setMIPStartI(m, static_cast<int>(cols.size()), cols.data(), vals.data());
  }
  Cbc_solve(m);
  MipOutcome out;
  const double* best = settings.relax ? Cbc_getColSolution(m) : Cbc_bestSolution(m);
  if (settings.relax && Cbc_isProvenOptimal(m) == 0) best = nullptr;
  if (best != nullptr) {
    out.has_solution = true;
    out.values.assign(best, best + ncols);
    out.objective = Cbc_getObjValue(m);
  }
  out.bound = Cbc_getBestPossibleObjValue(m);
  out.proven_optimal = Cbc_isProvenOptimal(m) != 0;
  out.proven_infeasible = Cbc_isProvenInfeasible(m) != 0;
  return out;
}

}  // namespace truceline::plan::detail
