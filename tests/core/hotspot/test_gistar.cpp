// test_gistar.cpp: Getis-Ord Gi* and Benjamini-Hochberg (src/core/hotspot/gistar.cpp, issue #19) on a 5 x 5 grid
// of counts whose z-scores were computed by hand (numpy in /tmp, the derivation below), and BH on known lists.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "hotspot/gistar.hpp"
#include "core/hotspot/fixtures.hpp"
#include "hotspot/study_area.hpp"

using namespace crimescope;

namespace {
// A 5 x 5 grid of 100 m cells near the equator (float positions exact to 0.1 mm there).
hotspot::Grid grid5() { return test::equator_grid(5); }
// Counts, north row (j = 4) first as printed, every corner occupied so the study area is all 25 cells.
constexpr int kCounts[5][5] = {{1, 0, 0, 2, 1}, {0, 3, 5, 2, 0}, {0, 4, 9, 6, 1}, {1, 2, 4, 3, 0}, {2, 0, 1, 0, 1}};
data::IncidentTable incidents5(const hotspot::Grid& g) {
    data::IncidentTable t;
    for (int r = 0; r < 5; ++r)
        for (int i = 0; i < 5; ++i) {
            const int j = 4 - r;
            // Edge cells' incidents sit 40 m out from the centre, so the hull holds every centre with room to spare.
            const auto c = g.cell_centre(j * 5 + i);
            const double dx_m = i == 0 ? -40 : i == 4 ? 40 : 0, dy_m = j == 0 ? -40 : j == 4 ? 40 : 0;
            for (int k = 0; k < kCounts[r][i]; ++k)
                test::add_incident(t, c.lat_deg + dy_m / g.m_per_deg_lat, c.lon_deg + dx_m / g.m_per_deg_lon);
        }
    return t;
}
// Expected Gi* z by cell index c = j * 5 + i (south row first). Derivation: n = 25, sum x = 48, sum x^2 = 214,
// xbar = 1.92, S = sqrt(214/25 - 1.92^2) = sqrt(4.8736) = 2.2076232. Centre cell 12: queen lag = 3+5+2+4+9+6+2+4+3
// = 38, W = 9: z = (38 - 1.92*9) / (S sqrt((25*9 - 81)/24)) = 20.72 / (2.2076232 * sqrt 6) = 3.8316796.
// Corner cell 0 (count 2): lag 2+0+1+2 = 5, W = 4: z = (5 - 7.68) / (S sqrt((100 - 16)/24)) = -0.6488971.
const double kZ[25] = {-0.6488970967, -0.3159161603, -0.3159161603, -0.5237557395, -0.8910228790,
                       -0.5237557395, 1.0577802714,  2.1673399967,  1.4276335132,  -0.1080765812,
                       -0.3159161603, 1.9824133758,  3.8316795847,  2.3522666176,  0.0997629980,
                       -0.7315953186, 0.8728536506,  2.5371932385,  1.6125601341,  0.0997629980,
                       -0.8910228790, -0.5237557395, 0.0997629980,  -0.3159161603, -0.6488970967};
using test::all_rows;
}  // namespace

TEST_CASE("Gi* z-scores on a hand-computed 5 x 5 grid", "[hotspot][gistar]") {
    const auto g = grid5();
    const auto t = incidents5(g);
    REQUIRE(t.size() == 48);
    const auto rows = all_rows(t);
    auto f = hotspot::gistar_field(g, t, rows);
    REQUIRE(f.ok());
    REQUIRE(f->cells.size() == 25);
    CHECK(f->neighbour_m == Approx(100 * std::sqrt(2.0)));
    for (size_t c = 0; c < 25; ++c) {
        INFO("cell " << c);
        CHECK(f->cells[c] == static_cast<int64_t>(c));
        CHECK(f->z[c] == Approx(kZ[c]).margin(1e-9));
    }
    CHECK(f->p[12] == Approx(0.0001272714).epsilon(1e-6));
    CHECK(f->p[17] == Approx(0.0111745254).epsilon(1e-6));
    // BH at 0.05 over 25: p_(1) = 0.000127 <= 0.002 passes; p_(2) = 0.01117 > 2 x 0.002 and no later rank passes.
    for (size_t c = 0; c < 25; ++c) CHECK(f->fdr_pass[c] == (c == 12 ? 1 : 0));

    auto l = hotspot::gistar(g, t, rows);
    REQUIRE(l.ok());
    CHECK(l->layer == "gistar");
    CHECK(l->cells.size() == 25);
    CHECK(l->significant == 1);
    CHECK(l->classes[l->klass[12]].name == "hot spot (99%)");
    CHECK(l->classes[l->klass[17]].name == "not significant");   // z 2.54 but fails FDR

    // Without FDR: bins by |z| alone. 12: 3.83 -> 99%; 17: 2.54 -> 95%; 13: 2.35 -> 95%; 7: 2.17 -> 95%;
    // 11: 1.98 -> 95%; 18: 1.61 -> not (< 1.645); no cold spot (min z -0.89).
    hotspot::GiStarParams nofdr;
    nofdr.fdr_q = 0;
    auto l2 = hotspot::gistar(g, t, rows, nofdr);
    REQUIRE(l2.ok());
    CHECK(l2->significant == 5);
    CHECK(l2->klass[12] == 6);
    CHECK(l2->klass[17] == 5);
    CHECK(l2->klass[11] == 5);
    CHECK(l2->klass[18] == 3);
}

