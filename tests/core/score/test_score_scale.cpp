// Tests for score::compute_scale (bucketed, the cost of a heat grid) against compute_scale_reference (one
// GeoIndex radius query per incident of the window): equal C_max and place counts on every bundled pack, at
// several radii, windows and spacings, on points exactly at the radius, and on the shared Chicago 2018 file.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "data/ingest.hpp"
#include "data/pack.hpp"
#include "score/radius_score.hpp"
#include "test_paths.hpp"

using namespace crimescope;

namespace {

void require_equal_scales(const data::IncidentTable& t, int32_t as_of, const score::RadiusScoreParams& params,
                          const std::vector<data::BoundaryPolygon>& area, double spacing_m) {
    index::GeoIndex idx(t);
    const score::ScoreScale fast = score::compute_scale(t, idx, as_of, params, area, spacing_m);
    const score::ScoreScale ref = score::compute_scale_reference(t, idx, as_of, params, area, spacing_m);
    INFO("radius " << params.radius_m << " m, window " << params.window_days << " d, spacing " << spacing_m << " m");
    CHECK(fast.count_max == ref.count_max);
    CHECK(fast.place_counts == ref.place_counts);
    CHECK(fast.as_of_day == ref.as_of_day);
    CHECK(fast.place_spacing_m == ref.place_spacing_m);
    CHECK(score::scale_to_json(fast) == score::scale_to_json(ref));
}

}  // namespace

TEST_CASE("score scale: bucketed equals one radius query per incident, every bundled pack", "[score][scale]") {
    for (const char* id : {"chicago", "chicago_assaults", "houston", "los_angeles", "mexico_city", "new_york", "vancouver"}) {
        const std::string path = cs_test::source_dir() + "/assets/packs/" + id + ".cspack";
        if (!cs_test::exists(path)) continue;
        INFO(id);
        auto c = data::load_pack(path);
        REQUIRE(c.ok());
        const auto& t = c->incidents;
        REQUIRE(t.size() > 0);
        const auto& area = c->boundaries.empty() ? std::vector<data::BoundaryPolygon>{} : c->boundaries.front().polygons;
        require_equal_scales(t, t.day.back(), {}, area, 250);   // what `pack` stores
        require_equal_scales(t, t.day.back() - 40, {75, 30}, {}, 400);
    }
}

TEST_CASE("score scale: points exactly at the radius and stacked locations", "[score][scale]") {
    // Points on rings around a few centres at 199.9 .. 200.1 m, many incidents at the same location.
    data::IncidentTable t;
    const double deg = geo::kPi / 180.0;
    for (int c = 0; c < 5; ++c) {
        const double lat0 = 41.8 + 0.003 * c, lon0 = -87.6 + 0.004 * c;
        for (int k = 0; k < 360; k += 7)
            for (double r : {199.9, 199.999, 200.0, 200.001, 200.1}) {
                const double dlat = r * std::cos(k * deg) / geo::kEarthRadius_m / deg;
                const double dlon = r * std::sin(k * deg) / geo::kEarthRadius_m / deg / std::cos(lat0 * deg);
                t.day.push_back(100 + k % 30);
                t.minute_of_day.push_back(-1);
                t.lat_deg.push_back(static_cast<float>(lat0 + dlat));
                t.lon_deg.push_back(static_cast<float>(lon0 + dlon));
            }
        for (int k = 0; k < 40; ++k) {
            t.day.push_back(120);
            t.minute_of_day.push_back(-1);
            t.lat_deg.push_back(static_cast<float>(lat0));
            t.lon_deg.push_back(static_cast<float>(lon0));
        }
    }
    require_equal_scales(t, 130, {}, {}, 50);
    require_equal_scales(t, 125, {200, 10}, {}, 20);
}

TEST_CASE("score scale: the shared Chicago 2018 file", "[score][scale][shared]") {
    const std::string path = cs_test::shared_data("incidents/chicago/all_types/crimes_2018-01_2018-08.csv.gz");
    if (!cs_test::exists(path)) {
        CS_SKIP("../shared/data not present; the Chicago 2018 scale is not checked");
        return;
    }
    auto ps = data::load_profiles_dir(cs_test::source_dir() + "/assets/profiles");
    REQUIRE(ps.ok());
    auto r = data::ingest_file(path, ps.value());
    REQUIRE(r.ok());
    data::sort_by_time(r->table);
    require_equal_scales(r->table, r->table.day.back(), {}, {}, 250);
}
