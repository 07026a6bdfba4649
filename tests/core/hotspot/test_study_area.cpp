#include <catch2/catch.hpp>

#include <algorithm>

#include "hotspot/study_area.hpp"

using namespace crimescope;

TEST_CASE("the convex hull drops inner and collinear points", "[hotspot][study_area]") {
    auto h = hotspot::convex_hull({{0, 0}, {2, 0}, {1, 0}, {2, 2}, {0, 2}, {1, 1}, {0, 0}});
    REQUIRE(h.size() == 4);
    CHECK(h[0] == std::pair<double, double>{0, 0});
    CHECK(h[1] == std::pair<double, double>{2, 0});
    CHECK(h[2] == std::pair<double, double>{2, 2});
    CHECK(h[3] == std::pair<double, double>{0, 2});
    CHECK(hotspot::convex_hull({{1, 1}, {1, 1}}).size() == 1);
}

TEST_CASE("the study area is the cells inside the incidents' hull plus the occupied ones", "[hotspot][study_area]") {
    // A right triangle of incidents on a 100 m grid: corners at cells (0,0), (9,0), (0,9) of a 10 x 10 grid.
    hotspot::Grid g;
    g.cell_m = 100;
    g.lat0_deg = 0;
    g.lon0_deg = 0;
    g.m_per_deg_lat = g.m_per_deg_lon = 100000;   // 1 km per 0.01 deg: easy numbers
    g.nx = g.ny = 10;
    data::IncidentTable t;
    auto add = [&](double x_m, double y_m) {
        t.lat_deg.push_back(static_cast<float>(y_m / 100000));
        t.lon_deg.push_back(static_cast<float>(x_m / 100000));
        t.day.push_back(0);
        t.minute_of_day.push_back(-1);
    };
    add(50, 50);
    add(950, 50);
    add(50, 950);
    add(990, 990);   // outside the triangle, but holds an incident: its cell is in
    // hull of the 4 points: (50,50) (950,50) (990,990) (50,950); cells whose centre is inside, plus cell 99
    const std::vector<size_t> rows{0, 1, 2};
    const auto tri = hotspot::study_area_cells(g, t, rows);
    // triangle x + y <= 1000 (legs at 50..950): row j (centre y = 100 j + 50) holds centres x = 100 i + 50 with
    // 50 <= x <= 1000 - y  ->  i = 0 .. 9 - j
    CHECK(tri.size() == 55);
    CHECK(std::find(tri.begin(), tri.end(), 9) != tri.end());    // (9, 0)
    CHECK(std::find(tri.begin(), tri.end(), 19) == tri.end());   // (9, 1): centre (950, 150) is outside
    const std::vector<size_t> all{0, 1, 2, 3};
    const auto sq = hotspot::study_area_cells(g, t, all);
    CHECK(sq.size() > 55);
    CHECK(sq.back() == 99);
}
