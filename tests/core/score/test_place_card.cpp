// Tests for score/place_card: the exact test of equal Poisson rates on hand-computed cases and counts in the
// millions, coverage (union of every boundary layer, the incidents' convex hull without boundaries) on the
// Houston pack, the whole card on a small constructed city, caveats and the data's age.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "base/dates.hpp"
#include "data/pack.hpp"
#include "score/place_card.hpp"
#include "test_paths.hpp"

using namespace crimescope;

TEST_CASE("place_card: exact two-sided test of equal Poisson rates, small counts by hand", "[place_card]") {
    // 10 vs 2: n = 12, smaller tail P(X <= 2) = (C(12,0) + C(12,1) + C(12,2)) / 2^12 = (1 + 12 + 66) / 4096
    // = 79/4096; p = 2 x 79/4096 = 158/4096 = 0.03857421875 < 0.05.
    auto a = score::compare_counts(10, 2);
    CHECK(a.current == 10);
    CHECK(a.previous == 2);
    CHECK(a.ratio == 5.0);
    CHECK(a.p_value == Approx(158.0 / 4096).epsilon(1e-12));
    CHECK(a.significant);
    CHECK(a.comparable);
    // The same counts the other way round: the same p (the test is symmetric), ratio 1/5.
    auto a2 = score::compare_counts(2, 10);
    CHECK(a2.p_value == Approx(a.p_value).epsilon(1e-12));
    CHECK(a2.ratio == Approx(0.2));
    // At alpha = 1%: not significant.
    CHECK_FALSE(score::compare_counts(10, 2, 0.01).significant);
    // 5 vs 5: both tails are >= 1/2, p = min(1, 2 x P(X <= 5)) = 1.
    auto b = score::compare_counts(5, 5);
    CHECK(b.p_value == 1.0);
    CHECK(b.ratio == 1.0);
    CHECK_FALSE(b.significant);
    // 0 vs 0: nothing to compare, p = 1, ratio 0.
    auto c = score::compare_counts(0, 0);
    CHECK(c.p_value == 1.0);
    CHECK(c.ratio == 0.0);
    CHECK_FALSE(c.significant);
    // 0 vs 7: n = 7, P(X <= 0) = 1/128, p = 2/128 = 0.015625; ratio 0. 7 vs 0: same p, ratio +infinity.
    auto d = score::compare_counts(0, 7);
    CHECK(d.p_value == Approx(0.015625).epsilon(1e-12));
    CHECK(d.ratio == 0.0);
    CHECK(d.significant);
    auto e = score::compare_counts(7, 0);
    CHECK(e.p_value == Approx(0.015625).epsilon(1e-12));
    CHECK(std::isinf(e.ratio));
    // 1 vs 0: p = 2 x 1/2 = 1. 6 vs 0: p = 2/64 = 0.03125. 3 vs 9: 2 x (1 + 12 + 66 + 220)/4096 = 598/4096.
    CHECK(score::compare_counts(1, 0).p_value == 1.0);
    CHECK(score::compare_counts(6, 0).p_value == Approx(0.03125).epsilon(1e-12));
    CHECK(score::compare_counts(3, 9).p_value == Approx(598.0 / 4096).epsilon(1e-12));
    CHECK_FALSE(score::compare_counts(3, 9).significant);
}

