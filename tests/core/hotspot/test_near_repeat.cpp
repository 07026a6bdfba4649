// test_near_repeat.cpp: the Knox test of src/core/hotspot/near_repeat.cpp (issue #19, near repeats): hand-counted
// band cells on a constructed set, band edges, the cap keeping the most recent rows, the seeded Monte Carlo
// (identical under a seed, its mean near the Knox expectation, p in its range) and the unbiased bounded draw.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <random>

#include "hotspot/near_repeat.hpp"

using namespace crimescope;
using hotspot::NearRepeatParams;

namespace {
struct Set {
    std::vector<double> x, y;
    std::vector<int32_t> day;
    void add(double x_m, double y_m, int32_t d) {
        x.push_back(x_m);
        y.push_back(y_m);
        day.push_back(d);
    }
};

// A: (0,0) day 0; B: (50,0) day 3; C: (100,0) day 7; D: (0,499.9) day 34; E: (0,0) day 35; F: (3000,0) day 100.
Set six() {
    Set s;
    s.add(0, 0, 0);
    s.add(50, 0, 3);
    s.add(100, 0, 7);
    s.add(0, 499.9, 34);
    s.add(0, 0, 35);
    s.add(3000, 0, 100);
    return s;
}
}  // namespace

TEST_CASE("band edges are half-open, from k w up to but not including (k + 1) w, as the Near Repeat Calculator computes them", "[hotspot][near_repeat]") {
    NearRepeatParams p;   // 5 x 100 m, 5 x 7 days
    CHECK(hotspot::near_repeat_space_band(0, p) == 0);
    CHECK(hotspot::near_repeat_space_band(99.999, p) == 0);
    CHECK(hotspot::near_repeat_space_band(100, p) == 1);
    CHECK(hotspot::near_repeat_space_band(499.999, p) == 4);
    CHECK(hotspot::near_repeat_space_band(500, p) == 5);   // beyond
    CHECK(hotspot::near_repeat_space_band(1e7, p) == 5);
    CHECK(hotspot::near_repeat_time_band(0, p) == 0);
    CHECK(hotspot::near_repeat_time_band(6, p) == 0);
    CHECK(hotspot::near_repeat_time_band(7, p) == 1);
    CHECK(hotspot::near_repeat_time_band(-7, p) == 1);
    CHECK(hotspot::near_repeat_time_band(34, p) == 4);
    CHECK(hotspot::near_repeat_time_band(35, p) == 5);   // beyond
    p.time_band_days = 1;
    p.time_bands = 3;
    CHECK(hotspot::near_repeat_time_band(0, p) == 0);   // same day
    CHECK(hotspot::near_repeat_time_band(2, p) == 2);
    CHECK(hotspot::near_repeat_time_band(3, p) == 3);
}

TEST_CASE("Knox counts on a constructed set match the hand count", "[hotspot][near_repeat]") {
    const Set s = six();
    NearRepeatParams p;
    p.permutations = 19;
    auto r = hotspot::near_repeat_xy(s.x, s.y, s.day, p);
    REQUIRE(r.ok());
    CHECK(r->incidents == 6);
    CHECK(r->pairs_total == 15);
    CHECK(r->rows() == 6);
    CHECK(r->cols() == 6);
    // Hand count (space band, time band): AB (50 m, 3 d) and BC (50 m, 4 d) -> (0,0); AC (100 m, 7 d) -> (1,1);
    // AD (499.9 m, 34 d) -> (4,4); BD (502.4 m, 31 d) -> (5,4); CD (509.8 m, 27 d) -> (5,3); AE (0 m, 35 d) -> (0,5);
    // BE (50 m, 32 d) -> (0,4); CE (100 m, 28 d) -> (1,4); DE (499.9 m, 1 d) -> (4,0); F's five pairs -> (5,5).
    std::array<std::array<uint64_t, 6>, 6> want{};
    want[0][0] = 2;
    want[1][1] = 1;
    want[4][4] = 1;
    want[5][4] = 1;
    want[5][3] = 1;
    want[0][5] = 1;
    want[0][4] = 1;
    want[1][4] = 1;
    want[4][0] = 1;
    want[5][5] = 5;
    for (int a = 0; a < 6; ++a)
        for (int b = 0; b < 6; ++b) {
            INFO("space band " << a << ", time band " << b);
            CHECK(r->at(a, b).observed == want[static_cast<size_t>(a)][static_cast<size_t>(b)]);
        }
    CHECK(r->pairs_in_bands == 7);
    CHECK(r->pairs_near == 8);
    CHECK(r->first_day == 0);
    CHECK(r->last_day == 100);
    // Every permutation's table sums to the 15 pairs, so the expectations do too; every p is in [1/20, 1].
    double expected = 0;
    for (const auto& c : r->cells) {
        expected += c.expected;
        CHECK(c.p >= 1.0 / 20);
        CHECK(c.p <= 1.0);
        CHECK(c.p == Approx((1.0 + c.at_least) / 20));
    }
    CHECK(expected == Approx(15));
    // The beyond-space row per time band plus the near rows is all pairs in that time band, whatever the dates'
    // order: days 0,3,7,34,35,100 have 3 pairs under 7 days apart (0-3, 3-7, 34-35; 0-7 is 7 days, the next band).
    double col0 = 0;
    for (int a = 0; a < 6; ++a) col0 += r->at(a, 0).expected;
    CHECK(col0 == Approx(3));
}

