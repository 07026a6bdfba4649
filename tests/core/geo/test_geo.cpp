// Tests for geo/geo: haversine, UTM (known points and round trips), Web Mercator, simplification, PIP.
#include <catch2/catch.hpp>

#include <cmath>

#include "geo/geo.hpp"

using namespace crimescope::geo;

TEST_CASE("geo: haversine on a meridian and at the same point", "[geo]") {
    CHECK(haversine_m({45, 10}, {46, 10}) == Approx(2 * kPi * kEarthRadius_m / 360).epsilon(1e-9));
    CHECK(haversine_m({29.7, -95.4}, {29.7, -95.4}) == 0.0);
    // One degree of longitude at 60N is half of one at the equator (sphere).
    CHECK(haversine_m({60, 0}, {60, 0.001}) == Approx(0.5 * haversine_m({0, 0}, {0, 0.001})).epsilon(1e-6));
}

TEST_CASE("geo: UTM known points", "[geo][utm]") {
    // On the central meridian, easting is 500 km and northing is k0 x the meridian arc (45N: 4,984,944.378 m).
    Utm u = latlon_to_utm({45.0, -123.0}, 10);
    CHECK(u.easting_m == Approx(500000.0).margin(1e-6));
    CHECK(u.northing_m == Approx(0.9996 * 4984944.378).margin(0.01));
    // GeographicLib GeoConvert's documented example: 33.3N 44.4E -> 38n 444140.54 3684706.36.
    Utm g = latlon_to_utm({33.3, 44.4}, 38);
    CHECK(g.easting_m == Approx(444140.54).margin(0.01));
    CHECK(g.northing_m == Approx(3684706.36).margin(0.01));
    LatLon back = utm_to_latlon(Utm{444140.54, 3684706.36, 38, true});
    CHECK(back.lat_deg == Approx(33.3).margin(1e-7));
    CHECK(back.lon_deg == Approx(44.4).margin(1e-7));
}

TEST_CASE("geo: UTM round trip over Vancouver's zone 10N at mm level", "[geo][utm]") {
    for (double lat = 49.0; lat <= 49.4; lat += 0.05)
        for (double lon = -123.4; lon <= -122.9; lon += 0.05) {
            Utm u = latlon_to_utm({lat, lon}, 10);
            LatLon p = utm_to_latlon(u);
            CHECK(haversine_m(p, {lat, lon}) < 0.001);
        }
    // A VPD record (10XX ALBERNI ST, West End) lands in downtown Vancouver.
    LatLon p = utm_to_latlon(Utm{491059.4824, 5459122.4178, 10, true});
    CHECK(p.lat_deg == Approx(49.2857).margin(0.001));
    CHECK(p.lon_deg == Approx(-123.1226).margin(0.001));
}

TEST_CASE("geo: Web Mercator round trip and scale", "[geo]") {
    Merc m = to_mercator({41.88, -87.63});
    LatLon p = from_mercator(m);
    CHECK(p.lat_deg == Approx(41.88).margin(1e-9));
    CHECK(p.lon_deg == Approx(-87.63).margin(1e-9));
    CHECK(to_mercator({0, 0}).x == Approx(0.5));
    CHECK(to_mercator({0, 0}).y == Approx(0.5));
    CHECK(mercator_metres_per_unit(60) == Approx(0.5 * mercator_metres_per_unit(0)));
}

TEST_CASE("geo: Douglas-Peucker keeps corners and drops collinear points", "[geo]") {
    std::vector<LatLon> line;
    for (int i = 0; i <= 10; ++i) line.push_back({29.7, -95.4 + i * 0.001});   // straight east
    line.push_back({29.71, -95.39});                                           // corner north
    auto s = simplify(line, 5.0);
    REQUIRE(s.size() == 3);
    CHECK(s[1].lon_deg == Approx(-95.39));
    CHECK(simplify(line, 0).size() == line.size());
}

TEST_CASE("geo: point in polygon with a hole (even-odd)", "[geo]") {
    std::vector<std::vector<LatLon>> rings = {
        {{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}},
        {{4, 4}, {4, 6}, {6, 6}, {6, 4}, {4, 4}},
    };
    CHECK(point_in_rings({1, 1}, rings));
    CHECK_FALSE(point_in_rings({5, 5}, rings));
    CHECK_FALSE(point_in_rings({11, 5}, rings));
}
