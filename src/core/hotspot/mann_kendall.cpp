// mann_kendall.cpp: the Mann-Kendall trend test (issue #19); see mann_kendall.hpp and
// tests/core/hotspot/test_mann_kendall.cpp.
#include "hotspot/mann_kendall.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace crimescope::hotspot {

MannKendall mann_kendall(std::span<const double> x) {
    MannKendall r;
    const size_t n = x.size();
    if (n < 2) return r;
    long long s = 0;
    for (size_t i = 0; i + 1 < n; ++i)
        for (size_t j = i + 1; j < n; ++j) s += (x[j] > x[i]) - (x[j] < x[i]);
    // Tie groups: sort a copy and count runs of equal values.
    std::vector<double> v(x.begin(), x.end());
    std::sort(v.begin(), v.end());
    double ties = 0;
    for (size_t i = 0; i < n;) {
        size_t k = i;
        while (k < n && v[k] == v[i]) ++k;
        const double t = static_cast<double>(k - i);
        ties += t * (t - 1) * (2 * t + 5);
        i = k;
    }
    const double nn = static_cast<double>(n);
    r.s = static_cast<double>(s);
    r.var_s = (nn * (nn - 1) * (2 * nn + 5) - ties) / 18.0;
    if (r.var_s <= 0 || s == 0) {
        r.z = 0;
        r.p = 1;
        return r;
    }
    r.z = (r.s - (s > 0 ? 1.0 : -1.0)) / std::sqrt(r.var_s);
    r.p = std::erfc(std::fabs(r.z) / std::sqrt(2.0));
    return r;
}

}  // namespace crimescope::hotspot
