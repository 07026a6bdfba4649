// test_concentration.cpp: the Lorenz curve, top shares, 50% / 80% place shares and the Gini coefficient of
// src/core/hotspot/concentration.cpp (issue #19, concentration) on hand-computed examples.
#include <catch2/catch.hpp>

#include <cmath>

#include "hotspot/concentration.hpp"

using namespace crimescope;

TEST_CASE("Lorenz curve, top shares and Gini on a hand example", "[hotspot][concentration]") {
    // 5 places holding 0, 6, 1, 0, 3 crimes: busiest first 6, 3, 1, 0, 0 (10 crimes).
    const auto c = hotspot::concentration_of_counts({0, 6, 1, 0, 3});
    CHECK(c.places == 5);
    CHECK(c.places_with_crime == 3);
    CHECK(c.crimes == 10);
    CHECK(c.counts_desc == std::vector<uint32_t>{6, 3, 1, 0, 0});
    // Top x% = L(x): 1% is 0.05 of the first place (0.05 * 6 / 10), 5% a quarter of it, 10% half, 20% all of it.
    REQUIRE(c.top.size() == 4);
    CHECK(c.top[0].place_share == Approx(0.01));
    CHECK(c.top[0].crime_share == Approx(0.03));
    CHECK(c.top[1].crime_share == Approx(0.15));
    CHECK(c.top[2].crime_share == Approx(0.30));
    CHECK(c.top[3].crime_share == Approx(0.60));
    // 50% of crime: 5 of the first place's 6 -> (5/6) / 5 places; 80%: the first place and 2 of the second's 3.
    CHECK(c.places_for_50 == Approx(1.0 / 6));
    CHECK(c.places_for_80 == Approx((1 + 2.0 / 3) / 5));
    // Area under L: 0.2 * (0 + .6) / 2 + 0.2 * (.6 + .9) / 2 + 0.2 * (.9 + 1) / 2 + 0.2 + 0.2 = 0.8 -> Gini 0.6.
    CHECK(c.gini == Approx(0.6));
    const auto l = c.lorenz(10);
    REQUIRE(l.size() == 11);
    CHECK(l[0].crime_share == 0);
    CHECK(l[5].place_share == Approx(0.5));
    CHECK(l[5].crime_share == Approx(0.95));   // 2.5 places: 6 + 3 + 0.5 * 1
    CHECK(l[10].crime_share == Approx(1));
    for (size_t i = 1; i < l.size(); ++i) CHECK(l[i].crime_share >= l[i - 1].crime_share);
    CHECK(hotspot::place_share_for(c.counts_desc, 1.0) == Approx(0.6));   // all crime sits in 3 of 5 places
    CHECK(hotspot::top_share(c.counts_desc, 0.4) == Approx(0.9));
}

TEST_CASE("even and degenerate concentrations", "[hotspot][concentration]") {
    const auto even = hotspot::concentration_of_counts({4, 4, 4, 4});
    CHECK(even.gini == Approx(0).margin(1e-12));
    CHECK(even.top[3].crime_share == Approx(0.2));
    CHECK(even.places_for_80 == Approx(0.8));
    // All crime in one of 4 places: Gini (N - 1) / N = 0.75; the top 20% (0.8 of that place) hold 80%.
    const auto one = hotspot::concentration_of_counts({0, 0, 7, 0});
    CHECK(one.gini == Approx(0.75));
    CHECK(one.top[3].crime_share == Approx(0.8));
    CHECK(one.places_for_50 == Approx(0.125));
    const auto none = hotspot::concentration_of_counts({0, 0, 0});
    CHECK(none.gini == 0);
    CHECK(none.top[0].crime_share == 0);
    CHECK(none.places_for_80 == 0);
    const auto empty = hotspot::concentration_of_counts({});
    CHECK(empty.places == 0);
    CHECK(empty.gini == 0);
}

TEST_CASE("concentration on incidents counts the study area's empty cells as places", "[hotspot][concentration]") {
    // Four corners of a square about 1 km a side, one incident each, and 6 more at the south-west corner: the hull
    // covers many empty 150 m cells.
    data::IncidentTable t;
    auto add = [&](double lat, double lon) {
        t.lat_deg.push_back(static_cast<float>(lat));
        t.lon_deg.push_back(static_cast<float>(lon));
        t.day.push_back(0);
        t.minute_of_day.push_back(-1);
    };
    add(41.80, -87.70);
    add(41.80, -87.688);
    add(41.809, -87.70);
    add(41.809, -87.688);
    for (int i = 0; i < 6; ++i) add(41.80, -87.70);
    add(NAN, -87.70);
    std::vector<size_t> rows(t.size());
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    auto c = hotspot::concentration(t, rows, {});
    REQUIRE(c.ok());
    CHECK(c->cell_m == 150);
    CHECK(c->crimes == 10);
    CHECK(c->without_position == 1);
    CHECK(c->places_with_crime == 4);
    CHECK(c->places > 40);   // about 7 x 7 cells in the hull
    CHECK(c->counts_desc.front() == 7);
    CHECK(c->top[0].crime_share > 0.3);
    CHECK(c->gini > 0.9);
    hotspot::ConcentrationParams bad;
    bad.cell_m = 0;
    auto e = hotspot::concentration(t, rows, bad);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::Invalid);
}