TEST_CASE("the Monte Carlo is identical under a seed and its mean is near the Knox expectation", "[hotspot][near_repeat]") {
    // 600 incidents uniform over 3 km x 3 km and 200 days, no space-time interaction.
    Set s;
    std::mt19937_64 g(7);
    for (int i = 0; i < 600; ++i)
        s.add(static_cast<double>(hotspot::uniform_below(g, 3000)), static_cast<double>(hotspot::uniform_below(g, 3000)),
              static_cast<int32_t>(hotspot::uniform_below(g, 200)));
    NearRepeatParams p;
    p.permutations = 199;
    p.seed = 42;
    auto a = hotspot::near_repeat_xy(s.x, s.y, s.day, p);
    auto b = hotspot::near_repeat_xy(s.x, s.y, s.day, p);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    for (size_t c = 0; c < a->cells.size(); ++c) {
        CHECK(a->cells[c].expected == b->cells[c].expected);
        CHECK(a->cells[c].at_least == b->cells[c].at_least);
    }
    p.seed = 43;
    auto other = hotspot::near_repeat_xy(s.x, s.y, s.day, p);
    REQUIRE(other.ok());
    CHECK(other->at(0, 0).expected != a->at(0, 0).expected);
    CHECK(other->at(0, 0).observed == a->at(0, 0).observed);
    // Knox's expectation under permuted dates: (pairs in space band s) x (pairs in time band t) / all pairs.
    const auto& r = a.value();
    const double total = static_cast<double>(r.pairs_total);
    for (int sb = 0; sb < r.rows(); ++sb) {
        double in_space = 0;
        for (int tb = 0; tb < r.cols(); ++tb) in_space += static_cast<double>(r.at(sb, tb).observed);
        for (int tb = 0; tb < r.cols(); ++tb) {
            double in_time = 0;
            for (int s2 = 0; s2 < r.rows(); ++s2) in_time += static_cast<double>(r.at(s2, tb).observed);
            const double knox = in_space * in_time / total;
            // The mean of 199 counts: its standard error is about sqrt(knox / 199); allow 5 of them plus 0.05.
            INFO("cell " << sb << "," << tb << " knox " << knox);
            CHECK(std::abs(r.at(sb, tb).expected - knox) <= 5 * std::sqrt(knox / 199) + 0.05);
        }
    }
}

TEST_CASE("a strong near repeat pattern gets the smallest p the permutations allow", "[hotspot][near_repeat]") {
    // 30 couples: each couple on one spot within 2 days; couples 1 km and 10 days apart.
    Set s;
    for (int i = 0; i < 30; ++i) {
        const double x = 1000.0 * (i % 6), y = 1000.0 * (i / 6);
        s.add(x, y, 10 * i);
        s.add(x + 20, y, 10 * i + 2);
    }
    NearRepeatParams p;   // 99 permutations
    auto r = hotspot::near_repeat_xy(s.x, s.y, s.day, p);
    REQUIRE(r.ok());
    CHECK(r->at(0, 0).observed == 30);
    CHECK(r->at(0, 0).p == Approx(0.01));
    CHECK(r->at(0, 0).ratio > 5);
}

