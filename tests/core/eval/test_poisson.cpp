// Tests for eval/poisson: exact (Garwood) intervals against published table values.
#include <catch2/catch.hpp>

#include "eval/poisson.hpp"

using namespace crimescope::eval;

TEST_CASE("poisson: exact 95% intervals", "[poisson]") {
    // Reference values (Garwood 1936 / standard tables): k=0: [0, 3.689]; k=1: [0.0253, 5.572];
    // k=5: [1.623, 11.668]; k=10: [4.795, 18.390]; k=100: [81.36, 121.63].
    struct Row { unsigned k; double lo, hi; };
    for (const Row& r : {Row{0, 0.0, 3.6889}, Row{1, 0.0253, 5.5716}, Row{5, 1.6235, 11.6683},
                         Row{10, 4.7954, 18.3904}, Row{100, 81.364, 121.627}}) {
        Interval i = poisson_interval(r.k, 0.95);
        CHECK(i.low == Approx(r.lo).margin(2e-3));
        CHECK(i.high == Approx(r.hi).margin(2e-3));
    }
    CHECK(regularized_gamma_p(1.0, 1.0) == Approx(1 - std::exp(-1.0)).epsilon(1e-12));
}
