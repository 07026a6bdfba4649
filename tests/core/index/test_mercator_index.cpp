// Tests for index/mercator_index: k nearest against brute force (distances, not indices: ties).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "data/pack.hpp"
#include "index/mercator_index.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("mercator index: nearest agrees with brute force on the Vancouver pack", "[index]") {
    auto c = data::load_pack(cs_test::source_dir() + "/assets/packs/vancouver.cspack");
    REQUIRE(c.ok());
    index::MercatorIndex idx(c->incidents);
    const size_t n = c->incidents.size();
    std::mt19937 rng(7);
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    std::uniform_real_distribution<double> jitter(-2e-6, 2e-6);
    for (int q = 0; q < 50; ++q) {
        size_t r = pick(rng);
        double x = idx.x(r) + jitter(rng), y = idx.y(r) + jitter(rng);
        auto got = idx.nearest(x, y, 8);
        REQUIRE(got.size() == 8);
        std::vector<double> d(n);
        for (size_t i = 0; i < n; ++i) d[i] = std::hypot(idx.x(i) - x, idx.y(i) - y);
        std::vector<double> sorted = d;
        std::nth_element(sorted.begin(), sorted.begin() + 7, sorted.end());
        std::sort(sorted.begin(), sorted.begin() + 8);
        for (size_t k = 0; k < 8; ++k) CHECK(d[got[k]] == Approx(sorted[k]).margin(1e-15));
    }
    data::IncidentTable empty;
    index::MercatorIndex e(empty);
    CHECK(e.nearest(0.5, 0.5, 3).empty());
}
