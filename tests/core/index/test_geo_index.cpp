// Tests for index/geo_index: chord radii vs haversine at several latitudes; exact counts and k nearest
// against brute force with time windows (distances compared, not rows: ties).
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "base/dates.hpp"
#include "data/pack.hpp"
#include "index/geo_index.hpp"
#include "test_paths.hpp"

using namespace crimescope;
using index::DayRange;

TEST_CASE("geo index: chord radius equals haversine distance at several latitudes", "[geoindex]") {
    for (double lat : {0.0, 19.4, 29.7, 41.9, 49.3, 60.0, 75.0}) {
        for (double r : {50.0, 200.0, 1000.0, 20000.0}) {
            double c = index::GeoIndex::chord_for_metres(r);
            CHECK(index::GeoIndex::metres_for_chord(c) == Approx(r).epsilon(1e-12));
            // A point due east at exactly r metres (haversine) is at chord c on the unit sphere.
            double dlon = 2 * std::asin(std::sin(r / (2 * geo::kEarthRadius_m)) / std::cos(lat * geo::kPi / 180)) * 180 / geo::kPi;
            CHECK(geo::haversine_m({lat, 10}, {lat, 10 + dlon}) == Approx(r).epsilon(1e-9));
        }
    }
}

TEST_CASE("geo index: counts and nearest agree exactly with brute force on the Houston pack", "[geoindex]") {
    auto c = data::load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
    REQUIRE(c.ok());
    const auto& t = c->incidents;
    index::GeoIndex idx(t);
    std::mt19937 rng(11);
    std::uniform_int_distribution<size_t> pick(0, t.size() - 1);
    std::uniform_real_distribution<double> jit(-0.003, 0.003);
    const int32_t d0 = t.day.front(), d1 = t.day.back();
    const DayRange windows[] = {DayRange{}, DayRange{d0 + 40, d0 + 100}, DayRange{d1 - 29, d1}, DayRange{d1 - 364, d1}};
    for (int q = 0; q < 150; ++q) {
        size_t r = pick(rng);
        geo::LatLon p{t.lat_deg[r] + jit(rng), t.lon_deg[r] + jit(rng)};
        const DayRange w = windows[q % 4];
        for (double radius : {100.0, 200.0, 750.0})
            CHECK(idx.count_within(p, radius, w) == index::brute_count_within(t, p, radius, w));
        auto got = idx.nearest(p, 10, w);
        auto want = index::brute_nearest(t, p, 10, w);
        REQUIRE(got.size() == want.size());
        for (size_t k = 0; k < got.size(); ++k) CHECK(got[k].dist_m == Approx(want[k].dist_m).margin(1e-9));
    }
    // A point on the boundary: an incident at exactly the radius counts (distance <= radius).
    geo::LatLon a{t.lat_deg[0], t.lon_deg[0]};
    double d = 0;
    for (size_t i = 1; i < t.size() && d == 0; ++i) d = geo::haversine_m(a, {t.lat_deg[i], t.lon_deg[i]});
    CHECK(idx.count_within(a, d, DayRange{}) == index::brute_count_within(t, a, d, DayRange{}));
    // Empty windows and an empty table.
    CHECK(idx.count_within(a, 200, DayRange{d1 + 1, d1 + 10}) == 0);
    CHECK(idx.nearest(a, 10, DayRange{d1 + 1, d1 + 10}).empty());
    data::IncidentTable empty;
    index::GeoIndex e(empty);
    CHECK(e.count_within(a, 1000, DayRange{}) == 0);
    CHECK(e.nearest(a, 3, DayRange{}).empty());
}
