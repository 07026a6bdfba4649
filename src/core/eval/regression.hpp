// regression.hpp: baselines for regression tasks: least-squares linear regression (normal equations with a
// small ridge for stability) and mean absolute error.
#pragma once
#include <cstddef>
#include <vector>

namespace crimescope::eval {

struct LinearModel {
    std::vector<double> w;   // one weight per feature, then the intercept
    double predict(const float* x, std::size_t n) const;
};

// rows: n_rows x n_features, row-major.
LinearModel fit_linear(const std::vector<float>& rows, const std::vector<float>& y, size_t n_features, double ridge = 1e-8);
double mean_abs_error(const std::vector<double>& pred, const std::vector<float>& y);

}  // namespace crimescope::eval
