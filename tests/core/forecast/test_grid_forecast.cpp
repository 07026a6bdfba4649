// Tests for forecast/grid_forecast (issue #19, grid forecasting): the grid cube's counts add up to the rows,
// month by month and cell by cell; queen neighbours stay in the study area; the hotspot set is the share of
// area asked for and the layer carries it.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>

#include "base/dates.hpp"
#include "forecast/grid_forecast.hpp"
#include "core/hotspot/fixtures.hpp"

using namespace crimescope;

using test::points;

TEST_CASE("forecast: the grid cube's counts sum to the rows", "[forecast]") {
    const double jan = days_from_civil(2018, 1, 15), mar = days_from_civil(2018, 3, 2),
                 apr = days_from_civil(2018, 4, 30);
    // (Positions are stored as float: look cells up with the stored values.)
    // Two incidents in one place in January, one there in March, three elsewhere, one without a position.
    auto t = points({{41.800, -87.700, jan},
                     {41.800, -87.700, jan},
                     {41.800, -87.700, mar},
                     {41.810, -87.690, mar},
                     {41.805, -87.680, apr},
                     {41.820, -87.700, apr},
                     {NAN, NAN, apr}});
    std::vector<size_t> rows(t.size());
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    auto g = forecast::grid_cube(t, rows, 150);
    REQUIRE(g.ok());
    const auto& q = g->cube;
    CHECK(q.families.size() == 1);
    CHECK(q.n_months == 4);  // January..April, February empty
    CHECK(q.month_name(0) == "2018-01");
    CHECK(q.units.size() == g->cells.size());
    CHECK(g->counted == 6);
    double sum = 0, feb = 0;
    for (int s = 0; s < static_cast<int>(q.units.size()); ++s)
        for (int m = 0; m < q.n_months; ++m) sum += q.at(0, s, m);
    for (int s = 0; s < static_cast<int>(q.units.size()); ++s) feb += q.at(0, s, 1);
    CHECK(sum == 6);
    CHECK(feb == 0);
    const int64_t c0 = g->grid.cell_of(static_cast<float>(41.800), static_cast<float>(-87.700));
    auto it = std::lower_bound(g->cells.begin(), g->cells.end(), c0);
    REQUIRE(it != g->cells.end());
    REQUIRE(*it == c0);
    const int s0 = static_cast<int>(it - g->cells.begin());
    CHECK(q.at(0, s0, 0) == 2);
    CHECK(q.at(0, s0, 2) == 1);
    // Queen neighbours: in the study area, adjacent, symmetric, at most 8.
    REQUIRE(q.neighbours.size() == q.units.size());
    for (size_t s = 0; s < q.units.size(); ++s) {
        CHECK(q.neighbours[s].size() <= 8);
        for (int n : q.neighbours[s]) {
            CHECK(std::abs(g->grid.cell_i(g->cells[s]) - g->grid.cell_i(g->cells[static_cast<size_t>(n)])) <= 1);
            CHECK(std::abs(g->grid.cell_j(g->cells[s]) - g->grid.cell_j(g->cells[static_cast<size_t>(n)])) <= 1);
            const auto& back = q.neighbours[static_cast<size_t>(n)];
            CHECK(std::find(back.begin(), back.end(), static_cast<int>(s)) != back.end());
        }
    }
}

TEST_CASE("forecast: the grid forecast's hotspot set and layer", "[forecast]") {
    // 8 months; one corner cell has 5 incidents every month, another 1, others scattered once.
    std::vector<std::array<double, 3>> pts;
    for (int m = 1; m <= 8; ++m) {
        const double d = days_from_civil(2018, m, 10);
        for (int k = 0; k < 5; ++k) pts.push_back({41.800, -87.700, d});
        pts.push_back({41.820, -87.660, d});
        pts.push_back({41.800 + 0.002 * m, -87.680, d});
    }
    auto t = points(pts);
    std::vector<size_t> rows(t.size());
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    auto g = forecast::grid_cube(t, rows, 150);
    REQUIRE(g.ok());
    auto f = forecast::forecast_grid(*g, 0.05);
    REQUIRE(f.ok());
    CHECK(f->month_name == "2018-09");
    CHECK(f->chosen.validation_last == 7);
    const size_t k = std::max<size_t>(1, static_cast<size_t>(std::round(0.05 * static_cast<double>(g->cells.size()))));
    CHECK(f->hotspot.size() == k);
    CHECK(f->hotspot.front() == g->grid.cell_of(static_cast<float>(41.800), static_cast<float>(-87.700)));
    CHECK(f->layer.layer == "forecast_grid");
    CHECK(f->layer.significant == k);
    size_t hot = 0;
    for (uint8_t c : f->layer.klass) hot += c == 0;
    CHECK(hot == k);
    CHECK_FALSE(forecast::forecast_grid(*g, 0.0).ok());
    CHECK_FALSE(forecast::forecast_grid(*g, 0.05, 1).ok());
}