TEST_CASE("place_card: the test stays exact for counts in the hundreds to billions", "[place_card]") {
    // References: 2 x sum_{k <= m} C(n, k) / 2^n with exact integers (n = 1900) or 40-digit arithmetic
    // (mpmath; the larger n), m = the smaller count. The normal approximation agrees roughly: 1000 vs 900 is
    // z = (900.5 - 950) / sqrt(475) = -2.27, p ~ 0.023.
    CHECK(score::compare_counts(1000, 900).p_value == Approx(0.0231088451089011).epsilon(1e-10));
    CHECK(score::compare_counts(1000, 900).significant);
    CHECK(score::compare_counts(1000000, 998000).p_value == Approx(0.157299137796456).epsilon(1e-10));
    CHECK_FALSE(score::compare_counts(1000000, 998000).significant);
    CHECK(score::compare_counts(1000000, 990000).p_value == Approx(1.35948246385424e-12).epsilon(1e-10));
    CHECK(score::compare_counts(3000000, 2990000).p_value == Approx(4.39854986430825e-5).epsilon(1e-10));
    // Both sides of the switch from the exact product (smaller count < 30) to Stirling's series (exact integers).
    CHECK(score::compare_counts(59, 29).p_value == Approx(0.001824028645627199).epsilon(1e-12));
    CHECK(score::compare_counts(62, 31).p_value == Approx(0.0017127644224002387).epsilon(1e-12));
    CHECK(score::compare_counts(30, 61).p_value == Approx(0.0015165131944572216).epsilon(1e-12));
    // Near the top of uint32: n = 8e9 (the log-pmf is formed without cancelling large terms, so this stays
    // accurate to far better than the 1e-4 the CLI prints).
    CHECK(score::compare_counts(4000000000u, 3999900000u).p_value == Approx(0.263554267861834).epsilon(1e-8));
    CHECK(score::compare_counts(4000000000u, 4000000000u).p_value == 1.0);
    // The largest counts there are: a p-value, not an overflow or NaN.
    auto big = score::compare_counts(std::numeric_limits<uint32_t>::max(), 0);
    CHECK(big.p_value == 0.0);   // 2 / 2^(2^32 - 1) underflows to 0, correctly
    CHECK(big.significant);
    auto close = score::compare_counts(std::numeric_limits<uint32_t>::max(), std::numeric_limits<uint32_t>::max() - 1);
    CHECK(close.p_value == Approx(1.0).epsilon(1e-4));
    CHECK_FALSE(close.significant);
}

TEST_CASE("place_card: coverage on the Houston pack, from its boundaries and from the incidents' hull", "[place_card]") {
    auto c = data::load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
    REQUIRE(c.ok());
    REQUIRE_FALSE(c->boundaries.empty());
    const geo::LatLon downtown{29.7604, -95.3698};
    const geo::LatLon far{33.12, -98.71};        // the tap of issue #13, about 490 km north-west of downtown
    const geo::LatLon gulf{29.0, -94.0};         // in the Gulf of Mexico, about 150 km south-east
    score::Coverage cov(c.value());
    CHECK(cov.from_boundaries());
    CHECK(cov.covers(downtown));
    CHECK_FALSE(cov.covers(far));
    CHECK_FALSE(cov.covers(gulf));
    CHECK_FALSE(cov.covers({NAN, -95.37}));
    // Every polygon's label point is covered (the union of the layer), and most incidents are.
    size_t labels = 0;
    for (const auto& poly : c->boundaries.front().polygons) {
        geo::LatLon centre;
        if (geo::polygon_centroid(poly.rings, centre) && geo::point_in_rings(centre, poly.rings)) {
            CHECK(cov.covers(centre));
            ++labels;
        }
    }
    CHECK(labels > 50);
    const auto& t = c->incidents;
    size_t in = 0;
    for (size_t i = 0; i < t.size(); ++i) in += cov.covers({t.lat_deg[i], t.lon_deg[i]});
    CHECK(in > t.size() * 9 / 10);

    // The same incidents without boundaries: the convex hull. It is the hull when its vertices are incidents,
    // it turns left at every vertex (convex, counter-clockwise) and it covers every incident.
    data::CityData nob;
    nob.id = "houston_no_boundaries";
    nob.incidents = c->incidents;
    score::Coverage hull(nob);
    CHECK_FALSE(hull.from_boundaries());
    const auto& h = hull.hull();
    REQUIRE(h.size() >= 3);
    for (size_t i = 0; i < h.size(); ++i) {
        const auto& a = h[i];
        const auto& b = h[(i + 1) % h.size()];
        const auto& d = h[(i + 2) % h.size()];
        CHECK((b.lon_deg - a.lon_deg) * (d.lat_deg - a.lat_deg) - (b.lat_deg - a.lat_deg) * (d.lon_deg - a.lon_deg) > 0);
        bool is_incident = false;
        for (size_t r = 0; r < t.size() && !is_incident; ++r) is_incident = t.lat_deg[r] == a.lat_deg && t.lon_deg[r] == a.lon_deg;
        CHECK(is_incident);
    }
    size_t all = 0;
    for (size_t i = 0; i < t.size(); ++i) all += hull.covers({t.lat_deg[i], t.lon_deg[i]});
    CHECK(all == t.size());
    CHECK(hull.covers(downtown));
    CHECK_FALSE(hull.covers(far));
    CHECK_FALSE(hull.covers(gulf));
}

