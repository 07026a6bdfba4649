// test_mann_kendall.cpp: the Mann-Kendall trend test (src/core/hotspot/mann_kendall.cpp, issue #19) on small series
// whose S and Var(S) are counted by hand below.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "hotspot/mann_kendall.hpp"

using namespace crimescope;

TEST_CASE("Mann-Kendall on a rising series without ties", "[hotspot][mann_kendall]") {
    // 1 2 3 4 5: all 10 pairs rise, S = 10; Var = n(n-1)(2n+5)/18 = 5*4*15/18 = 16.667;
    // Z = (10 - 1)/sqrt(16.667) = 2.20454; p = erfc(2.20454/sqrt 2) = 0.027486.
    const std::vector<double> x{1, 2, 3, 4, 5};
    const auto r = hotspot::mann_kendall(x);
    CHECK(r.s == 10);
    CHECK(r.var_s == Approx(300.0 / 18));
    CHECK(r.z == Approx(2.2045407685));
    CHECK(r.p == Approx(0.0274863361));
}

TEST_CASE("Mann-Kendall with ties corrects the variance", "[hotspot][mann_kendall]") {
    // 1 2 2 3 1: pairs from the first 1: +1 +1 +1 0; from the first 2: 0 +1 -1; second 2: +1 -1; 3: -1 -> S = 2.
    // Two tie groups of t = 2 (the 1s, the 2s): sum t(t-1)(2t+5) = 18 + 18 = 36; Var = (300 - 36)/18 = 14.667.
    // Z = (2 - 1)/sqrt(14.667) = 0.261116; p = 0.794003.
    const std::vector<double> x{1, 2, 2, 3, 1};
    const auto r = hotspot::mann_kendall(x);
    CHECK(r.s == 2);
    CHECK(r.var_s == Approx(264.0 / 18));
    CHECK(r.z == Approx(0.2611164839));
    CHECK(r.p == Approx(0.7940026802));

    // 5 5 4 4 4 1: the 5s against the three 4s and the 1: 2 x (-4) = -8; the 4s against the 1: -3 -> S = -11.
    // Ties t = 2 and t = 3: 18 + 66 = 84; Var = (6*5*17 - 84)/18 = 23.667; Z = (-11 + 1)/sqrt(23.667) = -2.055566.
    const std::vector<double> y{5, 5, 4, 4, 4, 1};
    const auto q = hotspot::mann_kendall(y);
    CHECK(q.s == -11);
    CHECK(q.var_s == Approx(426.0 / 18));
    CHECK(q.z == Approx(-2.0555661295));
    CHECK(q.p == Approx(0.0398243554));
}

TEST_CASE("Mann-Kendall degenerate series", "[hotspot][mann_kendall]") {
    const std::vector<double> flat{3, 3, 3};
    const auto r = hotspot::mann_kendall(flat);   // one tie group of 3: Var = (66 - 66)/18 = 0
    CHECK(r.s == 0);
    CHECK(r.var_s == 0);
    CHECK(r.z == 0);
    CHECK(r.p == 1);
    const std::vector<double> one{7};
    CHECK(hotspot::mann_kendall(one).p == 1);
    CHECK(hotspot::mann_kendall(std::vector<double>{}).s == 0);
}
