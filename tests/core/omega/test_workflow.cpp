#include <catch2/catch.hpp>

#include "omega/workflow.hpp"

using namespace crimescope;

TEST_CASE("the CR-Ω+ time split holds out the last fifth of the days", "[omega][workflow]") {
    // 10 rows on days 9, 8, ..., 0: sorted days[10 * 4 / 5] = days[8] = 8, so rows with day < 8 train.
    std::vector<int32_t> day;
    for (int d = 9; d >= 0; --d) day.push_back(d);
    std::vector<size_t> rows;
    for (size_t i = 0; i < day.size(); ++i) rows.push_back(i);
    const auto s = omega::time_split(day, rows);
    CHECK(s.split_day == 8);
    CHECK(s.after == std::vector<size_t>{0, 1});   // days 9 and 8, in the given order
    CHECK(s.before.size() == 8);
    const auto g = omega::time_split(day, rows, 3);   // a given first test day
    CHECK(g.split_day == 3);
    CHECK(g.before.size() == 3);
    // Ties: every row of the split day is held out.
    const std::vector<int32_t> same{5, 5, 5, 5, 5};
    const std::vector<size_t> five{0, 1, 2, 3, 4};
    CHECK(omega::time_split(same, five).before.empty());
}

TEST_CASE("the time split of no patterns is empty, not an out-of-range read", "[omega][workflow]") {
    const std::vector<int32_t> day;
    const std::vector<size_t> none;
    const auto s = omega::time_split(day, none);
    CHECK(s.split_day == 0);
    CHECK(s.before.empty());
    CHECK(s.after.empty());
    omega::PatternSet ps;
    ps.feature_names = {"time quadrant"};
    ps.classes = {"a", "b"};
    omega::TimeSplit v;
    CHECK(omega::choose_scale_by_time(ps, omega::all_rows(ps), omega::Algorithm::CrOmegaPlus, 1, &v) == 3);   // choose_scale's default
    CHECK(v.after.empty());
}