TEST_CASE("place_card: coverage is the union of all boundary layers, holes excluded", "[place_card]") {
    data::CityData city;
    auto square = [](double lat0, double lon0, double size) {
        return std::vector<geo::LatLon>{{lat0, lon0}, {lat0, lon0 + size}, {lat0 + size, lon0 + size}, {lat0 + size, lon0}};
    };
    data::BoundaryLayer a, b;
    a.polygons.push_back({"with a hole", {square(0, 0, 1), square(0.4, 0.4, 0.2)}});
    b.polygons.push_back({"second layer", {square(0, 2, 1)}});
    city.boundaries = {a, b};
    score::Coverage cov(city);
    CHECK(cov.from_boundaries());
    CHECK(cov.covers({0.1, 0.1}));
    CHECK_FALSE(cov.covers({0.5, 0.5}));     // in the hole
    CHECK(cov.covers({0.5, 2.5}));           // only in the second layer
    CHECK_FALSE(cov.covers({0.5, 1.5}));     // between them, inside the layers' common box
    CHECK_FALSE(cov.covers({5, 5}));
    // A pack with empty layers and no incidents covers nothing (and does not fail).
    data::CityData empty;
    empty.boundaries.resize(1);
    score::Coverage none(empty);
    CHECK_FALSE(none.from_boundaries());
    CHECK_FALSE(none.covers({0, 0}));
}

namespace {

// A small city: incidents at a centre point (current and previous windows), a square of four far corners
// that spans the hull, and the first day far before both windows so the data span them.
struct SmallCity {
    data::CityData city;
    static constexpr int32_t kAsOf = 1000;   // window [636, 1000], the 365 days before it [271, 635]
    SmallCity(uint32_t current, uint32_t previous, int32_t first_day) {
        auto& t = city.incidents;
        data::CategoryColumn type;
        type.role = "type";
        auto add = [&](double lat, double lon, int32_t day, const char* ty) {
            t.day.push_back(day);
            t.minute_of_day.push_back(static_cast<int16_t>(60 * (t.day.size() % 24)));
            t.lat_deg.push_back(static_cast<float>(lat));
            t.lon_deg.push_back(static_cast<float>(lon));
            type.codes.push_back(type.intern(ty));
        };
        for (uint32_t i = 0; i < current; ++i) add(41.8800, -87.6300, kAsOf - static_cast<int32_t>(i % 365), i % 3 ? "theft" : "battery");
        for (uint32_t i = 0; i < previous; ++i) add(41.8801, -87.6301, kAsOf - 365 - static_cast<int32_t>(i % 365), "theft");
        // Corners about 5.5 km away; one of them on the oldest day, one beyond the window (does not count).
        add(41.83, -87.68, first_day, "theft");
        add(41.83, -87.58, 500, "theft");
        add(41.93, -87.58, 700, "theft");
        add(41.93, -87.68, 800, "theft");
        add(41.8800, -87.6300, kAsOf + 5, "theft");   // after as_of: in neither window
        t.categories.push_back(type);
        city.id = "small";
        city.display_name = "Small";
    }
};

score::ScoreScale small_scale() {
    score::ScoreScale s;
    s.as_of_day = SmallCity::kAsOf;
    s.count_max = 10;
    s.place_counts = {0, 0, 0, 1, 2, 5, 10};
    return s;
}

}  // namespace

