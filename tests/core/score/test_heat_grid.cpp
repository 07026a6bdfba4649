// Tests for score/heat_grid's sweep (issue #15): the same counts as the bucket search (heat_grid_reference) and
// brute force on the bundled Chicago pack (one year, dense downtown blocks), at several radii, grid sizes and
// thread counts; the fallback near a pole.
#include <catch2/catch.hpp>

#include "data/pack.hpp"
#include "index/geo_index.hpp"
#include "score/heat_grid.hpp"
#include "score/radius_score.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("heat grid: the sweep equals the bucket search and brute force on Chicago", "[score][heat]") {
    auto c = data::load_pack(cs_test::source_dir() + "/assets/packs/chicago.cspack");
    REQUIRE(c.ok());
    const auto& t = c->incidents;
    const index::DayRange w = score::window_of(t.day.back(), 365);
    std::vector<uint32_t> rows;
    for (uint32_t i = 0; i < t.size(); ++i)
        if (w.contains(t.day[i])) rows.push_back(i);
    REQUIRE(rows.size() > 1000);
    const geo::BBox city = t.bbox();
    const geo::BBox downtown{41.86, 41.91, -87.66, -87.61};   // cells far smaller than the radius
    struct Case { geo::BBox box; int nx, ny; double r; };
    for (const Case& k : {Case{city, 97, 131, 200}, Case{city, 40, 30, 1500}, Case{downtown, 64, 48, 200}, Case{downtown, 33, 17, 35}}) {
        for (unsigned threads : {1u, 2u}) {
            const auto g = score::heat_grid(t, rows, k.r, k.box, k.nx, k.ny, threads);
            const auto ref = score::heat_grid_reference(t, rows, k.r, k.box, k.nx, k.ny, threads);
            REQUIRE(g.counts.size() == ref.counts.size());
            size_t diff = 0;
            for (size_t q = 0; q < g.counts.size(); ++q) diff += g.counts[q] != ref.counts[q];
            INFO("radius " << k.r << " m, " << k.nx << " x " << k.ny);
            CHECK(diff == 0);
            CHECK(g.max_count == ref.max_count);
            CHECK(g.max_count > 0);
        }
    }
    // Brute force on a coarse grid (each cell against every row in the window).
    const auto g = score::heat_grid(t, rows, 200, downtown, 12, 9);
    for (int j = 0; j < g.ny; ++j)
        for (int i = 0; i < g.nx; ++i) CHECK(g.counts[size_t(j * g.nx + i)] == index::brute_count_within(t, g.centre(i, j), 200, w));
}

TEST_CASE("heat grid: near a pole the bucket search answers", "[score][heat]") {
    data::IncidentTable t;
    for (int k = 0; k < 50; ++k) {
        t.day.push_back(10);
        t.minute_of_day.push_back(-1);
        t.lat_deg.push_back(static_cast<float>(88.0 + 0.001 * k));
        t.lon_deg.push_back(static_cast<float>(10.0 + 0.01 * k));
    }
    std::vector<uint32_t> rows(50);
    for (uint32_t i = 0; i < 50; ++i) rows[i] = i;
    const geo::BBox box{87.9, 88.1, 9.5, 11.0};
    const auto g = score::heat_grid(t, rows, 500, box, 10, 10);
    const auto ref = score::heat_grid_reference(t, rows, 500, box, 10, 10);
    CHECK(g.counts == ref.counts);
    CHECK(g.max_count > 0);
}
