// test_kde.cpp: quartic kernel density and its default bandwidth (src/core/hotspot/kde.cpp, issue #19), against
// values computed from the formula by hand below.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "hotspot/kde.hpp"
#include "core/hotspot/fixtures.hpp"

using namespace crimescope;

namespace {
// An 11 x 11 grid of 100 m cells near the equator (float positions exact to 0.1 mm there).
hotspot::Grid grid11() { return test::equator_grid(11); }
// Incidents at plane positions (x_m, y_m) of g.
data::IncidentTable at_xy(const hotspot::Grid& g, const std::vector<std::pair<double, double>>& xy) {
    data::IncidentTable t;
    for (const auto& [x, y] : xy) {
        test::add_incident(t, g.lat0_deg + y / g.m_per_deg_lat, g.lon0_deg + x / g.m_per_deg_lon);
    }
    return t;
}
using test::all_rows;
}  // namespace

TEST_CASE("the quartic kernel", "[hotspot][kde]") {
    // 3/(pi h^2) at d = 0, h = 200: 3/(pi 40000) = 2.3873241e-5 per m^2; at d = 100: x (1 - 1/4)^2 = 0.5625.
    CHECK(hotspot::quartic_kernel_per_m2(0, 200) == Approx(2.3873241463784e-5));
    CHECK(hotspot::quartic_kernel_per_m2(100, 200) == Approx(2.3873241463784e-5 * 0.5625));
    CHECK(hotspot::quartic_kernel_per_m2(200, 200) == 0);
    CHECK(hotspot::quartic_kernel_per_m2(250, 200) == 0);
    CHECK(hotspot::quartic_kernel_per_m2(10, 0) == 0);
}

TEST_CASE("KDE at cell centres from the formula", "[hotspot][kde]") {
    const auto g = grid11();
    // Points: A at cell (5,5)'s centre (550, 550); B at (610, 630), 100 m from it; C at (800, 550), 250 m from it.
    const auto t = at_xy(g, {{550, 550}, {610, 630}, {800, 550}});
    const auto rows = all_rows(t);
    // h = 200, k0 = 3/(pi h^2) 1e6 = 23.873241 per km^2, K(d) = k0 (1 - d^2/h^2)^2:
    //  (550,550): A d 0 -> 23.873241; B d 100 -> 13.428698; C d 250 -> 0              = 37.301940
    //  (650,550): A 100 -> 13.428698; B 89.44 (u 0.8) -> 15.278875; C 150 (u 0.4375) -> 4.569487 = 33.277060
    //  (750,550): A 200 -> 0 (d = h); B 161.25 (u 0.35) -> 2.924472; C 50 (u 0.9375) -> 20.982341 = 23.906813
    //  (450,450): A 141.42 (u 0.5) -> 5.968310; B, C beyond h                        = 5.968310
    const std::vector<int64_t> cells{5 * 11 + 5, 5 * 11 + 6, 5 * 11 + 7, 4 * 11 + 4, 0};
    const auto d = hotspot::kde_at_cells(g, t, rows, 200, cells);
    CHECK(d[0] == Approx(37.301939787).epsilon(1e-6));
    CHECK(d[1] == Approx(33.277060484).epsilon(1e-6));
    CHECK(d[2] == Approx(23.906813210).epsilon(1e-6));
    CHECK(d[3] == Approx(5.968310366).epsilon(1e-6));
    CHECK(d[4] == 0);
}

TEST_CASE("KDE default bandwidth: ArcGIS Pro's search radius rule", "[hotspot][kde]") {
    const auto g = grid11();
    // Five points: the mean centre (550, 550) and four 300 m from it. SD = sqrt(4 x 300^2 / 5) = 268.328 m;
    // Dm = median(0, 300, 300, 300, 300) = 300 m, sqrt(1/ln 2) Dm = 360.337 m; min = 268.328;
    // h = 0.9 x 268.328 x 5^-0.2 = 175.0309 m.
    const auto t = at_xy(g, {{550, 550}, {850, 550}, {250, 550}, {550, 850}, {550, 250}});
    const auto rows = all_rows(t);
    auto b = hotspot::kde_default_bandwidth(g, t, rows);
    REQUIRE(b.ok());
    CHECK(b->n == 5);
    CHECK(b->standard_distance_m == Approx(268.3281573).epsilon(1e-6));
    CHECK(b->median_distance_m == Approx(300).epsilon(1e-6));
    CHECK(b->bandwidth_m == Approx(175.0309124).epsilon(1e-6));
    const auto one = at_xy(g, {{550, 550}});
    CHECK_FALSE(hotspot::kde_default_bandwidth(g, one, all_rows(one)).ok());
    const auto same = at_xy(g, {{550, 550}, {550, 550}});
    CHECK_FALSE(hotspot::kde_default_bandwidth(g, same, all_rows(same)).ok());
}

TEST_CASE("the KDE layer: quantile classes and the top share as the hotspot set", "[hotspot][kde]") {
    const auto g = grid11();
    const auto t = at_xy(g, {{550, 550}, {850, 550}, {250, 550}, {550, 850}, {550, 250}, {560, 540}});
    const auto rows = all_rows(t);
    hotspot::KdeParams p;
    p.bandwidth_m = 250;
    p.area_share = 0.1;
    auto l = hotspot::kde(g, t, rows, p);
    REQUIRE(l.ok());
    CHECK(l->layer == "kde");
    REQUIRE(l->classes.size() == 6);   // 5 quantiles + the hotspot set
    const size_t n = l->cells.size();
    CHECK(n > 20);
    CHECK(l->significant == static_cast<size_t>(std::ceil(0.1 * static_cast<double>(n))));
    size_t in_hot = 0, best = 0;
    for (size_t k = 0; k < n; ++k) {
        in_hot += l->klass[k] == 5;
        if (l->value[k] > l->value[best]) best = k;
    }
    CHECK(in_hot == l->significant);
    CHECK(l->cells[best] == 5 * 11 + 5);
    CHECK(l->klass[best] == 5);
    CHECK(l->notes.at(0).find("250 m (given)") != std::string::npos);

    auto d = hotspot::kde(g, t, rows, {});   // the default rule is stated in the notes
    REQUIRE(d.ok());
    CHECK(d->notes.at(0).find("ArcGIS Pro") != std::string::npos);

    p.bandwidth_m = -1;
    CHECK_FALSE(hotspot::kde(g, t, rows, p).ok());
    p.bandwidth_m = 6000;   // 60 cells: refused, names the field
    CHECK(hotspot::kde(g, t, rows, p).error().field == "bandwidth_m");
    p.bandwidth_m = 200;
    p.area_share = 0;
    CHECK(hotspot::kde(g, t, rows, p).error().field == "area_share");
}
