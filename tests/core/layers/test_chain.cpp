// Tests for layers/chain: ordering along a street's main axis and joining with a gap limit.
#include <catch2/catch.hpp>

#include "layers/chain.hpp"

using namespace crimescope;

TEST_CASE("chain: points out of order along a diagonal street are sorted and joined", "[layers]") {
    // Five points 100 m apart along a NE diagonal, shuffled, plus one 2 km further on.
    std::vector<geo::LatLon> pts;
    const double step = 100.0 / 111195.0;   // degrees of latitude per 100 m
    for (int k : {3, 0, 4, 1, 2}) pts.push_back({41.9 + k * step * 0.7, -87.65 + k * step * 0.7 / std::cos(41.9 * geo::kPi / 180)});
    pts.push_back({41.9 + 25 * step * 0.7, -87.65 + 25 * step * 0.7 / std::cos(41.9 * geo::kPi / 180)});
    layers::order_along_main_axis(pts);
    const bool ascending = pts.front().lat_deg < pts.back().lat_deg;
    for (size_t i = 1; i < pts.size(); ++i) CHECK((pts[i].lat_deg > pts[i - 1].lat_deg) == ascending);
    auto runs = layers::chain_points(pts, 600);
    REQUIRE(runs.size() == 1);   // the far point is alone: a run of one is dropped
    CHECK(runs[0].size() == 5);
    CHECK(layers::chain_points(pts, 50).empty());   // every gap is 100 m
}
