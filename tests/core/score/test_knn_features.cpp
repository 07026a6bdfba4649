// Tests for score/knn_features: feature ordering and padding, the dataset's query rule, augmentation counts.
#include <catch2/catch.hpp>

#include "base/dates.hpp"
#include "data/pack.hpp"
#include "score/knn_features.hpp"
#include "test_paths.hpp"

using namespace crimescope;

namespace {
const data::CityData& houston() {
    static data::CityData c = [] {
        auto r = data::load_pack(cs_test::source_dir() + "/assets/packs/houston.cspack");
        REQUIRE(r.ok());
        return std::move(r.value());
    }();
    return c;
}
}  // namespace

TEST_CASE("knn features: nearest first, days/30 above 0 and at most 1, padding beyond the data", "[score][features]") {
    const auto& t = houston().incidents;
    index::GeoIndex idx(t);
    const int32_t as_of = t.day.back();
    auto f = score::knn_features(t, idx, {29.7604, -95.3698}, as_of);
    auto nn = index::brute_nearest(t, {29.7604, -95.3698}, 10, {as_of - 29, as_of});
    REQUIRE(nn.size() == 10);
    for (int k = 0; k < 10; ++k) {
        CHECK(f[size_t(2 * k)] == Approx(nn[size_t(k)].dist_m / 1000).margin(1e-6));
        CHECK(f[size_t(2 * k + 1)] == Approx((as_of + 1 - t.day[nn[size_t(k)].row]) / 30.0).margin(1e-6));
        CHECK(f[size_t(2 * k + 1)] > 0);
        CHECK(f[size_t(2 * k + 1)] <= 1);
        if (k) CHECK(f[size_t(2 * k)] >= f[size_t(2 * k - 2)]);
    }
    // Before the data starts: nothing in the window, every neighbour is padding.
    auto pad = score::knn_features(t, idx, {29.7604, -95.3698}, t.day.front() - 1);
    for (int k = 0; k < 10; ++k) {
        CHECK(pad[size_t(2 * k)] == float(score::kPadDistance_km));
        CHECK(pad[size_t(2 * k + 1)] == 1.0f);
    }
}

TEST_CASE("knn features: dataset rows use only earlier days, augmentation counts and jitter", "[score][features]") {
    const auto& t = houston().incidents;
    index::GeoIndex idx(t);
    score::DatasetParams p;
    p.first_day = days_from_civil(2010, 7, 30);
    p.last_day = days_from_civil(2010, 7, 31);
    auto base = score::make_dataset(t, idx, p, 530);
    REQUIRE(base.size() > 100);
    for (const auto& r : base) {
        // S counts strictly earlier days (the incident itself is not counted on its own day).
        CHECK(r.count == index::brute_count_within(t, r.at, 200, {r.query_day - 365, r.query_day - 1}));
        CHECK(r.copy == 0);
    }
    p.augment = true;
    auto aug = score::make_dataset(t, idx, p, 530);
    size_t want = base.size();
    for (const auto& r : base) want += r.score01 < 0.3 ? 20 : r.score01 > 0.8 ? 3 : 0;
    CHECK(aug.size() == want);
    size_t k = base.size();
    for (const auto& r : base) {
        int copies = r.score01 < 0.3 ? 20 : r.score01 > 0.8 ? 3 : 0;
        for (int c = 1; c <= copies; ++c, ++k) {
            const auto& a = aug[k];
            CHECK(a.copy == c);
            CHECK(geo::haversine_m(a.at, r.at) <= 50.0 + 1e-6);
            CHECK(std::abs(a.query_day - r.query_day) <= 1);
            CHECK(a.count == index::brute_count_within(t, a.at, 200, {a.query_day - 365, a.query_day - 1}));   // rescored
        }
    }
}