TEST_CASE("Gi* neighbours within a distance, self included, study-area cells only", "[hotspot][gistar]") {
    const auto g = grid5();
    const std::vector<int64_t> cells{0, 1, 2, 6, 12, 24};
    auto nb = hotspot::gistar_neighbours(g, cells, 100 * std::sqrt(2.0));
    CHECK(nb[0] == std::vector<uint32_t>{0, 1, 3});      // cells 0, 1, 6
    CHECK(nb[4] == std::vector<uint32_t>{3, 4});         // cell 12: itself and 6 (diagonal)
    CHECK(nb[5] == std::vector<uint32_t>{5});
    auto rook = hotspot::gistar_neighbours(g, cells, 100);
    CHECK(rook[0] == std::vector<uint32_t>{0, 1});       // no diagonal at 100 m
    auto wide = hotspot::gistar_neighbours(g, cells, 200);
    CHECK(wide[0] == std::vector<uint32_t>{0, 1, 2, 3}); // 2 cells east at 200 m; 12 is 283 m away
}

TEST_CASE("Gi* of constant counts is zero, and bad parameters are errors", "[hotspot][gistar]") {
    const std::vector<double> flat(9, 4.0);
    const auto nb = hotspot::gistar_neighbours(grid5(), std::vector<int64_t>{0, 1, 2, 5, 6, 7, 10, 11, 12}, 150);
    for (double z : hotspot::gistar_z(flat, nb)) CHECK(z == 0);
    const auto g = grid5();
    const auto t = incidents5(g);
    const auto rows = all_rows(t);
    hotspot::GiStarParams p;
    p.neighbour_m = -1;
    CHECK_FALSE(hotspot::gistar(g, t, rows, p).ok());
    p.neighbour_m = 1e6;
    CHECK(hotspot::gistar(g, t, rows, p).error().field == "neighbour_m");
    p = {};
    p.fdr_q = 1.5;
    CHECK_FALSE(hotspot::gistar(g, t, rows, p).ok());
    CHECK_FALSE(hotspot::gistar(g, t, std::vector<size_t>{}, {}).ok());
}

TEST_CASE("Benjamini-Hochberg on known lists", "[hotspot][gistar]") {
    // m = 6, q = 0.05, thresholds k q / m = .0083 .0167 .025 .0333 .0417 .05. Sorted: .005 (ok) .01 (ok) .03 (> .025)
    // .04 (> .0333) .049 (> .0417) .2 -> k = 2: the .005 and the .01 pass.
    const std::vector<double> p1{0.01, 0.04, 0.03, 0.005, 0.2, 0.049};
    CHECK(hotspot::benjamini_hochberg(p1, 0.05) == std::vector<uint8_t>{1, 0, 0, 1, 0, 0});
    // Step-up: m = 5, thresholds .01 .02 .03 .04 .05: ranks 2 and 3 fail (.03 > .02, .032 > .03) but rank 4 passes
    // (.035 <= .04), so the first four all pass.
    const std::vector<double> p2{0.035, 0.001, 0.9, 0.032, 0.03};
    CHECK(hotspot::benjamini_hochberg(p2, 0.05) == std::vector<uint8_t>{1, 1, 0, 1, 1});
    // Nothing small enough: none pass; q = 0: none.
    const std::vector<double> p3{0.2, 0.5, 0.03};
    CHECK(hotspot::benjamini_hochberg(p3, 0.05) == std::vector<uint8_t>{0, 0, 0});
    CHECK(hotspot::benjamini_hochberg(p1, 0) == std::vector<uint8_t>(6, 0));
    CHECK(hotspot::benjamini_hochberg(std::vector<double>{}, 0.05).empty());
}

TEST_CASE("Gi* bins as ArcGIS's Gi_Bin", "[hotspot][gistar]") {
    CHECK(hotspot::gistar_bin(2.6, true) == 6);
    CHECK(hotspot::gistar_bin(2.0, true) == 5);
    CHECK(hotspot::gistar_bin(1.7, true) == 4);
    CHECK(hotspot::gistar_bin(1.6, true) == 3);
    CHECK(hotspot::gistar_bin(-1.7, true) == 2);
    CHECK(hotspot::gistar_bin(-2.0, true) == 1);
    CHECK(hotspot::gistar_bin(-3.0, true) == 0);
    CHECK(hotspot::gistar_bin(-3.0, false) == 3);
    CHECK(hotspot::two_sided_p(1.959963984540054) == Approx(0.05));
}
