// test_emerging.cpp: emerging hot spot categories (src/core/hotspot/emerging.cpp, issue #19) on constructed series
// of per-month states, each case written from the reading of ArcGIS Pro's definitions in the methods notes, and
// the whole pipeline on a constructed cube.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/dates.hpp"
#include "hotspot/emerging.hpp"
#include "core/hotspot/fixtures.hpp"

using namespace crimescope;
using hotspot::EmergingCategory;

namespace {
struct Case {
    const char* what;
    std::vector<int8_t> state;   // oldest first: +1 significant hot, -1 significant cold, 0 neither
    double trend_z = 0, trend_p = 1;
    EmergingCategory expect;
};
}  // namespace

TEST_CASE("emerging categories on constructed series", "[hotspot][emerging]") {
    // 10 time steps: "90% of the time steps" = at least 9.
    const std::vector<Case> cases = {
        {.what = "hot only at the final step", .state = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, .expect = EmergingCategory::NewHot},
        {.what = "one final run of 3, never hot before", .state = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1}, .expect = EmergingCategory::ConsecutiveHot},
        {.what = "9 of 10 hot incl. final, rising", .state = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1}, .trend_z = 3, .trend_p = 0.003,
         .expect = EmergingCategory::IntensifyingHot},
        {.what = "9 of 10 hot, no trend", .state = {1, 1, 1, 1, 0, 1, 1, 1, 1, 1}, .trend_z = 0.5, .trend_p = 0.6,
         .expect = EmergingCategory::PersistentHot},
        {.what = "9 of 10 hot incl. final, falling", .state = {1, 1, 1, 1, 1, 1, 1, 0, 1, 1}, .trend_z = -2.5, .trend_p = 0.01,
         .expect = EmergingCategory::DiminishingHot},
        {.what = "on and off, final hot, never cold", .state = {0, 1, 0, 0, 1, 0, 0, 0, 1, 1}, .expect = EmergingCategory::SporadicHot},
        {.what = "final hot, cold earlier", .state = {-1, 0, 1, 0, 0, 0, 0, 0, 1, 1}, .expect = EmergingCategory::OscillatingHot},
        {.what = "9 of 10 hot, final not hot", .state = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, .trend_z = -3, .trend_p = 0.001,
         .expect = EmergingCategory::HistoricalHot},
        {.what = "cold only at the final step", .state = {0, 0, 0, 0, 0, 0, 0, 0, 0, -1}, .expect = EmergingCategory::NewCold},
        {.what = "final cold run of 2", .state = {0, 0, 0, 0, 0, 0, 0, 0, -1, -1}, .expect = EmergingCategory::ConsecutiveCold},
        {.what = "all cold, falling z (colder)", .state = std::vector<int8_t>(10, -1), .trend_z = -2.2, .trend_p = 0.03,
         .expect = EmergingCategory::IntensifyingCold},
        {.what = "all cold, no trend", .state = std::vector<int8_t>(10, -1), .trend_z = -1, .trend_p = 0.3,
         .expect = EmergingCategory::PersistentCold},
        {.what = "all cold, rising z (less cold)", .state = std::vector<int8_t>(10, -1), .trend_z = 2.2, .trend_p = 0.03,
         .expect = EmergingCategory::DiminishingCold},
        {.what = "cold on and off, never hot", .state = {-1, 0, 0, -1, 0, 0, 0, 0, -1, -1}, .expect = EmergingCategory::SporadicCold},
        {.what = "final cold, hot earlier", .state = {0, 1, 0, -1, 0, 0, 0, 0, 0, -1}, .expect = EmergingCategory::OscillatingCold},
        {.what = "9 of 10 cold, final not cold", .state = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 0}, .expect = EmergingCategory::HistoricalCold},
        {.what = "two hot months long ago", .state = {0, 1, 1, 0, 0, 0, 0, 0, 0, 0}, .expect = EmergingCategory::NoPattern},
        {.what = "never significant, strong trend", .state = std::vector<int8_t>(10, 0), .trend_z = 4, .trend_p = 1e-4,
         .expect = EmergingCategory::NoPattern},
        // Readings that pin the order of the rules (methods notes):
        {.what = "8 of 10 hot (< 90%) with a final run: not persistent", .state = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1},
         .expect = EmergingCategory::ConsecutiveHot},
        {.what = "new hot beats oscillating: cold before, hot only at the end", .state = {-1, 0, 0, 0, 0, 0, 0, 0, 0, 1},
         .expect = EmergingCategory::NewHot},
        {.what = "the final step decides: 9 cold then hot is a new hot spot, not historical cold",
         .state = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1}, .expect = EmergingCategory::NewHot},
        {.what = "a significant trend at p = alpha does not count", .state = std::vector<int8_t>(10, 1), .trend_z = 1.96,
         .trend_p = 0.05, .expect = EmergingCategory::PersistentHot},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        const auto got = hotspot::classify_emerging(c.state, c.trend_z, c.trend_p, 0.05);
        CHECK(std::string(hotspot::emerging_category_name(got)) == hotspot::emerging_category_name(c.expect));
    }
    // 12 steps: 90% means 11 (10.8 rounded up); 10 of 12 hot, with a hot step before the final run, is sporadic.
    const std::vector<int8_t> ten_of_12{0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    CHECK(hotspot::classify_emerging(ten_of_12, 0, 1) == EmergingCategory::SporadicHot);
    const std::vector<int8_t> eleven_of_12{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    CHECK(hotspot::classify_emerging(eleven_of_12, 0, 1) == EmergingCategory::PersistentHot);
}

namespace {
// A 12 x 12 grid of 100 m cells near the equator; 12 months of 2018.
hotspot::Grid grid12() { return test::equator_grid(12); }
void add(data::IncidentTable& t, const hotspot::Grid& g, int i, int j, int month0, int n) {
    const auto c = g.cell_centre(static_cast<int64_t>(j) * g.nx + i);
    const int32_t day = days_from_civil(2018, month0 + 1, 10);
    for (int k = 0; k < n; ++k) test::add_incident(t, c.lat_deg, c.lon_deg, day);
}
}  // namespace

TEST_CASE("emerging hot spots on a constructed cube", "[hotspot][emerging]") {
    const auto g = grid12();
    data::IncidentTable t;
    // Background: one incident per cell per month (so the study area is the whole grid and S > 0 only from the
    // clusters). A 3 x 3 block at (2..4, 2..4) with 10 more per cell every month: the block's centre (3, 3) is a
    // significant hot spot each month; its z series is constant after month 0 (month 0 has no previous month in its
    // neighbourhood), so Mann-Kendall finds no significant trend -> persistent hot spot.
    // A 3 x 3 block at (8..10, 8..10) with 10 more per cell in the final month only -> new hot spot at (9, 9).
    for (int m = 0; m < 12; ++m)
        for (int j = 0; j < 12; ++j)
            for (int i = 0; i < 12; ++i) add(t, g, i, j, m, 1);
    for (int m = 0; m < 12; ++m)
        for (int j = 2; j <= 4; ++j)
            for (int i = 2; i <= 4; ++i) add(t, g, i, j, m, 10);
    for (int j = 8; j <= 10; ++j)
        for (int i = 8; i <= 10; ++i) add(t, g, i, j, 11, 10);
    std::vector<size_t> rows(t.size());
    for (size_t k = 0; k < rows.size(); ++k) rows[k] = k;
    auto r = hotspot::emerging(g, t, rows);
    REQUIRE(r.ok());
    CHECK(r->months == 12);
    CHECK(r->first_month == month_index(2018, 1));
    const auto& l = r->layer;
    CHECK(l.layer == "emerging");
    REQUIRE(l.cells.size() == 144);
    CHECK(l.classes.size() == static_cast<size_t>(hotspot::kEmergingCategories));
    CHECK(l.classes[l.klass[3 * 12 + 3]].name == "persistent hot spot");
    CHECK(l.classes[l.klass[9 * 12 + 9]].name == "new hot spot");
    CHECK(l.classes[l.klass[0]].name == "no pattern detected");   // far corner: background only
    size_t total = 0, patterned = 0;
    for (size_t c = 0; c < r->category_counts.size(); ++c) {
        total += r->category_counts[c];
        if (c != 0) patterned += r->category_counts[c];
    }
    CHECK(total == 144);
    CHECK(patterned == l.significant);

    std::vector<size_t> one_month;
    for (size_t k = 0; k < t.size(); ++k)
        if (t.day[k] == days_from_civil(2018, 12, 10)) one_month.push_back(k);
    CHECK(hotspot::emerging(g, t, one_month).error().field == "months");
    hotspot::EmergingParams bad;
    bad.time_step_months = -1;
    CHECK_FALSE(hotspot::emerging(g, t, rows, bad).ok());
}
