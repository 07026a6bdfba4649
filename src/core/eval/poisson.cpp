#include "eval/poisson.hpp"

#include <cmath>

namespace crimescope::eval {

// Series for x < a + 1, continued fraction (modified Lentz) otherwise.
double regularized_gamma_p(double a, double x) {
    if (x <= 0) return 0;
    const double gln = std::lgamma(a);
    if (x < a + 1) {
        double ap = a, sum = 1.0 / a, del = sum;
        for (int n = 0; n < 1000; ++n) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (std::fabs(del) < std::fabs(sum) * 1e-15) break;
        }
        return sum * std::exp(-x + a * std::log(x) - gln);
    }
    double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
    for (int i = 1; i < 1000; ++i) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::fabs(d) < 1e-300) d = 1e-300;
        c = b + an / c;
        if (std::fabs(c) < 1e-300) c = 1e-300;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < 1e-15) break;
    }
    return 1 - std::exp(-x + a * std::log(x) - gln) * h;
}

double gamma_quantile(double a, double p) {
    double lo = 0, hi = a + 10 * std::sqrt(a) + 20;
    while (regularized_gamma_p(a, hi) < p) hi *= 2;
    for (int i = 0; i < 200; ++i) {
        double mid = 0.5 * (lo + hi);
        if (regularized_gamma_p(a, mid) < p) lo = mid;
        else hi = mid;
        if (hi - lo < 1e-12 * (1 + hi)) break;
    }
    return 0.5 * (lo + hi);
}

Interval poisson_interval(unsigned k, double confidence) {
    const double alpha = 1 - confidence;
    Interval out;
    out.low = k == 0 ? 0.0 : gamma_quantile(k, alpha / 2);
    out.high = gamma_quantile(k + 1.0, 1 - alpha / 2);
    return out;
}

}  // namespace crimescope::eval
