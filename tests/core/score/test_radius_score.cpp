// Tests for score/radius_score: S formula edge cases, rescaling, percentile, breakdowns.
#include <catch2/catch.hpp>

#include <cmath>

#include "base/dates.hpp"
#include "data/pack.hpp"
#include "score/radius_score.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("score: S formula edge cases", "[score]") {
    CHECK(score::score_from_count(0, 50) == 0.0);
    CHECK(score::score_from_count(1, 50) == 0.0);             // ln 1 = 0: the bottom of the scale
    CHECK(score::score_from_count(50, 50) == 1.0);
    CHECK(score::score_from_count(80, 50) == 1.0);            // above the city's maximum: clamped
    CHECK(score::score_from_count(7, 49) == Approx(0.5));     // ln 7 / ln 49
    CHECK(score::score_from_count(3, 1) == 1.0);              // degenerate city scale
    auto w = score::window_of(100, 365);
    CHECK(w.first == -264);
    CHECK(w.last == 100);
}

TEST_CASE("score: a point in downtown Houston, as of the last day", "[score]") {
    auto c = data::load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
    REQUIRE(c.ok());
    const auto& t = c->incidents;
    index::GeoIndex idx(t);
    const int32_t as_of = t.day.back();
    score::ScoreScale scale = score::compute_scale(t, idx, as_of, {}, c->boundaries.front().polygons, 500);
    REQUIRE(scale.count_max > 10);
    REQUIRE(scale.place_counts.size() > 100);
    geo::LatLon downtown{29.7604, -95.3698};
    auto s = score::radius_score(t, idx, downtown, as_of, scale);
    CHECK(s.count == index::brute_count_within(t, downtown, 200, score::window_of(as_of, 365)));
    CHECK(s.count > 0);
    CHECK(s.score01 == Approx(std::log(double(s.count)) / std::log(double(scale.count_max))));
    CHECK(s.percentile > 50);   // downtown has more reported crime nearby than most places
    CHECK(s.count_ci95.low < s.count);
    CHECK(s.count_ci95.high > s.count);
    uint32_t by_type = 0, by_hour = s.unknown_hour;
    for (const auto& x : s.by_type) by_type += x.count;
    for (auto h : s.by_hour) by_hour += h;
    CHECK(by_type == s.count);
    CHECK(by_hour == s.count);
    REQUIRE(s.nearest.size() == std::min<size_t>(10, s.count));
    for (size_t k = 1; k < s.nearest.size(); ++k) CHECK(s.nearest[k - 1].dist_m <= s.nearest[k].dist_m);
    CHECK(s.nearest.back().dist_m <= 200);
    // Far outside the city: nothing, S = 0, percentile 0.
    auto far = score::radius_score(t, idx, {29.0, -94.0}, as_of, scale);
    CHECK(far.count == 0);
    CHECK(far.score01 == 0);
    CHECK(far.percentile == 0);
}

#include "score/heat_grid.hpp"

TEST_CASE("score: heat grid counts equal brute force at every cell centre", "[score][heat]") {
    auto c = data::load_pack(cs_test::source_dir() + "/assets/packs/vancouver.cspack");
    REQUIRE(c.ok());
    const auto& t = c->incidents;
    const index::DayRange w = score::window_of(t.day.back(), 365);
    std::vector<uint32_t> rows;
    for (uint32_t i = 0; i < t.size(); ++i)
        if (w.contains(t.day[i])) rows.push_back(i);
    geo::BBox box = t.bbox();
    for (unsigned threads : {1u, 2u}) {
        auto g = score::heat_grid(t, rows, 200, box, 24, 18, threads);
        REQUIRE(g.counts.size() == 24u * 18u);
        uint32_t mx = 0;
        for (int j = 0; j < g.ny; ++j)
            for (int i = 0; i < g.nx; ++i) {
                uint32_t want = index::brute_count_within(t, g.centre(i, j), 200, w);
                CHECK(g.counts[size_t(j * g.nx + i)] == want);
                mx = std::max(mx, want);
            }
        CHECK(g.max_count == mx);
        CHECK(mx > 0);
    }
}