TEST_CASE("place_card: the whole card on a small city with known counts in both windows", "[place_card]") {
    SmallCity sc(10, 2, 100);
    const auto& city = sc.city;
    index::GeoIndex idx(city.incidents);
    score::Coverage cov(city);
    REQUIRE_FALSE(cov.from_boundaries());
    const auto scale = small_scale();
    auto card = score::place_card(city, idx, cov, scale, {41.8800, -87.6300}, SmallCity::kAsOf);
    REQUIRE(card.covered);
    CHECK(card.as_of_day == SmallCity::kAsOf);
    CHECK(card.newest_day == SmallCity::kAsOf + 5);
    CHECK(card.oldest_day == 100);
    CHECK(card.score.count == 10);
    CHECK(card.score.score01 == 1.0);                 // ln 10 / ln 10
    CHECK(card.score.percentile == Approx(100.0 * 6 / 7));
    REQUIRE(card.score.by_type.size() == 2);
    CHECK(card.score.by_type[0].type == "theft");
    CHECK(card.score.by_type[0].count == 6);
    CHECK(card.score.by_type[1].count == 4);
    CHECK(card.change.comparable);
    CHECK(card.change.current == 10);
    CHECK(card.change.previous == 2);
    CHECK(card.change.ratio == 5.0);
    CHECK(card.change.p_value == Approx(158.0 / 4096).epsilon(1e-12));   // as in the hand-computed case
    CHECK(card.change.significant);
    CHECK(card.caveats.empty());                      // no extras["caveats"]: none, and no failure

    // Inside the hull, 2 km from the centre: zero crimes is an answer (covered, count 0, score 0).
    auto quiet = score::place_card(city, idx, cov, scale, {41.8980, -87.6300}, SmallCity::kAsOf);
    CHECK(quiet.covered);
    CHECK(quiet.score.count == 0);
    CHECK(quiet.score.score01 == 0.0);
    CHECK(quiet.change.previous == 0);
    CHECK(quiet.change.p_value == 1.0);
    // Outside the hull: no score at all.
    auto out = score::place_card(city, idx, cov, scale, {42.2, -87.63}, SmallCity::kAsOf);
    CHECK_FALSE(out.covered);
    CHECK(out.score.count == 0);
    CHECK(out.score.rows.empty());
    CHECK(out.newest_day == SmallCity::kAsOf + 5);

    // The same counts but data that start inside the previous window: nothing to compare with.
    SmallCity late(10, 2, 400);
    index::GeoIndex idx2(late.city.incidents);
    score::Coverage cov2(late.city);
    auto c2 = score::place_card(late.city, idx2, cov2, scale, {41.8800, -87.6300}, SmallCity::kAsOf);
    REQUIRE(c2.covered);
    CHECK(c2.score.count == 10);
    CHECK_FALSE(c2.change.comparable);
    CHECK(c2.change.current == 10);
    CHECK(c2.change.previous == 0);
    CHECK(c2.change.p_value == 1.0);
    CHECK_FALSE(c2.change.significant);
    // An as_of after the newest data: the window is not all in the data either.
    auto c3 = score::place_card(city, idx, cov, scale, {41.8800, -87.6300}, SmallCity::kAsOf + 30);
    CHECK_FALSE(c3.change.comparable);
}

TEST_CASE("place_card: caveats from extras, and the data's age in whole years", "[place_card]") {
    data::CityData city;
    CHECK(score::caveats_of(city).empty());
    city.extras["caveats"] = R"(["A sample of the reports", 3, "", "Offset locations"])";
    auto cv = score::caveats_of(city);
    REQUIRE(cv.size() == 2);   // strings only, empty ones dropped
    CHECK(cv[0] == "A sample of the reports");
    CHECK(cv[1] == "Offset locations");
    city.extras["caveats"] = "not json [";
    CHECK(score::caveats_of(city).empty());
    city.extras["caveats"] = R"({"a": "b"})";
    CHECK(score::caveats_of(city).empty());
    city.extras["caveats_es"] = R"(["Una muestra"])";
    CHECK(score::caveats_of(city, "caveats_es") == std::vector<std::string>{"Una muestra"});

    const int32_t newest = days_from_civil(2010, 7, 31);
    CHECK(score::data_age_years(newest, days_from_civil(2026, 12, 1)) == 16);   // "16 years old"
    CHECK(score::data_age_years(newest, days_from_civil(2026, 7, 30)) == 15);
    CHECK(score::data_age_years(newest, days_from_civil(2026, 7, 31)) == 16);
    CHECK(score::data_age_years(newest, newest) == 0);
    CHECK(score::data_age_years(newest, newest - 10) == 0);                     // a clock behind the data
    CHECK(score::data_age_years(days_from_civil(2020, 2, 29), days_from_civil(2021, 2, 28)) == 0);
    CHECK(score::data_age_years(days_from_civil(2020, 2, 29), days_from_civil(2021, 3, 1)) == 1);
}