TEST_CASE("the cap keeps the most recent rows and says how many it left out", "[hotspot][near_repeat]") {
    data::IncidentTable t;
    // rows: 0 day 10, 1 day 30 (no time), 2 day 20, 3 day 30 05:00, 4 day 30 10:00, 5 day 30 no position
    const int32_t days[] = {10, 30, 20, 30, 30, 30};
    const int16_t minutes[] = {-1, -1, -1, 300, 600, 700};
    for (int i = 0; i < 6; ++i) {
        t.day.push_back(days[i]);
        t.minute_of_day.push_back(minutes[i]);
        t.lat_deg.push_back(i == 5 ? NAN : 41.8f + 0.0005f * static_cast<float>(i));
        t.lon_deg.push_back(-87.6f);
    }
    const std::vector<size_t> all{0, 1, 2, 3, 4};
    CHECK(hotspot::most_recent_rows(t, all, 3) == std::vector<size_t>{1, 3, 4});
    CHECK(hotspot::most_recent_rows(t, all, 4) == std::vector<size_t>{1, 2, 3, 4});
    CHECK(hotspot::most_recent_rows(t, all, 9) == all);
    NearRepeatParams p;
    p.max_incidents = 3;
    p.permutations = 9;
    const std::vector<size_t> six{0, 1, 2, 3, 4, 5};
    auto r = hotspot::near_repeat(t, six, p);
    REQUIRE(r.ok());
    CHECK(r->capped);
    CHECK(r->left_out_by_cap == 2);
    CHECK(r->without_position == 1);
    CHECK(r->incidents == 3);
    CHECK(r->first_day == 30);
    CHECK(r->pairs_total == 3);
    p.max_incidents = 10;
    auto all5 = hotspot::near_repeat(t, six, p);
    REQUIRE(all5.ok());
    CHECK_FALSE(all5->capped);
    CHECK(all5->left_out_by_cap == 0);
    CHECK(all5->incidents == 5);
}

TEST_CASE("bad near repeat parameters are errors naming the parameter", "[hotspot][near_repeat]") {
    const Set s = six();
    NearRepeatParams p;
    p.permutations = 1000;
    auto r = hotspot::near_repeat_xy(s.x, s.y, s.day, p);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "permutations");
    p = {};
    p.space_band_m = 0;
    CHECK(hotspot::near_repeat_xy(s.x, s.y, s.day, p).error().field == "space_band_m");
    p = {};
    p.time_bands = 0;
    CHECK(hotspot::near_repeat_xy(s.x, s.y, s.day, p).error().field == "time_bands");
    p = {};
    p.max_incidents = 50001;
    CHECK(hotspot::near_repeat_xy(s.x, s.y, s.day, p).error().field == "max_incidents");
    p = {};
    const std::vector<double> one{0};
    const std::vector<int32_t> one_day{0};
    CHECK_FALSE(hotspot::near_repeat_xy(one, one, one_day, p).ok());
}

TEST_CASE("uniform_below is the rejection draw on mt19937_64's outputs", "[hotspot][near_repeat]") {
    std::mt19937_64 a(1), b(1);
    const uint64_t n = 3;
    const uint64_t threshold = (0 - n) % n;   // 2^64 mod 3 = 1
    CHECK(threshold == 1);
    std::array<int, 3> seen{};
    for (int i = 0; i < 3000; ++i) {
        uint64_t r;
        do r = b(); while (r < threshold);
        const uint64_t got = hotspot::uniform_below(a, n);
        REQUIRE(got == r % n);
        ++seen[got];
    }
    for (int c : seen) CHECK(std::abs(c - 1000) < 120);
    // n = 2^63 + 1: half the outputs are rejected, none reaches n.
    std::mt19937_64 c(5);
    const uint64_t big = (uint64_t{1} << 63) + 1;
    for (int i = 0; i < 100; ++i) CHECK(hotspot::uniform_below(c, big) < big);
    CHECK(hotspot::uniform_below(c, 1) == 0);
}
