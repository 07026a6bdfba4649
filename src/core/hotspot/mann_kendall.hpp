// mann_kendall.hpp: the Mann-Kendall trend test (issue #19, emerging hot spots): S = sum_{i<j} sgn(x_j - x_i),
// Var(S) = (n(n-1)(2n+5) - sum_t t(t-1)(2t+5)) / 18 over tie groups of size t, Z = (S - sgn S) / sqrt(Var S)
// (continuity correction; 0 when S = 0), two-sided normal p. See tests/core/hotspot/test_mann_kendall.cpp.
#pragma once
#include <span>

namespace crimescope::hotspot {

struct MannKendall {
    double s = 0;
    double var_s = 0;
    double z = 0;
    double p = 1;      // two-sided; 1 when n < 2 or Var(S) = 0
};

// Values closer than 0 apart are ties (exact equality); NaNs must not be passed.
MannKendall mann_kendall(std::span<const double> x);

}  // namespace crimescope::hotspot
