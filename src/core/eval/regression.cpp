#include "eval/regression.hpp"

#include <cmath>

namespace crimescope::eval {

double LinearModel::predict(const float* x, size_t n) const {
    double s = w[n];
    for (size_t k = 0; k < n; ++k) s += w[k] * x[k];
    return s;
}

LinearModel fit_linear(const std::vector<float>& rows, const std::vector<float>& y, size_t nf, double ridge) {
    const size_t m = nf + 1, n = y.size();
    std::vector<double> A(m * m, 0.0), b(m, 0.0), x(m + 1);
    for (size_t r = 0; r < n; ++r) {
        for (size_t k = 0; k < nf; ++k) x[k] = rows[r * nf + k];
        x[nf] = 1.0;
        for (size_t i = 0; i < m; ++i) {
            b[i] += x[i] * y[r];
            for (size_t j = 0; j < m; ++j) A[i * m + j] += x[i] * x[j];
        }
    }
    for (size_t i = 0; i < m; ++i) A[i * m + i] += ridge * static_cast<double>(n);
    // Gaussian elimination with partial pivoting.
    for (size_t c = 0; c < m; ++c) {
        size_t p = c;
        for (size_t r = c + 1; r < m; ++r)
            if (std::fabs(A[r * m + c]) > std::fabs(A[p * m + c])) p = r;
        for (size_t j = 0; j < m; ++j) std::swap(A[c * m + j], A[p * m + j]);
        std::swap(b[c], b[p]);
        double d = A[c * m + c];
        if (std::fabs(d) < 1e-300) continue;
        for (size_t r = c + 1; r < m; ++r) {
            double f = A[r * m + c] / d;
            for (size_t j = c; j < m; ++j) A[r * m + j] -= f * A[c * m + j];
            b[r] -= f * b[c];
        }
    }
    LinearModel lm;
    lm.w.assign(m, 0.0);
    for (size_t i = m; i-- > 0;) {
        double s = b[i];
        for (size_t j = i + 1; j < m; ++j) s -= A[i * m + j] * lm.w[j];
        lm.w[i] = std::fabs(A[i * m + i]) < 1e-300 ? 0.0 : s / A[i * m + i];
    }
    return lm;
}

double mean_abs_error(const std::vector<double>& pred, const std::vector<float>& y) {
    double s = 0;
    for (size_t i = 0; i < y.size(); ++i) s += std::fabs(pred[i] - y[i]);
    return y.empty() ? 0.0 : s / static_cast<double>(y.size());
}

}  // namespace crimescope::eval
