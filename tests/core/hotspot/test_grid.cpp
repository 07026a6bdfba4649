#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "base/dates.hpp"
#include "hotspot/grid.hpp"
#include "core/hotspot/fixtures.hpp"

using namespace crimescope;

using test::points;

TEST_CASE("a grid's cells are cell_m apart and index row-major from the south-west", "[hotspot][grid]") {
    geo::BBox b;
    b.extend(41.80, -87.70);
    b.extend(41.82, -87.66);
    auto g = hotspot::make_grid(b, 150);
    REQUIRE(g.ok());
    // 0.02 deg lat = 2223.9 m -> 15 rows (14.8 -> floor + 1); 0.04 deg lon at 41.81 = 3315.4 m -> 23 columns.
    CHECK(g->ny == 15);
    CHECK(g->nx == 23);
    CHECK(g->cell_of(41.80, -87.70) == 0);
    CHECK(g->cell_of(41.82, -87.66) == static_cast<int64_t>(g->cells()) - 1);   // the max corner falls inside
    CHECK(g->cell_of(41.79, -87.70) == -1);
    CHECK(g->cell_of(NAN, -87.70) == -1);
    const auto c0 = g->cell_centre(0), c1 = g->cell_centre(1), cn = g->cell_centre(g->nx);
    CHECK(geo::haversine_m(c0, c1) == Approx(150).epsilon(1e-3));
    CHECK(geo::haversine_m(c0, cn) == Approx(150).epsilon(1e-3));
    CHECK(g->cell_of(cn.lat_deg, cn.lon_deg) == g->nx);
    const auto box = g->cell_box(g->nx + 1);
    CHECK(box.contains(g->cell_centre(g->nx + 1).lat_deg, g->cell_centre(g->nx + 1).lon_deg));
}

TEST_CASE("grid limits are errors, not allocations", "[hotspot][grid]") {
    geo::BBox b;
    b.extend(40, -100);
    b.extend(45, -80);
    CHECK_FALSE(hotspot::make_grid(b, 10).ok());   // about 9e7 cells
    CHECK_FALSE(hotspot::make_grid(b, 0).ok());
    CHECK_FALSE(hotspot::make_grid(b, NAN).ok());
    CHECK_FALSE(hotspot::make_grid(geo::BBox{}, 150).ok());   // empty
    data::IncidentTable none = points({{NAN, NAN, 0}});
    const std::vector<size_t> rows{0};
    CHECK_FALSE(hotspot::grid_for_rows(none, rows, 150).ok());
}

TEST_CASE("cell and month counts add up to the rows", "[hotspot][grid]") {
    const int32_t d0 = days_from_civil(2018, 1, 31), d1 = days_from_civil(2018, 3, 1);
    auto t = points({{41.80, -87.70, double(d0)}, {41.80, -87.70, double(d1)}, {41.81, -87.69, double(d1)}, {41.9, -87.0, double(d1)}});
    const std::vector<size_t> rows{0, 1, 2};
    auto g = hotspot::grid_for_rows(t, rows, 100);
    REQUIRE(g.ok());
    uint64_t outside = 9;
    const std::vector<size_t> all{0, 1, 2, 3};
    auto c = hotspot::count_cells(*g, t, all, &outside);
    CHECK(outside == 1);
    CHECK(c[0] == 2);
    CHECK(c[g->cells() - 1] == 1);
    auto m = hotspot::count_cells_by_month(*g, t, rows);
    CHECK(m.first_month == month_index(2018, 1));
    CHECK(m.months == 3);   // January, February (empty), March
    CHECK(m.at(0, 0) == 1);
    CHECK(m.at(1, 0) == 0);
    CHECK(m.at(2, 0) == 1);
    CHECK(m.at(2, g->cells() - 1) == 1);
}

TEST_CASE("month helpers", "[dates]") {
    CHECK(month_index(1970, 1) == 0);
    CHECK(month_index(2018, 8) == 48 * 12 + 7);
    CHECK(month_of_day(days_from_civil(2018, 8, 31)) == month_index(2018, 8));
    CHECK(month_text(month_index(2018, 8)) == "2018-08");
    CHECK(month_text(-1) == "1969-12");
    CHECK(days_in_month(2016, 2) == 29);
    CHECK(days_in_month(2018, 2) == 28);
    CHECK(days_in_month(2018, 12) == 31);
    CHECK(days_in_month_index(month_index(2000, 2)) == 29);
}
