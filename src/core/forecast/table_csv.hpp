// table_csv.hpp: the forecast view's table as CSV (issue #14, "Results out"): one row per (family, unit) of the
// forecast month: the default forecaster's value, the paper's F, the last observed month and the change.
#pragma once
#include <string>
#include <vector>

#include "forecast/tendency.hpp"

namespace crimescope::forecast {

// `f_default`, `f_paper`, `f_last` hold every cell (family-major, as CountCube) of month `month` (an index into
// the cube; n_months = the month after the data). `forecaster` names the default forecaster's setting.
// Rows sorted by family, then by the default forecast descending, then unit name.
std::string forecast_table_csv(const CountCube& q, int month, const std::vector<double>& f_default,
                               const std::vector<double>& f_paper, const std::vector<double>& f_last,
                               const std::string& forecaster);

}  // namespace crimescope::forecast
